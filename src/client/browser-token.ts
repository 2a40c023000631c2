// The API token of a browser, for the gateway's own pages (the dashboard and
// the playground): both are the gateway's origin and keep it under one key, so
// a token given to one, or carried by the link corral dev prints, serves the other.
const tokenKey = 'corral.token';

export function savedToken(): string | undefined {
  return localStorage.getItem(tokenKey) ?? undefined;
}

export function saveToken(token: string | undefined): void {
  if (token) localStorage.setItem(tokenKey, token);
  else localStorage.removeItem(tokenKey);
}

/**
 * A link whose fragment holds the token (`/#token=...`, `/graphql#token=...`,
 * as corral dev prints the dashboard's): a fragment never reaches a server or
 * its logs. The token is kept, and taken out of the address bar and the history.
 */
export function adoptTokenFromLink(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  saveToken(decodeURIComponent(match[1]));
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
