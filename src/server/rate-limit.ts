import { GraphQLError } from 'graphql';

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per caller: `perSecond` sustained, `burst` at once. Refusing costs nothing but this check. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one request from `key`'s bucket, or throws a 429 that says when to come back. */
  admit(key: string, now = Date.now()): void {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfterMs = Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
    throw new GraphQLError(`rate limit: at most ${this.perSecond} requests per second (bursts of ${this.burst}) per token; retry in ${retryAfterMs} ms`, {
      extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } } },
    });
  }

  /** Forgets callers idle long enough to have a full bucket again, so the map stays small. */
  prune(now = Date.now()): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(key);
  }
}
