import type { StatusUpdate } from '../agent/index.ts';
import type { PrismaClient, Task } from '../generated/prisma/client.ts';
import type { TaskHealth } from '../generated/prisma/enums.ts';
import { recordChange, type Emit, type Tx, taskStatusEvent } from '../events/index.ts';
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
 * Applies the reports of several agents in one transaction, in order, in a few statements whatever
 * their number: lock and read their tasks, insert their statuses (a uuid stored before is skipped:
 * applied once however often delivered), then write each changed task once.
 */
async function applyReports(prisma: PrismaClient, reports: AgentReport[], counters: ClusterCounters): Promise<void> {
  const updates = reports.flatMap(({ agentId, updates: reported }) => reported.map((update) => ({ agentId, update: storable(update) })));
  if (updates.length === 0) return;
  const outcomes = await recordChange(prisma, async (tx, emit) => {
    const tasks = await lockTasks(tx, [...new Set(updates.map(({ update }) => update.taskId))]);
    // An update for a task the agent does not run (forgotten, or another agent's) is not stored.
    const known = updates.filter(({ agentId, update }) => tasks.get(update.taskId)?.agentId === agentId);
    const stored = await insertStatuses(
      tx,
      known.map(({ update }) => update),
    );
    const changed = new Set<string>();
    const applied: Applied[] = [];
    for (const { agentId, update } of known) {
      if (!stored.delete(update.uuid)) continue; // delivered before (or twice in this batch): already applied
      const outcome = await applyOne(tx, emit, agentId, update, tasks);
      if (outcome !== 'unchanged') changed.add(update.taskId);
      applied.push(outcome === 'unchanged' ? 'applied' : outcome);
    }
    await writeTasks(
      tx,
      [...changed].map((taskId) => tasks.get(taskId)!),
    );
    return applied;
  });
  counters.statusUpdatesApplied(outcomes.length);
  for (const outcome of outcomes) if (typeof outcome === 'number') counters.taskStarted(outcome);
}

/** The tasks, locked until the transaction ends: the control loop may be killing one meanwhile. In id order, so two batches cannot deadlock. */
async function lockTasks(tx: Tx, ids: string[]): Promise<Map<string, Task>> {
  await tx.$queryRaw`SELECT id FROM "Task" WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
  const rows = await tx.task.findMany({ where: { id: { in: ids } } });
  return new Map(rows.map((task) => [task.id, task]));
}

/** The uuids of the statuses stored now (not those stored before), in one statement of column arrays (Prisma's createMany cost ten times as much). */
async function insertStatuses(tx: Tx, updates: StatusUpdate[]): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  const column = <T>(pick: (update: StatusUpdate) => T) => updates.map(pick);
  const timestamps = column((update) => new Date(update.timestamp));
  // An update whose time cannot be read fails its batch, as a bad row did with createMany.
  if (timestamps.some((time) => Number.isNaN(time.getTime()))) throw new Error('a status update has no valid timestamp');
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "TaskStatus" (id, "taskId", state, health, "healthCause", message, "exitCode", timestamp)
    SELECT v.id::uuid, v.task, v.state::"TaskState", v.health::"TaskHealth", v.cause, v.message, v.exit, v.at
    FROM unnest(${column((update) => update.uuid)}::text[], ${column((update) => update.taskId)}::text[], ${column((update) => update.state)}::text[],
                ${column(healthOf)}::text[], ${column(causeOf)}::text[], ${column((update) => update.message ?? null)}::text[],
                ${column((update) => update.exitCode ?? null)}::int[], ${timestamps.map((time) => time.toISOString())}::timestamptz[])
      AS v(id, task, state, health, cause, message, exit, at)
    ON CONFLICT (id) DO NOTHING
    RETURNING id::text`;
  return new Set(rows.map((row) => row.id));
}

/** Writes the tasks' new states, all in one statement. */
async function writeTasks(tx: Tx, tasks: Task[]): Promise<void> {
  if (tasks.length === 0) return;
  const column = <T>(pick: (task: Task) => T) => tasks.map(pick);
  const at = (date: Date | null) => date?.toISOString() ?? null;
  await tx.$executeRaw`
    UPDATE "Task" AS t
    SET state = v.state::"TaskState", "reportedState" = v.reported::"TaskState", health = v.health::"TaskHealth", "healthCause" = v.cause, ready = v.ready,
        "startedAt" = v.started::timestamptz, "finishedAt" = v.finished::timestamptz, "exitCode" = v.exit, message = v.message,
        "checkResult" = v.checked::jsonb
    FROM unnest(${column((task) => task.id)}::text[], ${column((task) => task.state)}::text[], ${column((task) => task.reportedState)}::text[],
                ${column((task) => task.health)}::text[],
                ${column((task) => task.healthCause)}::text[], ${column((task) => task.ready)}::bool[], ${column((task) => at(task.startedAt))}::text[],
                ${column((task) => at(task.finishedAt))}::text[], ${column((task) => task.exitCode)}::int[], ${column((task) => task.message)}::text[],
                ${column((task) => (task.checkResult === null ? null : JSON.stringify(task.checkResult)))}::text[])
         AS v(id, state, reported, health, cause, ready, started, finished, exit, message, checked)
    WHERE t.id = v.id`;
}

/** The most updates one transaction of a StatusQueue applies. */
const UPDATES_PER_BATCH = 100;

/**
 * The agents' status updates, applied with group commit: the reports of polls that arrive while a
 * transaction runs are applied together in the next one, and a thousand agents reporting at once
 * cost a few transactions (and a few turns of the event-write lock), not a thousand waiting for a
 * pooled connection.
 */
export class StatusQueue {
  private readonly rounds: GroupCommit<AgentReport, void>;

  constructor(prisma: PrismaClient, counters: ClusterCounters = countNothing) {
    this.rounds = new GroupCommit<AgentReport, void>(
      async (reports) => {
        await applyReports(prisma, reports, counters);
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
async function applyOne(tx: Tx, emit: Emit, agentId: string, update: StatusUpdate, tasks: Map<string, Task>): Promise<Applied> {
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
export async function delayNextLaunch(tx: Tx, emit: Emit, appId: string): Promise<void> {
  const app = await tx.app.findUnique({ where: { id: appId } });
  if (!app) return;
  const delay = nextLaunchDelay(app, specOf(app));
  await tx.app.update({ where: { id: appId }, data: delay });
  emit({ type: 'app.delayed', subject: appId, payload: { appId, delaySeconds: delay.launchDelaySeconds, until: delay.launchDelayUntil.toISOString() } });
}
