import type { StatusUpdate } from '../agent/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import type { TaskHealth } from '../generated/prisma/enums.ts';
import { sqlLiteral, type Database, type SqlQueries } from '../db/index.ts';
import { recordChangeInSql, type Emit, taskStatusEvent } from '../events/index.ts';
import { nextLaunchDelay, specOf } from '../apps/index.ts';
import { GroupCommit } from './group-commit.ts';
import { countNothing, type ClusterCounters } from '../metrics/index.ts';
import { isTerminal, shownState } from '../tasks/index.ts';

/** The status updates of one poll. */
export interface AgentReport {
  agentId: string;
  updates: StatusUpdate[];
}

/**
 * Applies the reports of several agents in one transaction, in order, in two messages to the
 * database whatever their number: with the BEGIN, lock and read their tasks and insert their
 * statuses (a uuid stored before is skipped: applied once however often delivered); with the
 * COMMIT, write each changed task once and the events.
 */
async function applyReports(db: Database, reports: AgentReport[], counters: ClusterCounters): Promise<void> {
  const updates = reports.flatMap(({ agentId, updates: reported }) => reported.map((update) => ({ agentId, update: storable(update) })));
  if (updates.length === 0) return;
  const outcomes = await recordChangeInSql(db.sql, async (tx, emit) => {
    const { tasks, stored } = await lockAndStore(tx, updates);
    // An update for a task the agent does not run (forgotten, or another agent's) is not stored.
    const known = updates.filter(({ agentId, update }) => tasks.get(update.taskId)?.agentId === agentId);
    const changed = new Set<string>();
    const applied: Applied[] = [];
    for (const { agentId, update } of known) {
      if (!stored.delete(update.uuid)) continue; // delivered before (or twice in this batch): already applied
      const outcome = await applyOne(tx, emit, agentId, update, tasks);
      if (outcome !== 'unchanged') changed.add(update.taskId);
      applied.push(outcome === 'unchanged' ? 'applied' : outcome);
    }
    if (changed.size > 0) tx.atCommit(writeTasks([...changed].map((taskId) => tasks.get(taskId)!)));
    return applied;
  });
  counters.statusUpdatesApplied(outcomes.length);
  for (const outcome of outcomes) if (typeof outcome === 'number') counters.taskStarted(outcome);
}

/**
 * In one statement without parameters (it goes with the BEGIN): the updates' tasks, locked until the
 * transaction ends (the control loop may be killing one meanwhile; in id order, so two batches cannot
 * deadlock), and the uuids of the statuses stored now, those of tasks their agent runs (not those
 * stored before). The rows go as one JSON array (Prisma's createMany cost ten times as much; arrays of
 * columns, the driver escaping each value, twice as much).
 */
async function lockAndStore(tx: SqlQueries, updates: { agentId: string; update: StatusUpdate }[]): Promise<{ tasks: Map<string, Task>; stored: Set<string> }> {
  // An update whose time cannot be read fails its batch, as a bad row did with createMany.
  if (updates.some(({ update }) => Number.isNaN(new Date(update.timestamp).getTime()))) throw new Error('a status update has no valid timestamp');
  const rows = updates.map(({ agentId, update }) => ({
    agentId,
    id: update.uuid,
    taskId: update.taskId,
    state: update.state,
    health: healthOf(update),
    healthCause: causeOf(update),
    message: update.message ?? null,
    exitCode: update.exitCode ?? null,
    timestamp: update.timestamp,
  }));
  const locked = await tx.query<Task & { storedNow: string[] }>(
    `WITH reported AS MATERIALIZED (
       SELECT * FROM json_to_recordset(${sqlLiteral(JSON.stringify(rows))}::json)
         AS v("agentId" text, id text, "taskId" text, state text, health text, "healthCause" text, message text, "exitCode" int, timestamp text)),
     locked AS (SELECT t.* FROM "Task" t WHERE t.id IN (SELECT "taskId" FROM reported) ORDER BY t.id FOR UPDATE),
     stored AS (
       INSERT INTO "TaskStatus" (id, "taskId", state, health, "healthCause", message, "exitCode", timestamp)
       SELECT r.id::uuid, r."taskId", r.state::"TaskState", r.health::"TaskHealth", r."healthCause", r.message, r."exitCode", r.timestamp::timestamptz
       FROM reported r JOIN locked l ON l.id = r."taskId" AND l."agentId"::text = r."agentId"
       ON CONFLICT (id) DO NOTHING
       RETURNING id::text, "taskId")
     SELECT l.*, coalesce(s.ids, '{}') AS "storedNow"
     FROM locked l LEFT JOIN (SELECT "taskId", array_agg(id) AS ids FROM stored GROUP BY "taskId") s ON s."taskId" = l.id`,
  );
  const tasks = new Map<string, Task>();
  const stored = new Set<string>();
  for (const { storedNow, ...task } of locked) {
    tasks.set(task.id, task);
    for (const uuid of storedNow) stored.add(uuid);
  }
  return { tasks, stored };
}

