// Tokens for agents and API clients: stored as hashes only; a secret is shown once.
export { adoptToken, verifyToken } from './store.ts';
export { bearerToken, hashToken, newSecret } from './secrets.ts';
