import { createHash, randomBytes } from 'node:crypto';

/** Tokens are 32 random bytes, so a plain sha256 is enough to store them safely (as GitHub does). */
export const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A new secret, with a prefix that tells a person what kind of token it is. */
export const newSecret = (kind: 'agent' | 'api' | 'agentid') => `corral_${kind}_${randomBytes(32).toString('base64url')}`;

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