/** The statement that writes the tasks' new states, all at once, without parameters (it goes with the COMMIT). */
function writeTasks(tasks: Task[]): string {
  const rows = tasks.map(({ id, state, reportedState, health, healthCause, ready, startedAt, finishedAt, exitCode, message, checkResult }) => ({
    id,
    state,
    reportedState,
    health,
    healthCause,
    ready,
    startedAt,
    finishedAt,
    exitCode,
    message,
    checkResult,
  }));
  return `UPDATE "Task" AS t
     SET state = v.state::"TaskState", "reportedState" = v."reportedState"::"TaskState", health = v.health::"TaskHealth", "healthCause" = v."healthCause",
         ready = v.ready, "startedAt" = v."startedAt", "finishedAt" = v."finishedAt", "exitCode" = v."exitCode", message = v.message,
         "checkResult" = v."checkResult"
     FROM json_to_recordset(${sqlLiteral(JSON.stringify(rows))}::json)
          AS v(id text, state text, "reportedState" text, health text, "healthCause" text, ready bool, "startedAt" timestamptz, "finishedAt" timestamptz,
               "exitCode" int, message text, "checkResult" jsonb)
     WHERE t.id = v.id`;
}

/**
 * The most updates one transaction of a StatusQueue applies. Their rows and events go as one
 * statement each, so a larger batch costs little more than a small one: when a packed placement
 * launches tens of tasks on each agent, at 100 the reports of 100,000 tasks queued behind a
 * thousand transactions (the scale benchmark's last 13 s); at 500 that tail was 3 s
 * (bench/README.md, scale: "Fewer shapes, agents kept, packed placement").
 */
const UPDATES_PER_BATCH = 500;

/**
 * The agents' status updates, applied with group commit: the reports of polls that arrive while a
 * transaction runs are applied together in the next one, and a thousand agents reporting at once
 * cost a few transactions (and a few turns of the event-write lock), not a thousand waiting for a
 * pooled connection.
 */
export class StatusQueue {
  private readonly rounds: GroupCommit<AgentReport, void>;

  constructor(db: Database, counters: ClusterCounters = countNothing) {
    this.rounds = new GroupCommit<AgentReport, void>(
      async (reports) => {
        await applyReports(db, reports, counters);
        return reports.map(() => undefined);
      },
      { maxWeight: UPDATES_PER_BATCH, weight: (report) => report.updates.length },
    );
  }

  /** Applies one poll's updates, each uuid exactly once; resolves with the uuids to acknowledge (all of them). */
  async apply(agentId: string, updates: StatusUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    await this.rounds.submit({ agentId, updates });
    return updates.map((update) => update.uuid);
  }
}

/** What became of one update: applied, applied as the task's first RUNNING (seconds since it was placed), or only logged ('unchanged'). */
type Applied = 'applied' | 'unchanged' | number;

