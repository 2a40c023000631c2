import type { ApiToken, PrismaClient } from '../generated/prisma/client.ts';
import type { TokenRole } from '../generated/prisma/enums.ts';
import { hashToken } from './secrets.ts';
import { wrongTokensOf } from './wrong-tokens.ts';

/**
 * Makes `secret` a token of `role` (idempotent): how a gateway adopts a token given in its
 * configuration. A revocation stands: a restart with the same secret does not lift it (the answer's
 * revokedAt says so, for the gateway to tell its operator).
 */
export async function adoptToken(prisma: PrismaClient, name: string, role: TokenRole, secret: string): Promise<ApiToken> {
  const hash = hashToken(secret);
  const token = await prisma.apiToken.upsert({ where: { hash }, create: { name, role, hash }, update: { role } });
  wrongTokensOf(prisma).forget(hash);
  return token;
}

/** The live token with this secret and one of `roles`, or null. A secret that matches no live token is remembered as wrong for a while (wrong-tokens.ts). */
export async function verifyToken(prisma: PrismaClient, secret: string | undefined, roles: TokenRole[]): Promise<ApiToken | null> {
  if (!secret) return null;
  const hash = hashToken(secret);
  const wrong = wrongTokensOf(prisma);
  if (wrong.has(hash)) return null;
  const token = await prisma.apiToken.findUnique({ where: { hash } });
  if (!token || token.revokedAt) {
    wrong.remember(hash);
    return null;
  }
  return roles.includes(token.role) ? token : null;
}

/** Whether the token with this id is still live: for a socket that identified itself once, at each later operation. */
export async function tokenIsLive(prisma: PrismaClient, id: string): Promise<boolean> {
  const token = await prisma.apiToken.findUnique({ where: { id }, select: { revokedAt: true } });
  return token !== null && token.revokedAt === null;
}
