import type { Database } from '../db/index.ts';
import type { Agent, App, Task } from '../generated/prisma/client.ts';
import { activeInSql } from '../tasks/index.ts';

/** A full read this often at least, whatever the events said: the view cannot drift for longer. */
const FULL_READ_EVERY_MS = 60_000;
/** Rows of one page of a full read: the gateway's event loop runs between pages. */
const PAGE = 5000;
/**
 * Tasks are read on the plain SQL path (Database.sql): the driver turns each row into an object as
 * its bytes arrive, so the event loop runs between the chunks of a large read, where Prisma turned
 * a read of thousands of changed tasks into objects at once (in a burst, every pass reads the tasks
 * changed since the last: the leader's longest waits).
 */
const ACTIVE_TASKS = `SELECT * FROM "Task" t WHERE ${activeInSql('t')}`;
/**
 * How long the agents' facts every pass needs (AgentFacts) are kept without an agent's event. In a
 * burst the leader makes thousands of passes, and reading them at each was two scans of every agent a
 * pass, 7 % of the database's time (bench/README.md, scale). Kept a second, the earliest lastSeenAt
 * can only be earlier than it is now (an agent's lastSeenAt only grows): a pass then looks again
 * sooner than it needed to, never later.
 */
const AGENT_FACTS_KEPT_MS = 1000;
const AGENT_FACTS = `SELECT min("lastSeenAt") FILTER (WHERE state IN ('ACTIVE', 'DRAINING')) AS "earliestSeen",
                           coalesce(array_agg(id::text) FILTER (WHERE "drainingSince" IS NOT NULL), '{}') AS drained
                    FROM "Agent"`;

/** What every pass needs to know of the agents, whether it places or not. */
export interface AgentFacts {
  /** The agents being drained: their tasks move elsewhere */
  drained: ReadonlySet<string>;
  /** The earliest lastSeenAt of the agents not yet UNREACHABLE (ACTIVE or DRAINING); null when there are none */
  earliestSeen: Date | null;
}

/** What a pass decides from: every app, and every task in an active state. */
export interface ClusterRows {
  apps: App[];
  activeTasks: Task[];
}

/**
 * The leader's view of the apps and active tasks between passes, so a pass reads what changed, not
 * everything: at 10,000 tasks reading them all took most of each pass (bench/README.md, scale).
 * Every change to a task or an app is written with an event about it (subject: its id) in the same
 * transaction, so an event seen means its change can be read: the events since the last pass name
 * the rows to read again. An app's event reads its tasks again too: a new version that equals the
 * one its tasks run adopts them (apps' store.ts) under the app's event alone. The pass's own writes are taken as written (`took`). A full read, paged,
 * on taking the lead and every FULL_READ_EVERY_MS, so rows changed without an event (an app purged
 * after its deletion) cannot stay wrong.
 *
 * Every agent, as placement needs them, is kept too, and read again after an agent's event
 * (registered, unreachable, reachable, drained, activated: every change placement looks at comes
 * with one) or a full read: in a burst most passes place, and reading 5,000 agents took 35 ms of
 * the leader's event loop each time.
 */
