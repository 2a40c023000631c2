import type { Database } from '../db/index.ts';
import { activeStates, terminalStates } from '../tasks/index.ts';

/** Ended tasks kept per app, for `tasks` and lastTaskFailure; older ones (and their statuses) are expunged. */
const ENDED_TASKS_KEPT = 20;
/** Finished deployments kept per app, for `deployments`; older ones are expunged. */
const FINISHED_DEPLOYMENTS_KEPT = 20;
/** How long a deleted app's record stays after its deletion, so its deployment's end can still be read. */
export const DELETED_APPS_KEPT_MS = 60_000;

/** A deleted app's row (versions, deployments, ended tasks) goes once its tasks have stopped, its deployment has ended and a minute has passed. */
export async function purgeDeletedApps(db: Database): Promise<void> {
  await db.prisma.app.deleteMany({
    where: {
      deletedAt: { lt: new Date(Date.now() - DELETED_APPS_KEPT_MS) },
      tasks: { none: { state: { in: activeStates } } },
      deployments: { none: { status: 'RUNNING' } },
    },
  });
}

/** Keeps the last ENDED_TASKS_KEPT ended tasks and FINISHED_DEPLOYMENTS_KEPT finished deployments of each app. */
export async function expungeEnded(db: Database): Promise<void> {
  await db.prisma.$executeRawUnsafe(
    `DELETE FROM "Deployment" WHERE id IN (
       SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY "appId" ORDER BY "createdAt" DESC) AS n
                       FROM "Deployment" WHERE status <> 'RUNNING') finished
       WHERE n > ${FINISHED_DEPLOYMENTS_KEPT})`,
  );
  await db.prisma.$executeRawUnsafe(
    `DELETE FROM "Task" WHERE id IN (
       SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY "appId" ORDER BY "stagedAt" DESC) AS n
                       FROM "Task" WHERE state IN (${terminalStates.map((state) => `'${state}'`).join(',')})) ended
       WHERE n > ${ENDED_TASKS_KEPT})`,
  );
}
