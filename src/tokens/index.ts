// Tokens for agents and API clients: stored as hashes only; a secret is shown once.
export { adoptToken, verifyToken } from './store.ts';
export { RememberedTokens, REMEMBERED_FOR_MS } from './remembered-tokens.ts';
export { WRONG_REMEMBERED_FOR_MS } from './wrong-tokens.ts';
export { Revocations } from './revocations.ts';
export { bearerToken, hashToken, newSecret } from './secrets.ts';
export { createToken, revokeToken, TokenNotFound, type ApiRole, type NewToken } from './api-tokens.ts';
export { confirmCaller, identifyCaller, REVOKED, roleRank, Unauthenticated, type Caller } from './caller.ts';