export class ClusterView {
  private readonly apps = new Map<string, App>();
  private agents: Promise<Agent[]> | undefined;
  private facts: { readAt: number; reading: Promise<AgentFacts> } | undefined;
  private readonly tasks = new Map<string, Task>();
  private staleApps = new Set<string>();
  private staleTasks = new Set<string>();
  private fullAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly db: Database) {}

  /**
   * An event was written: the row it is about is read again at the next pass. Not for task.placed,
   * which only the leader's own passes write (taken as written), nor task.check, which changes
   * nothing a pass reads.
   */
  noted(event: { type: string; subject: string | null }): void {
    if (event.type.startsWith('agent.')) this.agentsChanged();
    if (!event.subject || event.type === 'task.placed' || event.type === 'task.check') return;
    if (event.type.startsWith('task.')) this.staleTasks.add(event.subject);
    else if (event.type.startsWith('app.')) this.staleApps.add(event.subject);
  }

  /** Read everything at the next pass (this gateway just took the lead: it saw nothing meanwhile). */
  forget(): void {
    this.fullAt = Number.NEGATIVE_INFINITY;
    this.agentsChanged();
    this.staleApps.clear();
    this.staleTasks.clear();
  }

  /** The rows as they are now: the stale ones read again, or everything when a full read is due. */
  async read(now = Date.now()): Promise<ClusterRows> {
    // Taken before reading: an event that comes during the read names its row for the next pass.
    const [apps, tasks] = [this.staleApps, this.staleTasks];
    this.staleApps = new Set();
    this.staleTasks = new Set();
    if (now - this.fullAt >= FULL_READ_EVERY_MS) await this.readAll(now);
    else await Promise.all([this.readApps([...apps]), this.readTasks([...tasks]), this.readTasksOf([...apps])]);
    return { apps: [...this.apps.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), activeTasks: [...this.tasks.values()] };
  }

  /** Some agent changed (this gateway's own pass marked it, say): the next look at every agent reads them. */
  agentsChanged(): void {
    this.agents = undefined;
    this.facts = undefined;
  }

  /** The agents' facts, read again after an agent's event or once AGENT_FACTS_KEPT_MS old. A failed read is tried again. */
  agentFacts(now = Date.now()): Promise<AgentFacts> {
    if (this.facts && now - this.facts.readAt < AGENT_FACTS_KEPT_MS) return this.facts.reading;
    const reading = this.db.sql
      .query<{ earliestSeen: Date | null; drained: string[] }>(AGENT_FACTS)
      .then(([row]) => ({ earliestSeen: row?.earliestSeen ?? null, drained: new Set(row?.drained ?? []) }));
    const facts = { readAt: now, reading };
    this.facts = facts;
    reading.catch(() => {
      if (this.facts === facts) this.facts = undefined;
    });
    return reading;
  }

  /** Every agent: read once, then again only after an agent's event or a full read. A failed read is tried again. */
  everyAgent(): Promise<Agent[]> {
    if (this.agents) return this.agents;
    const reading = this.db.prisma.agent.findMany();
    this.agents = reading;
    reading.catch(() => {
      if (this.agents === reading) this.agents = undefined;
    });
    return reading;
  }

  /** The tasks the pass's plan changed once written (its kills ordered, its new tasks). */
  took(activeTasks: readonly Task[]): void {
    for (const task of activeTasks) this.tasks.set(task.id, task);
  }

  private async readAll(now: number): Promise<void> {
    const apps = await this.db.prisma.app.findMany();
    const tasks: Task[] = [];
    for (let cursor = ''; ; ) {
      const page = await this.db.sql.query<Task>(`${ACTIVE_TASKS} AND id > $1 ORDER BY id LIMIT $2`, [cursor, PAGE]);
      tasks.push(...page);
      if (page.length < PAGE) break;
      cursor = page.at(-1)!.id;
    }
    this.apps.clear();
    this.tasks.clear();
    this.agents = undefined;
    for (const app of apps) this.apps.set(app.id, app);
    for (const task of tasks) this.tasks.set(task.id, task);
    this.fullAt = now;
  }

  private async readApps(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Map((await this.db.prisma.app.findMany({ where: { id: { in: ids } } })).map((app) => [app.id, app]));
    for (const id of ids) {
      const app = found.get(id);
      if (app) this.apps.set(id, app);
      else this.apps.delete(id);
    }
  }

  /** Every active task of these apps, in place of those in the view. */
  private async readTasksOf(appIds: string[]): Promise<void> {
    if (appIds.length === 0) return;
    const found = await this.db.sql.query<Task>(`${ACTIVE_TASKS} AND "appId" = ANY($1::text[])`, [appIds]);
    const apps = new Set(appIds);
    for (const [id, task] of this.tasks) if (apps.has(task.appId)) this.tasks.delete(id);
    for (const task of found) this.tasks.set(task.id, task);
  }

  private async readTasks(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = new Map((await this.db.sql.query<Task>(`${ACTIVE_TASKS} AND id = ANY($1::text[])`, [ids])).map((task) => [task.id, task]));
    for (const id of ids) {
      const task = found.get(id);
      if (task) this.tasks.set(id, task);
      else this.tasks.delete(id);
    }
  }
}
