import { recordChange, taskKillingEvent } from '../events/index.ts';
import type { DeploymentWithSteps } from '../deployments/index.ts';
import type { PrismaClient, Task } from '../generated/prisma/client.ts';
import { wanted, killOrder, TasksNotFound } from '../tasks/index.ts';
import { specOf } from './spec.ts';
import { lockApp, storeVersion } from './store.ts';

export interface KilledTasks {
  tasks: Task[];
  /** With `scale`: one scale-down deployment per app */
  deployments: DeploymentWithSteps[];
}

/**
 * Marathon's task kill: the tasks are killed and, unless `scale`, replaced by
 * the control loop; with `scale`, each app's instances drop by the tasks
 * killed. All or nothing: an unknown or ended task refuses the whole request.
 */
export function killTasks(prisma: PrismaClient, taskIds: string[], scale: boolean): Promise<KilledTasks> {
  const ids = [...new Set(taskIds)];
  return recordChange(prisma, async (tx, emit) => {
    const found = await tx.task.findMany({ where: { id: { in: ids }, ...wanted }, orderBy: { id: 'asc' } });
    const missing = ids.filter((id) => !found.some((task) => task.id === id));
    if (missing.length > 0) throw new TasksNotFound(missing);

    const appIds = [...new Set(found.map((task) => task.appId))];
    const apps = [];
    for (const appId of appIds) apps.push(await lockApp(tx, appId));
    const reason = scale ? 'killed by an operator, app scaled down' : 'killed by an operator';
    await tx.task.updateMany({ where: { id: { in: ids } }, data: killOrder(reason) });
    for (const task of found) emit(taskKillingEvent({ taskId: task.id, appId: task.appId, agentId: task.agentId, reason }));

    const deployments: DeploymentWithSteps[] = [];
    for (const app of scale ? apps : []) {
      const spec = specOf(app);
      const killed = found.filter((task) => task.appId === app.id).length;
      const change = await storeVersion(tx, emit, app, { ...spec, instances: Math.max(0, spec.instances - killed) }, { event: 'app.scaled', kind: 'SCALE' });
      if (change.deployment) deployments.push(change.deployment);
    }
    return { tasks: await tx.task.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }), deployments };
  });
}
