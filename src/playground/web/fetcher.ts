import { getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws/client';

/** What GraphiQL hands its fetcher (graphiql's FetcherParams and FetcherOpts). */
export interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}
export interface FetcherOpts {
  headers?: Record<string, unknown>;
}
interface Result {
  data?: unknown;
  errors?: { message: string }[];
}

/**
 * GraphiQL's fetcher: queries and mutations as POSTs to the page's own
 * address, subscriptions over graphql-ws on the same path (as the dashboard
 * and the CLI subscribe), each with the token as `Authorization: Bearer`: a
 * header over HTTP, the `authorization` connection parameter on the socket,
 * which browsers cannot give headers. A header written in GraphiQL's Headers
 * tab wins over the token field.
 */
export function playgroundFetcher(endpoint: URL, token: () => string | undefined, refused: (message: string) => void) {
  let socket: { client: Client; authorization: string | undefined } | undefined;
  // One socket per authorization: a tab with another token in its headers gets a socket of its own.
  const socketFor = (authorization: string | undefined): Client => {
    if (socket && socket.authorization === authorization) return socket.client;
    void socket?.client.dispose();
    const client = createClient({
      url: endpoint.href.replace(/^http/, 'ws'),
      lazy: true,
      retryAttempts: 0,
      connectionParams: authorization ? { authorization } : {},
      on: {
        closed: (event) => {
          // The gateway closes a socket whose token it refuses with 4401 (4403: revoked) and the reason.
          const { code, reason } = event as CloseEvent;
          if (code === 4401 || code === 4403) refused(reason || 'this gateway requires an API token');
        },
      },
    });
    socket = { client, authorization };
    return client;
  };

  return (params: FetcherParams, opts?: FetcherOpts): Promise<Result> | AsyncIterable<Result> => {
    const given = Object.fromEntries(Object.entries(opts?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
    const saved = token();
    const headers: Record<string, string> = { ...(saved ? { authorization: `Bearer ${saved}` } : {}), ...given };
    const operation = operationOf(params);
    const sent = { ...params, operationName: operation?.name?.value ?? params.operationName };
    if (operation?.operation === 'subscription') return subscription(socketFor(headers.authorization), sent);
    return post(endpoint, sent, headers, refused);
  };
}

/**
 * The operation to run. GraphiQL reads the operations of the editor a moment
 * after each change: an operation run at once after the text was replaced is
 * sent with the name of the one before, which the gateway cannot find. When
 * the document holds one operation, that one is meant.
 */
function operationOf(params: FetcherParams): OperationDefinitionNode | undefined {
  try {
    const document = parse(params.query);
    return getOperationAST(document, params.operationName ?? undefined) ?? getOperationAST(document) ?? undefined;
  } catch {
    // Not GraphQL: the gateway says why.
    return undefined;
  }
}

async function post(endpoint: URL, params: FetcherParams, headers: Record<string, string>, refused: (message: string) => void): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(params),
    });
  } catch {
    return { errors: [{ message: 'cannot reach the gateway' }] };
  }
  const body = (await response.json().catch(() => undefined)) as Result | undefined;
  if (response.status === 401) refused(body?.errors?.map((error) => error.message).join('; ') || 'this gateway requires an API token');
  return body ?? { errors: [{ message: `the gateway answered HTTP ${response.status} without a GraphQL response` }] };
}

/** The subscription's results; a closed socket ends it with its reason as an error GraphiQL shows. */
async function* subscription(client: Client, params: FetcherParams): AsyncGenerator<Result> {
  const results = client.iterate({
    query: params.query,
    operationName: params.operationName ?? undefined,
    variables: (params.variables ?? undefined) as Record<string, unknown> | undefined,
  });
  try {
    for await (const result of results) yield result as Result;
  } catch (error) {
    // The gateway's GraphQL errors (an invalid subscription), or the close that ended the socket.
    if (Array.isArray(error)) yield { errors: error as { message: string }[] };
    else yield { errors: [{ message: (error as CloseEvent).reason || (error as Error).message || 'the subscription ended' }] };
  } finally {
    await results.return?.();
  }
}
