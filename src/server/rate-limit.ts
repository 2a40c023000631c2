import { GraphQLError } from 'graphql';
import { TokenBuckets } from './token-buckets.ts';

/** A token bucket per caller: `perSecond` sustained, `burst` at once. Refusing costs nothing but this check. */
export class RateLimiter {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.buckets = new TokenBuckets(perSecond, burst);
  }

  /** Takes one request from `key`'s bucket, or throws a 429 that says when to come back. */
  admit(key: string, now = Date.now()): void {
    if (this.buckets.take(key, now)) return;
    const retryAfterMs = this.buckets.waitMs(key, now);
    throw new GraphQLError(`rate limit: at most ${this.perSecond} requests per second (bursts of ${this.burst}) per token; retry in ${retryAfterMs} ms`, {
      extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } } },
    });
  }

  /** Forgets callers idle long enough to have a full bucket again, so the map stays small. */
  prune(now = Date.now()): void {
    this.buckets.prune(now);
  }
}
