import { type AppSpec, specOf } from '../apps/index.ts';
import type { Database, SqlQueries } from '../db/index.ts';
import { recordEachInSql, type Emit } from '../events/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import { advanceSteps, type StepState } from './progress.ts';
import { versionCounts } from '../tasks/index.ts';
import type { DeploymentCounters } from './counters.ts';
import type { StepAction } from './steps.ts';
import type { DeploymentWithSteps } from './start.ts';

export interface AdvanceInput {
  apps: App[];
  /** Every task holding resources, as the control loop left them this pass */
  activeTasks: Task[];
  isReady: (task: Task, spec: AppSpec) => boolean;
  counters?: DeploymentCounters;
}

/** What one deployment's steps became this pass. */
interface Progress {
  deployment: DeploymentWithSteps;
  appId: string;
  steps: StepState[];
  changed: StepState[];
  finished: boolean;
}

/**
 * Moves every running deployment's steps on from what its app's tasks are now; a deployment whose
 * steps are all done succeeds. Every deployment's progress is written in one transaction (should it
 * fail, each in its own): one a deployment made a burst of new apps wait for the event log's lock
 * once per app, and that was most of the control loop's pass (bench/README.md, scale).
 */
export async function advanceDeployments(db: Database, { apps, activeTasks, isReady, counters }: AdvanceInput): Promise<void> {
  const running = await db.prisma.deployment.findMany({
    where: { status: 'RUNNING' },
    include: { steps: { orderBy: { position: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  if (running.length === 0) return;
  const appsById = new Map(apps.map((app) => [app.id, app]));
  const tasksOf = new Map<string, Task[]>();
  for (const task of activeTasks) {
    const tasks = tasksOf.get(task.appId);
    if (tasks) tasks.push(task);
    else tasksOf.set(task.appId, [task]);
  }
  const progress: Progress[] = [];
  for (const deployment of running) {
    const app = appsById.get(deployment.appId);
    // Made after this pass read the apps (or its app is gone): the tasks counted here are not its tasks yet.
    if (!app || app.version !== deployment.toVersion) continue;
    const before: StepState[] = deployment.steps.map((step) => ({
      position: step.position,
      action: step.action as StepAction,
      target: (step.detail as { target: number }).target,
      status: step.status,
    }));
    const spec = specOf(app);
    const { steps, finished } = advanceSteps(
      before,
      versionCounts(app.version, tasksOf.get(app.id) ?? [], (task) => isReady(task, spec)),
    );
    const changed = steps.filter((step, index) => step.status !== before[index]!.status);
    if (changed.length > 0 || finished) progress.push({ deployment, appId: app.id, steps, changed, finished });
  }
  const outcomes = await recordEachInSql(db.sql, progress, writeProgress);
  outcomes.forEach((outcome, i) => {
    const at = outcome.status === 'fulfilled' ? outcome.value : null;
    if (at) counters?.deploymentSucceeded((at.getTime() - progress[i]!.deployment.createdAt.getTime()) / 1000);
  });
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * The deployments' steps, their deployment.step events and, for those whose every step is done,
 * their success: for each, when it succeeded, or null. Every changed step in one UPDATE and every
 * success in another: one statement a step, a burst of hundreds of new apps waited a round trip
 * for each at every pass. On the plain SQL path, so the events go with the COMMIT: through Prisma
 * the event log's lock was held for a round trip through the leader's busy event loop at every
 * pass, and every gateway's status updates waited for it (bench/README.md, scale).
 */
async function writeProgress(tx: SqlQueries, emit: Emit, progress: readonly Progress[]): Promise<(Date | null)[]> {
  const now = new Date();
  const steps = progress.flatMap(({ deployment, changed }) => changed.map(({ position, status }) => ({ deploymentId: deployment.id, position, status })));
  if (steps.length > 0) {
    await tx.query(
      `UPDATE "DeploymentStep" AS s
       SET status = v.status::"DeploymentStepStatus",
           "startedAt" = CASE WHEN v.status = 'RUNNING' THEN $1::timestamptz ELSE s."startedAt" END,
           "finishedAt" = CASE WHEN v.status = 'DONE' THEN $1::timestamptz ELSE s."finishedAt" END
       FROM json_to_recordset($2::json) AS v("deploymentId" text, position int, status text)
       WHERE s."deploymentId" = v."deploymentId"::uuid AND s.position = v.position`,
      [now, JSON.stringify(steps)],
    );
  }
  for (const { deployment, appId, steps: all } of progress) {
    const done = all.filter((step) => step.status === 'DONE').length;
    emit({ type: 'deployment.step', subject: deployment.id, payload: { deploymentId: deployment.id, appId, stepsDone: done, steps: all.length } });
  }
  const finishing = progress.filter(({ finished }) => finished).map(({ deployment }) => deployment.id);
  // Only a deployment still running succeeds: a newer one may have superseded it meanwhile.
  const ended = new Set(
    finishing.length === 0
      ? []
      : (
          await tx.query<{ id: string }>(
            `UPDATE "Deployment" SET status = 'SUCCEEDED', "finishedAt" = $1::timestamptz
             WHERE id = ANY($2::uuid[]) AND status = 'RUNNING' RETURNING id::text`,
            [now, finishing],
          )
        ).map((row) => row.id),
  );
  return progress.map(({ deployment, appId }) => {
    if (!ended.has(deployment.id)) return null;
    emit({ type: 'deployment.succeeded', subject: deployment.id, payload: { deploymentId: deployment.id, appId, version: deployment.toVersion } });
    return now;
  });
}
