import { isUuid } from '../db/index.ts';
import { DeploymentNotFound, DeploymentNotRunning, type DeploymentWithSteps } from '../deployments/index.ts';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { lockApp, removeApp, rollBackTo } from './store.ts';

export interface CanceledDeployment {
  canceled: DeploymentWithSteps;
  /** The deployment that reverts the change (for a new app, the one that removes it); none with `force` */
  rollback: DeploymentWithSteps | null;
  /** Set when canceling the app's first deployment removed the app */
  removedAppId: string | null;
}

/**
 * Marathon's DELETE /v2/deployments/{id}: the deployment stops and a new one
 * reverts the app to the version it came from (a created app is removed).
 * With `force`, nothing is reverted: the app stays at its new version.
 */
export function cancelDeployment(prisma: PrismaClient, id: string, force: boolean): Promise<CanceledDeployment> {
  return recordChange(prisma, async (tx, emit) => {
    const found = isUuid(id) ? await tx.deployment.findUnique({ where: { id }, select: { appId: true } }) : null;
    if (!found) throw new DeploymentNotFound(id);
    const app = await lockApp(tx, found.appId);
    const deployment = await tx.deployment.findUniqueOrThrow({ where: { id }, include: { steps: true } });
    if (deployment.status !== 'RUNNING') throw new DeploymentNotRunning(id, deployment.status);

    const canceled = await markCanceled(tx, emit, deployment, force);
    if (force) return { canceled, rollback: null, removedAppId: null };
    if (deployment.fromVersion === null) {
      const { deployment: removal } = await removeApp(tx, emit, app.id);
      return { canceled, rollback: removal, removedAppId: app.id };
    }
    const { deployment: rollback } = await rollBackTo(tx, emit, app, deployment.fromVersion);
    return { canceled, rollback, removedAppId: null };
  });
}

async function markCanceled(tx: Tx, emit: Emit, deployment: DeploymentWithSteps, force: boolean): Promise<DeploymentWithSteps> {
  await tx.deploymentStep.updateMany({ where: { deploymentId: deployment.id, status: { in: ['PENDING', 'RUNNING'] } }, data: { status: 'CANCELED' } });
  const canceled = await tx.deployment.update({
    where: { id: deployment.id },
    data: { status: 'CANCELED', finishedAt: new Date() },
    include: { steps: { orderBy: { position: 'asc' } } },
  });
  emit({ type: 'deployment.canceled', subject: deployment.id, payload: { deploymentId: deployment.id, appId: deployment.appId, force } });
  return canceled;
}
