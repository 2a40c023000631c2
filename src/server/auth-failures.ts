import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/index.ts';
import { TokenBuckets } from './token-buckets.ts';

/** Failed authentications an address may make: 10 a second, 20 at once (a person mistyping, a client with a stale token, never a guesser). */
export const FAILURES_PER_SECOND = 10;
export const FAILURES_BURST = 20;

/**
 * Failed authentications per client address, as a token bucket that only failures drain. An
 * address past its budget is refused with 429 before its token is looked at, so guessing tokens
 * costs the gateway no database read. The address is the connection's: X-Forwarded-For is not
 * believed, as anyone may send it.
 */
export class AuthFailures {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly perSecond = FAILURES_PER_SECOND,
    private readonly burst = FAILURES_BURST,
  ) {
    this.buckets = new TokenBuckets(perSecond, burst);
  }

  /** 0 when `address` may try, else the milliseconds until it may. */
  retryAfterMs(address: string, now = Date.now()): number {
    return this.buckets.waitMs(address, now);
  }

  /** Counts one failed authentication of `address`. */
  failed(address: string, now = Date.now()): void {
    this.buckets.drain(address, now);
  }

  /**
   * The HTTP side: a request carrying credentials from an address past its budget is answered 429
   * here, and its answer of 401, if it gets one, counts as a failure. Requests without credentials
   * (health checks, the dashboard's page, a client that forgot its token) cost no token lookup, so
   * they are neither counted nor refused.
   */
  guard(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (req.headers.authorization === undefined) return next();
    const address = addressOf(req);
    const waitMs = this.retryAfterMs(address);
    if (waitMs > 0) {
      req.resume();
      res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      const message = this.refusal(waitMs);
      // `error` for the JSON endpoints' clients (agents, scrapers), `errors` for GraphQL clients.
      return sendJson(res, 429, { error: message, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
    }
    res.once('finish', () => {
      if (res.statusCode === 401) this.failed(address);
    });
    next();
  }

  /** What a refused address is told, over HTTP or WebSocket. */
  refusal(waitMs: number): string {
    return `too many failed authentications from this address (at most ${this.perSecond} a second, ${this.burst} at once): retry in ${Math.ceil(waitMs / 1000)} s`;
  }

  /** Forgets addresses whose bucket is full again, so the map stays small. */
  prune(now = Date.now()): void {
    this.buckets.prune(now);
  }
}

/** The peer address of a request or socket upgrade. */
export function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
