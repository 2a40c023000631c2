import { isUuid } from '../db/index.ts';
import type { ApiToken, PrismaClient } from '../generated/prisma/client.ts';
import type { TokenRole } from '../generated/prisma/enums.ts';
import { recordChange } from '../events/index.ts';
import { hashToken, newSecret } from './secrets.ts';

export type ApiRole = Exclude<TokenRole, 'AGENT'>;

/** The secret is returned here once; only its hash is stored. */
export interface NewToken {
  token: ApiToken;
  secret: string;
}

export class TokenNotFound extends Error {
  override name = 'TokenNotFound';
  constructor(readonly tokenId: string) {
    super(`token ${tokenId} does not exist`);
  }
}

export function createToken(prisma: PrismaClient, name: string, role: TokenRole): Promise<NewToken> {
  const secret = newSecret(role === 'AGENT' ? 'agent' : 'api');
  return recordChange(prisma, async (tx, emit) => {
    const token = await tx.apiToken.create({ data: { name, role, hash: hashToken(secret) } });
    // The event names the token, never its secret.
    emit({ type: 'token.created', subject: token.id, payload: { tokenId: token.id, name, role } });
    return { token, secret };
  });
}

export function revokeToken(prisma: PrismaClient, id: string): Promise<ApiToken> {
  return recordChange(prisma, async (tx, emit) => {
    const found = isUuid(id) ? await tx.apiToken.findUnique({ where: { id } }) : null;
    if (!found) throw new TokenNotFound(id);
    if (found.revokedAt) return found;
    const token = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    emit({ type: 'token.revoked', subject: id, payload: { tokenId: id, name: token.name, role: token.role } });
    return token;
  });
}
