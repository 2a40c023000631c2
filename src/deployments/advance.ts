import { type AppSpec, specOf } from '../apps/index.ts';
import { recordChange } from '../events/index.ts';
import type { App, PrismaClient, Task } from '../generated/prisma/client.ts';
import { advanceSteps, type StepState, type TaskCounts } from './progress.ts';
import type { DeploymentCounters } from './counters.ts';
import type { StepAction } from './steps.ts';

export interface AdvanceInput {
  apps: App[];
  /** Every task holding resources, as the control loop left them this pass */
  activeTasks: Task[];
  isReady: (task: Task, spec: AppSpec) => boolean;
  counters?: DeploymentCounters;
}

/** Moves every running deployment's steps on from what its app's tasks are now; a deployment whose steps are all done succeeds. */
export async function advanceDeployments(prisma: PrismaClient, { apps, activeTasks, isReady, counters }: AdvanceInput): Promise<void> {
  const running = await prisma.deployment.findMany({
    where: { status: 'RUNNING' },
    include: { steps: { orderBy: { position: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  for (const deployment of running) {
    const app = apps.find((candidate) => candidate.id === deployment.appId);
    // Made after this pass read the apps (or its app is gone): the tasks counted here are not its tasks yet.
    if (!app || app.version !== deployment.toVersion) continue;
    const before: StepState[] = deployment.steps.map((step) => ({
      position: step.position,
      action: step.action as StepAction,
      target: (step.detail as { target: number }).target,
      status: step.status,
    }));
    const { steps, finished } = advanceSteps(before, countTasks(app, activeTasks, isReady));
    const changed = steps.filter((step, index) => step.status !== before[index]!.status);
    if (changed.length === 0 && !finished) continue;
    const succeededAt = await recordChange(prisma, async (tx, emit) => {
      const now = new Date();
      for (const step of changed) {
        await tx.deploymentStep.update({
          where: { deploymentId_position: { deploymentId: deployment.id, position: step.position } },
          data: { status: step.status, ...(step.status === 'RUNNING' && { startedAt: now }), ...(step.status === 'DONE' && { finishedAt: now }) },
        });
      }
      const done = steps.filter((step) => step.status === 'DONE').length;
      emit({ type: 'deployment.step', subject: deployment.id, payload: { deploymentId: deployment.id, appId: app.id, stepsDone: done, steps: steps.length } });
      if (finished) {
        // Only a deployment still running succeeds: a newer one may have superseded it meanwhile.
        const ended = await tx.deployment.updateMany({ where: { id: deployment.id, status: 'RUNNING' }, data: { status: 'SUCCEEDED', finishedAt: now } });
        if (ended.count > 0) {
          emit({
            type: 'deployment.succeeded',
            subject: deployment.id,
            payload: { deploymentId: deployment.id, appId: app.id, version: deployment.toVersion },
          });
          return now;
        }
      }
      return null;
    });
    if (succeededAt) counters?.deploymentSucceeded((succeededAt.getTime() - deployment.createdAt.getTime()) / 1000);
  }
}

function countTasks(app: App, activeTasks: Task[], isReady: AdvanceInput['isReady']): TaskCounts {
  const spec = specOf(app);
  const tasks = activeTasks.filter((task) => task.appId === app.id);
  return {
    readyCurrent: tasks.filter((task) => task.appVersion === app.version && isReady(task, spec)).length,
    oldActive: tasks.filter((task) => task.appVersion !== app.version).length,
    allActive: tasks.length,
  };
}
