import { FollowEventsDocument, GatewayClient } from '../src/client/index.ts';

/**
 * One graphql-ws client with its own socket, following every event after
 * `after`, and noting how late each one arrived: from the event's createdAt
 * (stamped in the transaction that wrote it, before its commit) to now.
 */
export class Subscriber {
  /** sequence -> ms late */
  readonly arrivals = new Map<bigint, number>();
  private readonly client: GatewayClient;
  private readonly events;
  private readonly following: Promise<void>;
  private waiters: { sequence: bigint; resolve: () => void }[] = [];
  failure: string | undefined;

  constructor(url: string, after: bigint) {
    this.client = new GatewayClient({ url });
    this.events = this.client.subscribe(FollowEventsDocument, { after: String(after) });
    this.following = this.follow();
  }

  /** Resolves once the event `sequence` (or a later one) has arrived. */
  reached(sequence: bigint): Promise<void> {
    if (this.last() >= sequence) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ sequence, resolve }));
  }

  last(): bigint {
    let last = 0n;
    for (const sequence of this.arrivals.keys()) if (sequence > last) last = sequence;
    return last;
  }

  async close(): Promise<void> {
    await this.events.return?.();
    await this.following;
    await this.client.close();
  }

  private async follow(): Promise<void> {
    try {
      for await (const { events: event } of this.events) {
        const sequence = BigInt(event.sequence);
        this.arrivals.set(sequence, Date.now() - Date.parse(event.createdAt));
        this.waiters = this.waiters.filter((waiter) => (waiter.sequence <= sequence ? (waiter.resolve(), false) : true));
      }
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }
}
