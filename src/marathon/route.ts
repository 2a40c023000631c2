import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from '../db/index.ts';
import type { EventFeed } from '../events/index.ts';
import type { ApiRole, Caller } from '../tokens/index.ts';

/** What a route may use: the same store and event log as the GraphQL API. */
export interface MarathonDeps {
  db: Database;
  events: EventFeed;
  logger: Logger;
  /** The gateway's own address, for /v2/info and /v2/leader (host:port) */
  leaderAddress: () => string;
  /** DELETE /v2/leader: this gateway lets the control loop's lease go (false when it did not hold it) */
  stepDown: () => Promise<boolean>;
}

/** One request to Marathon's REST API, parsed. */
export interface MarathonRequest {
  method: string;
  path: string;
  /** The named groups of the route's pattern, URI-decoded */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body; a malformed one was already answered with 400 before the route ran */
  body: unknown;
  caller: Caller;
  deps: MarathonDeps;
  /** For a streaming answer (/v2/events) */
  raw: { req: IncomingMessage; res: ServerResponse };
}

/** A JSON answer, or `streamed` when the route wrote the response itself. */
export type MarathonReply = { status: number; body?: unknown; headers?: Record<string, string> } | 'streamed';

export interface MarathonRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Matched against the whole path; named groups become params. App ids hold slashes: match them with (?<id>/.+?) */
  path: RegExp;
  /** The least role allowed: VIEWER reads, OPERATOR changes, ADMIN runs the cluster */
  role: ApiRole;
  handle(request: MarathonRequest): Promise<MarathonReply>;
}

export const ok = (body: unknown, status = 200): MarathonReply => ({ status, body });

/** A boolean query parameter as Marathon (JAX-RS) reads one: any case of "true" (python3-marathon sends "True"); absent or empty, `fallback`. */
export function flag(request: Pick<MarathonRequest, 'query'>, name: string, fallback = false): boolean {
  const value = request.query.get(name);
  return value === null || value === '' ? fallback : value.toLowerCase() === 'true';
}
