import type { Database } from '../db/index.ts';
import type { Event } from '../generated/prisma/client.ts';
import { compactedThrough, EventsCompacted } from './compaction.ts';
import { EVENTS_CHANNEL } from './record.ts';

const PAGE = 500;
/** A missed NOTIFY (a dropped LISTEN connection) only delays a reader by this much: every reader is woken this often. */
const SWEEP_MS = 1000;

export interface EventFilter {
  /** Event types to keep (EventType names; a user's filter may name others, which match nothing) */
  types?: readonly string[];
  subject?: string;
  /** A further test, on the payload for instance (a task event's appId) */
  where?: (event: Event) => boolean;
}

export interface FollowOptions {
  /**
   * The reader fell behind the log's horizon (compaction deleted events it had not read): it is
   * told, then goes on from the oldest event kept. Readers that keep state (the control loop's view,
   * the service table) read it again here. Without it the reader ends with EventsCompacted, as a
   * subscription must: its user, not the feed, knows how to catch up.
   */
  onCompacted?: () => void;
}

/**
 * Follows the event log: every reader pages through the table by sequence, and
 * NOTIFY only wakes readers up. So a reader resuming after a sequence sees each
 * later event once, in order, whichever gateway wrote it.
 */
export class EventFeed {
  private generation = 0;
  private wakers = new Set<() => void>();
  /** Short pages (the head of the log) read since the last wake, by cursor: see page(). */
  private pages = new Map<bigint, Promise<Event[]>>();
  private unlisten?: () => Promise<void>;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly sweepMs = SWEEP_MS,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, () => this.wake());
    // One timer for the whole feed, not one per reader: a thousand idle subscribers then cost one
    // read per sweep (a shared page), not a thousand.
    this.sweeper = setInterval(() => this.wake(), this.sweepMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.unlisten?.();
    this.wake();
  }

  /** The sequence of the newest event, 0n when there is none. */
  async head(): Promise<bigint> {
    const last = await this.db.prisma.event.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true } });
    return last?.sequence ?? 0n;
  }

  /**
   * Events after `after` (or from now), then live ones. Ending the iteration
   * (return(), as a closed subscription does) stops it at once, even while it waits.
   */
  follow(after: bigint | undefined, filter: EventFilter = {}, options: FollowOptions = {}): AsyncIterableIterator<Event> {
    const stop = new AbortController();
    const reader = this.read(after, filter, options, stop.signal);
    return {
      next: () => reader.next(),
      return: (value?: unknown) => {
        stop.abort();
        return reader.return(value as undefined);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *read(after: bigint | undefined, filter: EventFilter, options: FollowOptions, signal: AbortSignal): AsyncGenerator<Event> {
    let cursor = after ?? (await this.head());
    while (!signal.aborted) {
      const seen = this.generation;
      let page: Event[];
      try {
        page = await this.page(cursor);
      } catch {
        // The database is away for a moment (a restart, a dropped connection): the cursor keeps
        // this reader's place, so it reads on from there once it answers again, missing nothing.
        // Thrown, the error would end every follower (the control loop's, the agents' wake-ups).
        await this.nextWake(signal);
        continue;
      }
      // Compaction deletes from the oldest on: the page starts right after the cursor unless events
      // were deleted there (or their numbers never committed), and only then is the horizon read.
      // Read after the page, so a compaction that ran before the page was read is seen.
      const oldest = page[0]?.sequence;
      if (oldest !== undefined && oldest > cursor + 1n) {
        const horizon = await this.horizon();
        if (horizon === undefined) {
          await this.nextWake(signal);
          continue;
        }
        if (cursor < horizon) {
          if (!options.onCompacted) throw new EventsCompacted(cursor, oldest);
          options.onCompacted();
        }
      }
      for (const event of page) {
        cursor = event.sequence;
        if (matches(event, filter)) yield event;
      }
      if (page.length < PAGE && seen === this.generation) await this.nextWake(signal);
    }
  }

  /** Every event up to this sequence is gone; undefined while the database does not answer. */
  private async horizon(): Promise<bigint | undefined> {
    return compactedThrough(this.db.prisma).catch(() => undefined);
  }

  /**
   * The page after `cursor`. Readers at the same place since the last wake share one query, which
   * sees every event that wake announced: a burst of events costs one read for all the subscribers
   * at the head of the log, not one read each. Full pages (a reader catching up) and failed reads
   * are not kept.
   */
  private page(cursor: bigint): Promise<Event[]> {
    const shared = this.pages.get(cursor);
    if (shared) return shared;
    const page = readPage(this.db, cursor);
    this.pages.set(cursor, page);
    const forget = () => {
      if (this.pages.get(cursor) === page) this.pages.delete(cursor);
    };
    page.then((events) => events.length >= PAGE && forget(), forget);
    return page;
  }

  private wake(): void {
    this.generation += 1;
    this.pages.clear();
    for (const waker of this.wakers) waker();
    this.wakers.clear();
  }

  /** Until a NOTIFY or the sweep wakes the readers, or `signal` aborts. */
  private nextWake(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        this.wakers.delete(done);
        resolve();
      };
      signal?.addEventListener('abort', done);
      this.wakers.add(done);
    });
  }
}

/** Every gateway reads every event, a few for each task a burst places: on the plain SQL path, not as Prisma model reads. */
async function readPage(db: Database, cursor: bigint): Promise<Event[]> {
  const rows = await db.sql.query<Omit<Event, 'sequence'> & { sequence: string }>(
    'SELECT sequence::text AS sequence, type, subject, payload, "createdAt" FROM "Event" WHERE sequence > $1::bigint ORDER BY "Event".sequence LIMIT $2',
    [cursor.toString(), PAGE],
  );
  return rows.map((row) => ({ ...row, sequence: BigInt(row.sequence) }));
}

function matches(event: Event, filter: EventFilter): boolean {
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.subject !== undefined && event.subject !== filter.subject) return false;
  return filter.where?.(event) ?? true;
}
