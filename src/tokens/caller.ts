import type { PrismaClient } from '../generated/prisma/client.ts';
import type { ApiRole } from './api-tokens.ts';
import { tokenIsLive, verifyToken } from './store.ts';

/** Who sends a request: a role, from its token (or ADMIN when the gateway runs without tokens). */
export interface Caller {
  role: ApiRole;
  tokenId: string | null;
}

/** The request was refused before any work: no token, or one that is wrong, revoked, or an agent's. */
export class Unauthenticated extends Error {
  override name = 'Unauthenticated';
}

const apiRoles: ApiRole[] = ['ADMIN', 'OPERATOR', 'VIEWER'];

/**
 * Identifies the caller of the API from its bearer token. A token that is
 * given must be valid even where tokens are not required, so a mistake shows.
 */
export async function identifyCaller(prisma: PrismaClient, secret: string | undefined, tokensRequired: boolean): Promise<Caller> {
  if (!secret) {
    if (tokensRequired) throw new Unauthenticated('this gateway requires an API token: send Authorization: Bearer <token> (corral token create, or --token)');
    return { role: 'ADMIN', tokenId: null };
  }
  const token = await verifyToken(prisma, secret, [...apiRoles, 'AGENT']);
  if (!token) throw new Unauthenticated('the API token is wrong or revoked');
  if (token.role === 'AGENT') throw new Unauthenticated('an agent token cannot be used for the API: create an API token with corral token create');
  return { role: token.role, tokenId: token.id };
}

/** Message of a refusal because the caller's token was revoked after it identified itself (an open socket's). */
export const REVOKED = 'the token was revoked';

/** `caller` again, if its token is still live: a socket identifies itself once, and each of its operations is checked again as an HTTP request is. */
export async function confirmCaller(prisma: PrismaClient, caller: Caller): Promise<Caller> {
  if (caller.tokenId && !(await tokenIsLive(prisma, caller.tokenId))) throw new Unauthenticated(REVOKED);
  return caller;
}

/** The roles in order of what they may do: each may do what the ones before it may. */
export const roleRank: Record<ApiRole, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };
