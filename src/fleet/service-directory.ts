import type { ServiceTable } from '../agent/index.ts';
import type { Database } from '../db/index.ts';
import { serviceTable } from '../discovery/index.ts';
import type { EventFeed } from '../events/index.ts';

/** What can change where a service port leads: a task starting, ending or changing health, an app's ports changing or the app going. */
const ENDPOINT_EVENTS = ['task.status', 'task.health', 'task.killing', 'app.created', 'app.updated', 'app.rolledback', 'app.deleted'];
/** A safety net under the events: a change no event announced is still seen this late. */
const REFRESH_MS = 5000;

/**
 * The gateway's copy of the service table: computed once per change rather
 * than once per agent poll, and `onChange` (waking every agent's poll) when
 * it differs, so proxies follow a task's kill or first healthy check within
 * a second wherever it happened.
 */
export class ServiceDirectory {
  private table: ServiceTable | undefined;
  /** The apps the table has service ports of: a task event of another app changes nothing in it. */
  private routed = new Set<string>();
  private refreshing: Promise<void> | undefined;
  private again = false;
  private follower?: AsyncIterableIterator<unknown>;
  private timer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly db: Database,
    private readonly events: EventFeed,
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.follower = this.events.follow(undefined, { types: ENDPOINT_EVENTS }, { onCompacted: () => void this.refresh() });
    await this.refresh();
    void (async () => {
      for await (const event of this.follower!) if (this.concerns(event as { type: string; payload: unknown })) void this.refresh();
    })();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.follower?.return?.();
    await this.refreshing;
  }

  /** The table as of the last change seen; undefined while the database has not answered yet. */
  async current(): Promise<ServiceTable | undefined> {
    if (!this.table) await this.refresh();
    return this.table;
  }

  /**
   * Whether the event can change the table: an app's (its ports may change), or a task's of an app
   * with service ports. In a fleet of 100,000 tasks each health change recomputed it, on every
   * gateway, hundreds of times a second (bench/README.md, scale). While a refresh runs, every event
   * counts: it may be the first task event of an app that refresh is about to route.
   */
  private concerns(event: { type: string; payload: unknown }): boolean {
    const appId = (event.payload as { appId?: unknown } | null)?.appId;
    if (!event.type.startsWith('task.') || typeof appId !== 'string' || this.refreshing) return true;
    return this.routed.has(appId);
  }

  /** Recomputes the table; changes that arrive meanwhile are folded into one more pass. */
  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          const table = await serviceTable(this.db.prisma);
          this.failures = 0;
          if (table.version === this.table?.version) continue;
          this.table = table;
          this.routed = new Set(table.services.map((service) => service.appId));
          this.onChange();
        } catch (error) {
          // The last table stays in force; the next event or refresh tries again.
          if (this.failures++ === 0) this.onError(error);
        }
      } while (this.again);
      // In the same turn as the last check of `again`, so no request to refresh falls between the two.
      this.refreshing = undefined;
    })();
    return this.refreshing;
  }
}
