import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { FollowEventsDocument } from '../../src/client/index.ts';
import { pause } from './clock.ts';
import type { Dice } from './dice.ts';
import type { GatewayNode } from './gateways.ts';
import type { SubscriberLog } from './history.ts';

/**
 * A reader following the event log over a GraphQL subscription, as a
 * dashboard does: when its gateway goes away (or every so often, of its own
 * accord) it resumes on a gateway after the last sequence it saw. It speaks
 * graphql-ws itself, without the client library's retries: a retry would
 * resubscribe from the first cursor, and its duplicates would be the
 * client's doing, not the gateway's.
 */
export class Subscriber {
  private running = true;
  private loop: Promise<void> | undefined;
  private dispose: (() => void) | undefined;

  constructor(
    readonly log: SubscriberLog,
    private readonly gateways: GatewayNode[],
    private readonly dice: Dice,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** The last sequence it has seen. */
  get cursor(): number {
    return this.log.received.at(-1) ?? this.log.startCursor;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.dispose?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const serving = this.gateways.filter((gateway) => gateway.serving());
      if (serving.length === 0) {
        await pause(500);
        continue;
      }
      await this.follow(this.dice.pick(serving), this.dice.between(10_000, 40_000));
      if (this.running) this.log.resumptions += 1;
      await pause(200);
    }
  }

  /** Follows on one gateway until it fails or `forMs` passes. */
  private async follow(gateway: GatewayNode, forMs: number): Promise<void> {
    const client = createClient({ url: `${gateway.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const iterator = client.iterate<{ events: { sequence: string | number } }>({
      query: FollowEventsDocument.toString(),
      variables: { after: String(this.cursor) },
    });
    const timer = setTimeout(() => void iterator.return?.(), forMs);
    this.dispose = () => void iterator.return?.();
    try {
      for await (const result of iterator) {
        const sequence = result.data?.events.sequence;
        if (sequence !== undefined) this.log.received.push(Number(sequence));
        if (!this.running) break;
      }
    } catch {
      // the gateway went away, or ended the subscription: resume elsewhere
    } finally {
      clearTimeout(timer);
      await client.dispose();
    }
  }
}
