interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key: `perSecond` sustained, `burst` at once. The one mechanism behind the
 * per-token request rate (rate-limit.ts) and the per-address budget of failed authentications
 * (auth-failures.ts).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
  ) {}

  /** Takes one token from `key`'s bucket; false when it has none. */
  take(key: string, now = Date.now()): boolean {
    const bucket = this.refilled(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Takes one token from `key`'s bucket, down to none at the least. */
  drain(key: string, now = Date.now()): void {
    const bucket = this.refilled(key, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /** 0 when `key` has a token, else the milliseconds until it has one. */
  waitMs(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = this.refill(bucket, now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.perSecond) * 1000);
  }

  /** Forgets keys whose bucket is full again (as good as new), so the map stays small. */
  prune(now = Date.now()): void {
    for (const [key, bucket] of this.buckets) if (this.refill(bucket, now) >= this.burst) this.buckets.delete(key);
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: this.burst, at: now }));
    bucket.tokens = this.refill(bucket, now);
    bucket.at = now;
    return bucket;
  }

  private refill(bucket: Bucket, now: number): number {
    return Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
  }
}
