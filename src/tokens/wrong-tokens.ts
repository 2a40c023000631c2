import type { PrismaClient } from '../generated/prisma/client.ts';

/** How long a secret that matched no live token is refused without asking the database again. */
export const WRONG_REMEMBERED_FOR_MS = 10_000;
/** Bounds the memory a stream of distinct wrong secrets can take: the oldest are forgotten first. */
const MOST_REMEMBERED = 10_000;

/**
 * Hashes of secrets that matched no live token (wrong, or revoked), remembered briefly: a client
 * repeating a stale token costs no read. Safe because a revoked token never comes back and a new one
 * has a fresh random secret; the one exception, a secret adopted from a gateway's configuration, is
 * forgotten here when adopted, and on other gateways after WRONG_REMEMBERED_FOR_MS.
 */
export class WrongTokens {
  private readonly until = new Map<string, number>();

  has(hash: string, now = Date.now()): boolean {
    const until = this.until.get(hash);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(hash);
    return false;
  }

  remember(hash: string, now = Date.now()): void {
    this.until.delete(hash);
    this.until.set(hash, now + WRONG_REMEMBERED_FOR_MS);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.until.size > MOST_REMEMBERED) this.until.delete(this.until.keys().next().value as string);
  }

  forget(hash: string): void {
    this.until.delete(hash);
  }
}

// One memory per database client, so gateways (and tests) on different databases in one process do not share it.
const byDatabase = new WeakMap<PrismaClient, WrongTokens>();

export function wrongTokensOf(prisma: PrismaClient): WrongTokens {
  let wrong = byDatabase.get(prisma);
  if (!wrong) byDatabase.set(prisma, (wrong = new WrongTokens()));
  return wrong;
}
