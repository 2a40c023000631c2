import { specOf } from '../apps/index.ts';
import type { Emit, Tx } from '../events/index.ts';
import type { App, Deployment, DeploymentStep } from '../generated/prisma/client.ts';
import { activeStates } from '../tasks/index.ts';
import { describeStep, planSteps, type DeploymentKind } from './steps.ts';

export type DeploymentWithSteps = Deployment & { steps: DeploymentStep[] };

/**
 * Starts the deployment that takes `app` (already at its new version) from
 * `fromVersion` to where its definition says, in the transaction that made the
 * version. A deployment still running for the app is superseded, as in Marathon.
 */
export async function startDeployment(tx: Tx, emit: Emit, app: App, kind: DeploymentKind, fromVersion: number | null): Promise<DeploymentWithSteps> {
  // A new app (stored in this transaction, any app of its id before it purged) has neither a
  // deployment nor a task yet: two reads fewer for each app of a burst of creations.
  const fresh = kind === 'CREATE';
  if (!fresh) await supersedeRunning(tx, emit, app.id);
  const spec = specOf(app);
  const tasks = fresh ? [] : await tx.task.findMany({ where: { appId: app.id, state: { in: activeStates } }, select: { appVersion: true } });
  const oldTasks = tasks.filter((task) => task.appVersion !== app.version).length;
  // A deleted app wants none of its tasks: all of them stop.
  const steps =
    kind === 'DELETE'
      ? planSteps({ kind, instances: 0, oldTasks: 0, currentTasks: tasks.length, upgradeStrategy: spec.upgradeStrategy })
      : planSteps({ kind, instances: spec.instances, oldTasks, currentTasks: tasks.length - oldTasks, upgradeStrategy: spec.upgradeStrategy });
  // Two INSERTs, each answering with its rows: created as one nested write, with its steps included,
  // it was four statements, each a round trip through a gateway that a burst keeps busy.
  const created = await tx.deployment.create({ data: { appId: app.id, kind, fromVersion, toVersion: app.version } });
  const madeSteps = await tx.deploymentStep.createManyAndReturn({
    data: steps.map((step, position) => ({
      deploymentId: created.id,
      position,
      action: step.action,
      detail: { target: step.target, description: describeStep(step, app.version) },
    })),
  });
  const deployment: DeploymentWithSteps = { ...created, steps: madeSteps.sort((a, b) => a.position - b.position) };
  emit({
    type: 'deployment.started',
    subject: deployment.id,
    payload: { deploymentId: deployment.id, appId: app.id, kind, fromVersion, toVersion: app.version, steps: steps.length },
  });
  return deployment;
}

async function supersedeRunning(tx: Tx, emit: Emit, appId: string): Promise<void> {
  const running = await tx.deployment.findMany({ where: { appId, status: 'RUNNING' }, select: { id: true } });
  if (running.length === 0) return;
  const ids = running.map((deployment) => deployment.id);
  await tx.deployment.updateMany({ where: { id: { in: ids } }, data: { status: 'SUPERSEDED', finishedAt: new Date() } });
  await tx.deploymentStep.updateMany({ where: { deploymentId: { in: ids }, status: { in: ['PENDING', 'RUNNING'] } }, data: { status: 'CANCELED' } });
  for (const id of ids) emit({ type: 'deployment.superseded', subject: id, payload: { deploymentId: id, appId } });
}
