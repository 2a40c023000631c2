import { createClient, type Client } from 'graphql-ws/client';
import { savedToken } from '../../client/browser-token.ts';
import type { TypedDocumentString } from '../../client/generated/graphql.ts';

// The page talks to the gateway it was served by: queries and mutations over
// HTTP, the event log over graphql-ws, both on /graphql.
const graphqlUrl = new URL('graphql', location.href);

// A gateway that requires tokens is given one on the page, or by the link
// corral dev prints; it is kept in this browser's storage and sent with every
// request and socket.
export { adoptTokenFromLink, savedToken, saveToken } from '../../client/browser-token.ts';

const refusals = new Set<(message: string) => void>();

/** Calls `listener` with the gateway's reason when it refuses the page's token (or its lack of one). */
export function onRefused(listener: (message: string) => void): () => void {
  refusals.add(listener);
  return () => void refusals.delete(listener);
}

function refused(message: string) {
  for (const listener of refusals) listener(message);
}

function authorization(): Record<string, string> {
  const token = savedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The gateway could not be reached or answered with GraphQL errors (not a typed Error result). */
export class ApiError extends Error {
  override name = 'ApiError';
}

interface GraphqlResponse<Result> {
  data?: Result | null;
  errors?: { message: string }[];
}

export async function request<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authorization() },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiError('cannot reach the gateway');
  }
  const body = (await response.json().catch(() => undefined)) as GraphqlResponse<Result> | undefined;
  if (!body) throw new ApiError(`the gateway answered HTTP ${response.status}`);
  const message = body.errors?.map((error) => error.message).join('; ');
  if (response.status === 401) refused(message ?? 'this gateway requires an API token');
  if (message || !body.data) throw new ApiError(message ?? 'the gateway returned no data');
  return body.data;
}

/**
 * A graphql-ws client on the gateway's /graphql. It does not retry by itself:
 * a lost connection ends its subscriptions, and their owner subscribes again
 * from the last event it saw (live.ts), so nothing is missed or seen twice.
 */
export function subscriptionClient(onConnection: (connected: boolean) => void): Client {
  return createClient({
    url: graphqlUrl.href.replace(/^http/, 'ws'),
    lazy: true,
    retryAttempts: 0,
    connectionParams: authorization,
    on: {
      connected: () => onConnection(true),
      closed: (event) => {
        // The gateway closes a socket whose token it refuses with 4401 and the reason, and 4403 when the token is revoked.
        const { code, reason } = event as CloseEvent;
        if (code === 4401 || code === 4403) refused(reason || 'this gateway requires an API token');
        onConnection(false);
      },
    },
  });
}
