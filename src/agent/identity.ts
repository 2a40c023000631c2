import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who this agent is to the gateway: the id it was given and the secret that proves it (issued once,
 * at registration; the gateway keeps only its hash). Kept in the work dir, readable by the agent's
 * user alone, so a restarted agent is the same agent and no other machine can speak for it.
 */
export interface AgentIdentity {
  agentId?: string;
  agentSecret?: string;
}

export function readAgentIdentity(workDir: string): AgentIdentity {
  try {
    const stored = JSON.parse(readFileSync(join(workDir, 'agent.json'), 'utf8')) as AgentIdentity;
    return { agentId: stored.agentId, agentSecret: stored.agentSecret };
  } catch {
    return {};
  }
}

export function writeAgentIdentity(workDir: string, identity: Required<Pick<AgentIdentity, 'agentId'>> & AgentIdentity): void {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'agent.json');
  writeFileSync(file, `${JSON.stringify({ agentId: identity.agentId, agentSecret: identity.agentSecret })}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an agent.json written before secrets existed was world-readable
}
