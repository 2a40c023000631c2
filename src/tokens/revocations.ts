import type { EventFeed } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { tokenIsLive } from './store.ts';

/** Ends one thing a token keeps open (a socket, a subscription); returns nothing to wait for. */
export type EndUse = () => void;

/**
 * What live tokens keep open on this gateway (graphql-ws sockets, SSE subscriptions), ended as soon
 * as their token is revoked. A revocation is a `token.revoked` event in the log every gateway
 * follows (NOTIFY wakes them at once, the feed's sweep within a second otherwise), so a token revoked
 * through any gateway loses its sockets on all of them.
 */
export class Revocations {
  private readonly uses = new Map<string, Set<EndUse>>();
  private following?: AsyncIterableIterator<{ payload: unknown }>;
  private done?: Promise<void>;

  constructor(
    private readonly events: EventFeed,
    private readonly prisma: PrismaClient,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    // From the head on: a token revoked before now has nothing open here (its sockets were refused).
    this.following = this.events.follow(await this.events.head(), { types: ['token.revoked'] }, { onCompacted: () => void this.recheck() });
    this.done = this.run(this.following);
  }

  async stop(): Promise<void> {
    await this.following?.return?.();
    await this.done;
  }

  /** Registers a use of `tokenId`, ended by `end` if the token is revoked; the answer releases it (call it when the use ends by itself). */
  hold(tokenId: string, end: EndUse): () => void {
    let ends = this.uses.get(tokenId);
    if (!ends) this.uses.set(tokenId, (ends = new Set()));
    ends.add(end);
    return () => {
      ends.delete(end);
      if (ends.size === 0 && this.uses.get(tokenId) === ends) this.uses.delete(tokenId);
    };
  }

  /** Ends every use of `tokenId` on this gateway. */
  revoked(tokenId: string): void {
    const ends = this.uses.get(tokenId);
    this.uses.delete(tokenId);
    for (const end of ends ?? []) {
      try {
        end();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Revocations compacted away unread: each token held here is asked after instead. */
  private async recheck(): Promise<void> {
    for (const tokenId of [...this.uses.keys()]) {
      try {
        if (!(await tokenIsLive(this.prisma, tokenId))) this.revoked(tokenId);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private async run(following: AsyncIterableIterator<{ payload: unknown }>): Promise<void> {
    try {
      for await (const event of following) {
        const tokenId = (event.payload as { tokenId?: unknown } | null)?.tokenId;
        if (typeof tokenId === 'string') this.revoked(tokenId);
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
