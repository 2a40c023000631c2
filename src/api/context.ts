import type { Database } from '../db/index.ts';
import type { EventFeed } from '../events/index.ts';

/** What every resolver gets: the database and the event feed of this gateway. */
export interface GatewayContext {
  db: Database;
  events: EventFeed;
  /** Aborted when the request (or the subscription's socket) ends. */
  signal?: AbortSignal;
}
