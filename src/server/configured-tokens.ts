import type { Logger } from 'pino';
import type { Database } from '../db/index.ts';
import { adoptToken } from '../tokens/index.ts';

interface Configured {
  agentToken?: string;
  adminToken?: string;
}

/**
 * Adopts the tokens given in the gateway's configuration. One that was revoked stays revoked (a
 * restart must not undo a revocation): the answer says so, with what to do, for the operator.
 */
export async function adoptConfiguredTokens(db: Database, configured: Configured, logger: Logger): Promise<string[]> {
  const notices: string[] = [];
  const adopt = async (secret: string | undefined, role: 'AGENT' | 'ADMIN') => {
    if (!secret) return;
    const kind = role === 'AGENT' ? 'agent' : 'admin';
    const token = await adoptToken(db.prisma, `${role === 'AGENT' ? 'agents' : 'admin'} (from the gateway configuration)`, role, secret);
    if (!token.revokedAt) return;
    const flag = role === 'AGENT' ? '--agent-token (CORRAL_AGENT_TOKEN)' : '--admin-token (CORRAL_ADMIN_TOKEN)';
    const uses = role === 'AGENT' ? 'agents cannot join with it' : 'the API refuses it';
    notices.push(
      `The ${kind} token given with ${flag} was revoked on ${token.revokedAt.toISOString()}: ${uses}. ` +
        `Make a new one (corral token create --role ${kind}) and give that to the gateway instead.`,
    );
    logger.warn(
      { tokenId: token.id, role, revokedAt: token.revokedAt },
      `the ${kind} token of the gateway configuration is revoked: make a new one and configure it`,
    );
  };
  await adopt(configured.agentToken, 'AGENT');
  await adopt(configured.adminToken, 'ADMIN');
  return notices;
}
