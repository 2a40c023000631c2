import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentString } from './generated/graphql.ts';

export interface GatewayClientOptions {
  /** The gateway's base URL, such as http://127.0.0.1:8080 */
  url: string;
  token?: string;
}

/** The gateway answered with errors, or could not be reached: `message` is meant for people. */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError';
  constructor(
    message: string,
    readonly status?: number,
    /** Each of the gateway's errors, for a program that shows one per line (`message` joins them) */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}

/** The error of a GraphQL response's errors (or of none). */
function answeredWith(errors: readonly { message: string }[] | undefined, fallback: string, status?: number): GatewayRequestError {
  const problems = errors?.length ? errors.map((error) => error.message) : [fallback];
  return new GatewayRequestError(problems.join('; '), status, problems);
}

interface GraphqlResponse<Result> {
  data?: Result | null;
  errors?: { message: string; path?: readonly (string | number)[] }[];
}

export class GatewayClient {
  private readonly graphqlUrl: string;
  private ws: Client | undefined;

  constructor(private readonly options: GatewayClientOptions) {
    this.graphqlUrl = `${options.url.replace(/\/+$/, '')}/graphql`;
  }

  async request<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): Promise<Result> {
    let response: Response;
    try {
      response = await fetch(this.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...this.authorization() },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
    } catch (error) {
      throw new GatewayRequestError(`cannot reach the gateway at ${this.options.url}: ${causeOf(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as GraphqlResponse<Result> | undefined;
    if (!body) throw new GatewayRequestError(`the gateway at ${this.options.url} answered HTTP ${response.status} without a GraphQL response`, response.status);
    if (body.errors?.length || !body.data) {
      throw answeredWith(body.errors, 'the gateway returned no data', response.status);
    }
    return body.data;
  }

  /** Yields every result of a subscription until the caller stops iterating (or the gateway ends it). */
  subscribe<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): AsyncIterableIterator<Result> {
    const iterator = this.socket().iterate<Result>({ query: document.toString(), variables: variables as Record<string, unknown> | undefined });
    return mapIterator(iterator, (result) => {
      if (result.errors?.length || !result.data) throw answeredWith(result.errors, 'no data');
      return result.data;
    });
  }

  async close(): Promise<void> {
    await this.ws?.dispose();
    this.ws = undefined;
  }

  private socket(): Client {
    this.ws ??= createClient({
      url: this.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: () => (this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      lazy: true,
      retryAttempts: 5,
    });
    return this.ws;
  }

  private authorization(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }
}

function mapIterator<In, Out>(iterator: AsyncIterableIterator<In>, map: (value: In) => Out): AsyncIterableIterator<Out> {
  return {
    async next() {
      // graphql-ws rejects with the operation's errors as they came (an array) when the server ends it with them.
      const step = await iterator.next().catch((reason: unknown) => {
        if (!Array.isArray(reason)) throw reason;
        throw new GatewayRequestError(reason.map((error: { message?: string }) => error.message ?? String(error)).join('; '));
      });
      return step.done ? step : { done: false, value: map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
