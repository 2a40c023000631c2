import { bearerToken } from '../tokens/index.ts';

/**
 * The API token of a request: `Authorization: Bearer <token>`, or HTTP Basic
 * with the token as password, as Marathon's clients send credentials (the
 * user name is not looked at).
 */
export function tokenOf(header: string | undefined): string | undefined {
  const bearer = bearerToken(header);
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return password || undefined;
}
