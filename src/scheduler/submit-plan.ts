import type { Database, SqlQueries } from '../db/index.ts';
import type { Task } from '../generated/prisma/client.ts';
import { recordEachInSql, taskKillingEvent, type Emit } from '../events/index.ts';
import type { ClusterCounters } from '../metrics/index.ts';
import { killOrder, wantedInSql } from '../tasks/index.ts';
import { describeReasons } from './placement/index.ts';
import { insertTasks } from './task-rows.ts';
import { changesSomething, type AppDecision, type PassPlan } from './plan.ts';

/**
 * Writes a pass's plan (Nomad's SubmitPlan): every app's decision with its events in one
 * transaction; should that fail, each app's in a transaction of its own, app after app, so an app
 * whose write fails leaves the others' written. (One transaction per app made a burst of new apps
 * wait for the event log's lock once per app, behind every status update of every gateway.)
 * Returns the active tasks as they are once written (the apps' kills ordered, their new tasks
 * added), and those of them it changed or made. Throws, once every app has been tried, when some
 * could not be written.
 */
export async function submitPlan(
  db: Database,
  plan: PassPlan,
  activeTasks: readonly Task[],
  counters: ClusterCounters,
): Promise<{ tasksNow: Task[]; changed: Task[] }> {
  const decisions = plan.apps.filter(changesSomething);
  const killed = new Map<string, string>();
  const created: Task[] = [];
  const written = (decision: AppDecision, tasks: Task[]) => {
    if (tasks.length > 0) counters.tasksPlaced(tasks.length);
    for (const { taskId, reason } of decision.kill) killed.set(taskId, reason);
    created.push(...tasks);
  };
  const failed: { appId: string; error: unknown }[] = [];
  (await recordEachInSql(db.sql, decisions, writeDecisions)).forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') written(decisions[i]!, outcome.value);
    else failed.push({ appId: decisions[i]!.appId, error: outcome.reason });
  });
  if (failed.length > 0) throw new Error(`the plan of ${failed.map(({ appId }) => appId).join(', ')} could not be written`, { cause: failed[0]!.error });
  const changed: Task[] = [...created];
  const ordered = (task: Task): Task => {
    const reason = killed.get(task.id);
    if (reason === undefined) return task;
    const killing = { ...task, ...killOrder(reason) };
    changed.push(killing);
    return killing;
  };
  return { tasksNow: [...activeTasks.map(ordered), ...created], changed };
}

/**
 * The apps' kills, new tasks and why some did not fit, with their events; each app's new tasks, in
 * order. Every app's new tasks go in one INSERT: one an app, a burst of hundreds of apps waited for
 * a round trip each, most of the time a pass took to write its plan.
 */
async function writeDecisions(tx: SqlQueries, emit: Emit, decisions: readonly AppDecision[]): Promise<Task[][]> {
  const stagedAt = new Date();
  const killed = await orderKills(tx, decisions, stagedAt);
  const delayed = await delayedSinceRead(tx, decisions, stagedAt);
  const placing = decisions.map((decision) => (delayed.has(decision.appId) ? [] : decision.place));
  const tasks = await insertTasks(tx, placing.flat(), stagedAt);
  let next = 0;
  const placed: Task[][] = [];
  for (const [i, decision] of decisions.entries()) {
    placed.push(tasks.slice(next, (next += placing[i]!.length)));
    await writeDecision(tx, emit, decision, killed, placed.at(-1)!);
  }
  return placed;
}

/**
 * The placing apps whose crash-loop delay is in force now, though the pass saw none. A task's
 * failure and its app's delay are written together, but the pass reads tasks and apps in separate
 * statements, after the events that named them: it may read a task's failure and not yet its app's
 * delay, and would start a replacement at once. Read here, after the pass's reads, the delay of any
 * failure the pass saw is there (a failure written since, the pass did not see: it placed nothing for it).
 */
async function delayedSinceRead(tx: SqlQueries, decisions: readonly AppDecision[], at: Date): Promise<Set<string>> {
  const placing = decisions.filter((decision) => decision.place.length > 0).map((decision) => decision.appId);
  if (placing.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(`SELECT id FROM "App" WHERE id = ANY($1::text[]) AND "launchDelayUntil" > $2`, [placing, at]);
  return new Set(rows.map((row) => row.id));
}

/** Every kill of the decisions ordered in one statement, of the tasks still wanted (killOrder); the ids of those it ordered. */
async function orderKills(tx: SqlQueries, decisions: readonly AppDecision[], at: Date): Promise<Set<string>> {
  const kills = decisions.flatMap((decision) => decision.kill.map(({ taskId, reason }) => ({ taskId, message: killOrder(reason, at).message })));
  if (kills.length === 0) return new Set();
  const { desiredState, state, killAt } = killOrder('', at);
  const ordered = await tx.query<{ id: string }>(
    `UPDATE "Task" AS t SET "desiredState" = $2::"TaskDesiredState", state = $3::"TaskState", "killAt" = $4, message = v.message
     FROM json_to_recordset($1::json) AS v("taskId" text, message text)
     WHERE t.id = v."taskId" AND ${wantedInSql('t')}
     RETURNING t.id`,
    [JSON.stringify(kills), desiredState, state, killAt],
  );
  return new Set(ordered.map((row) => row.id));
}

/** One app's events (its kills ordered, its new tasks: `tasks`, inserted) and why some of its tasks did not fit. */
async function writeDecision(tx: SqlQueries, emit: Emit, decision: AppDecision, killed: Set<string>, tasks: Task[]): Promise<void> {
  const { appId, version, placementFailures, resetDelay } = decision;
  for (const { taskId, agentId, reason } of decision.kill) {
    if (killed.has(taskId)) emit(taskKillingEvent({ taskId, appId, agentId, reason }));
  }
  for (const task of tasks) {
    emit({ type: 'task.placed', subject: task.id, payload: { taskId: task.id, appId, agentId: task.agentId, host: task.host, ports: task.ports, version } });
  }
  if (placementFailures !== undefined || resetDelay) {
    // updatedAt as Prisma's @updatedAt would set it.
    await tx.query(
      `UPDATE "App" SET "updatedAt" = $2,
         "placementFailures" = CASE WHEN $3 THEN $4::jsonb ELSE "placementFailures" END,
         "launchDelaySeconds" = CASE WHEN $5 THEN NULL ELSE "launchDelaySeconds" END,
         "launchDelayUntil" = CASE WHEN $5 THEN NULL ELSE "launchDelayUntil" END
       WHERE id = $1`,
      [appId, new Date(), placementFailures !== undefined, placementFailures ? JSON.stringify(placementFailures) : null, resetDelay],
    );
    if (placementFailures)
      emit({
        type: 'app.waiting',
        subject: appId,
        payload: { appId, unplaced: decision.unplaced, reasons: placementFailures, summary: describeReasons(placementFailures) },
      });
  }
}
