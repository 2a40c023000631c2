import type { ApiToken, PrismaClient } from '../generated/prisma/client.ts';
import type { TokenRole } from '../generated/prisma/enums.ts';
import { hashToken } from './secrets.ts';

/** Makes `secret` a valid token of `role` (idempotent): how a gateway adopts a token given in its configuration. */
export async function adoptToken(prisma: PrismaClient, name: string, role: TokenRole, secret: string): Promise<void> {
  const hash = hashToken(secret);
  await prisma.apiToken.upsert({ where: { hash }, create: { name, role, hash }, update: { revokedAt: null, role } });
}

/** The live token with this secret and one of `roles`, or null. */
export async function verifyToken(prisma: PrismaClient, secret: string | undefined, roles: TokenRole[]): Promise<ApiToken | null> {
  if (!secret) return null;
  const token = await prisma.apiToken.findUnique({ where: { hash: hashToken(secret) } });
  if (!token || token.revokedAt || !roles.includes(token.role)) return null;
  return token;
}