/** One stored update's effect on its task (changed in `tasks`, written after the batch) and the events it makes. */
async function applyOne(tx: SqlQueries, emit: Emit, agentId: string, update: StatusUpdate, tasks: Map<string, Task>): Promise<Applied> {
  const task = tasks.get(update.taskId)!;
  // A task the gateway already ended (killed, lost) stays ended; the update is only kept as what the agent said.
  if (isTerminal(task.state)) {
    tasks.set(task.id, { ...task, reportedState: update.state });
    return task.reportedState === update.state ? 'unchanged' : 'applied';
  }
  const reportedHealth = healthOf(update);
  const state = shownState(task.desiredState, update.state);
  const health = reportedHealth ?? task.health;
  const healthCause = reportedHealth === null ? task.healthCause : causeOf(update);
  const ready = update.health?.ready ?? task.ready;
  const checkResult = update.check ? { ...update.check, at: update.timestamp } : task.checkResult;
  const started = state === 'RUNNING' && !task.startedAt;
  tasks.set(task.id, {
    ...task,
    state,
    reportedState: update.state,
    health,
    healthCause,
    ready,
    startedAt: started ? new Date(update.timestamp) : task.startedAt,
    finishedAt: isTerminal(state) ? new Date(update.timestamp) : task.finishedAt,
    exitCode: update.exitCode ?? task.exitCode,
    message: update.message ?? task.message,
    checkResult,
  });
  if (update.check) {
    emit({ type: 'task.check', subject: task.id, payload: { taskId: task.id, appId: task.appId, agentId, check: checkResult } });
  }
  if (health !== task.health || healthCause !== task.healthCause || ready !== task.ready) {
    emit({
      type: 'task.health',
      subject: task.id,
      payload: { taskId: task.id, appId: task.appId, agentId, health, previousHealth: task.health, cause: healthCause, ready, previousReady: task.ready },
    });
  }
  const outcome: Applied = started ? (Date.now() - task.stagedAt.getTime()) / 1000 : 'applied';
  if (state === task.state) return outcome;
  if (state === 'FAILED' || state === 'ERROR' || killedForHealth(update, task)) await delayNextLaunch(tx, emit, task.appId);
  emit(
    taskStatusEvent({
      taskId: task.id,
      appId: task.appId,
      agentId,
      state,
      previousState: task.state,
      health,
      ...(update.message && { message: update.message }),
      ...(update.exitCode !== undefined && { exitCode: update.exitCode }),
    }),
  );
  return outcome;
}

/**
 * The agent killing a task for failing its health checks says so with
 * healthy: false on its KILLING (or, when it had no process yet, KILLED)
 * update. That counts as a failure for the app's backoff, once per task (on the
 * first report of that kill); a kill the gateway ordered does not.
 */
function killedForHealth(update: StatusUpdate, task: Task): boolean {
  const reportsKill = update.state === 'KILLING' || update.state === 'KILLED';
  return update.health?.healthy === false && reportsKill && task.desiredState === 'RUN' && task.reportedState !== 'KILLING';
}

/**
 * The update without NUL characters, which PostgreSQL refuses in text and JSON: the end of a crashed
 * program's stderr may well hold some, and an update that can never be stored is resent for ever.
 */
function storable(update: StatusUpdate): StatusUpdate {
  const clean = (text: string | undefined) => text?.replaceAll('\u0000', '');
  return {
    ...update,
    message: clean(update.message),
    ...(update.health && { health: { ...update.health, cause: clean(update.health.cause) } }),
    ...(update.check && { check: { ...update.check, cause: clean(update.check.cause) } }),
  };
}

function causeOf(update: StatusUpdate): string | null {
  return update.health?.healthy === false ? (update.health.cause ?? null) : null;
}

function healthOf(update: StatusUpdate): TaskHealth | null {
  if (update.health?.healthy === undefined) return null;
  return update.health.healthy ? 'HEALTHY' : 'UNHEALTHY';
}

/** A failed task pushes the app's next launch back (Marathon's backoff), so a crash loop cannot flood anything. */
export async function delayNextLaunch(tx: SqlQueries, emit: Emit, appId: string): Promise<void> {
  const [app] = await tx.query<Pick<App, 'launchDelaySeconds' | 'spec'>>('SELECT "launchDelaySeconds", spec FROM "App" WHERE id = $1', [appId]);
  if (!app) return;
  const delay = nextLaunchDelay(app, specOf(app));
  // updatedAt as Prisma's @updatedAt would set it.
  await tx.query('UPDATE "App" SET "launchDelaySeconds" = $2, "launchDelayUntil" = $3, "updatedAt" = $4 WHERE id = $1', [
    appId,
    delay.launchDelaySeconds,
    delay.launchDelayUntil,
    new Date(),
  ]);
  emit({ type: 'app.delayed', subject: appId, payload: { appId, delaySeconds: delay.launchDelaySeconds, until: delay.launchDelayUntil.toISOString() } });
}
