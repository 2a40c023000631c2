import { Prisma, type PrismaClient, type Task } from '../generated/prisma/client.ts';
import { recordEach, taskKillingEvent, type Emit, type Tx } from '../events/index.ts';
import type { ClusterCounters } from '../metrics/index.ts';
import { wanted, killOrder } from '../tasks/index.ts';
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
  prisma: PrismaClient,
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
  (await recordEach(prisma, decisions, writeDecisions)).forEach((outcome, i) => {
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
async function writeDecisions(tx: Tx, emit: Emit, decisions: readonly AppDecision[]): Promise<Task[][]> {
  const stagedAt = new Date();
  const tasks = await insertTasks(
    tx,
    decisions.flatMap((decision) => decision.place),
    stagedAt,
  );
  let next = 0;
  const placed: Task[][] = [];
  for (const decision of decisions) {
    placed.push(tasks.slice(next, (next += decision.place.length)));
    await writeDecision(tx, emit, decision, placed.at(-1)!);
  }
  return placed;
}

/** One app's kills and why some of its tasks did not fit, with the events of those and of its new tasks (`tasks`, inserted). */
async function writeDecision(tx: Tx, emit: Emit, decision: AppDecision, tasks: Task[]): Promise<void> {
  const { appId, version, placementFailures, resetDelay } = decision;
  for (const { taskId, agentId, reason } of decision.kill) {
    const killed = await tx.task.updateMany({ where: { id: taskId, ...wanted }, data: killOrder(reason) });
    if (killed.count > 0) emit(taskKillingEvent({ taskId, appId, agentId, reason }));
  }
  for (const task of tasks) {
    emit({ type: 'task.placed', subject: task.id, payload: { taskId: task.id, appId, agentId: task.agentId, host: task.host, ports: task.ports, version } });
  }
  if (placementFailures !== undefined || resetDelay) {
    await tx.app.update({
      where: { id: appId },
      data: {
        ...(placementFailures !== undefined && { placementFailures: placementFailures ?? Prisma.DbNull }),
        ...(resetDelay && { launchDelaySeconds: null, launchDelayUntil: null }),
      },
    });
    if (placementFailures)
      emit({
        type: 'app.waiting',
        subject: appId,
        payload: { appId, unplaced: decision.unplaced, reasons: placementFailures, summary: describeReasons(placementFailures) },
      });
  }
}
