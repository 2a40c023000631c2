import { describe, expect, it } from 'vitest';
import { createApp, updateApp } from '../../src/apps/index.ts';
import { isReady } from '../../src/scheduler/index.ts';
import { advanceDeployments } from '../../src/deployments/index.ts';
import { databaseKinds, migratedDatabaseForSuite } from '../helpers/databases.ts';

describe.each(databaseKinds)('deployment progress on %s', (kind) => {
  const database = migratedDatabaseForSuite(kind);

  it("a control loop pass that read the apps before a change does not judge the change's deployment by the old tasks", async () => {
    const db = database();
    const { app: before } = await createApp(db.prisma, { id: '/race/web', cmd: 'serve', instances: 1 });
    const oldTask = await db.prisma.task.create({
      data: { id: 'race_web.old', appId: '/race/web', appVersion: 1, state: 'RUNNING', cpus: 1, mem: 1, disk: 0, ports: [], startedAt: new Date() },
    });
    // The pass read the apps here (version 1), then the update lands.
    const { deployment } = await updateApp(db.prisma, '/race/web', { env: { COLOR: 'green' } });
    await advanceDeployments(db, { apps: [before], activeTasks: [oldTask], isReady });
    expect(await db.prisma.deployment.findUniqueOrThrow({ where: { id: deployment!.id } })).toMatchObject({ status: 'RUNNING' });

    // With what the app is now, the old task is old: the first step waits for a new one.
    const now = await db.prisma.app.findUniqueOrThrow({ where: { id: '/race/web' } });
    await advanceDeployments(db, { apps: [now], activeTasks: [oldTask], isReady });
    const steps = await db.prisma.deploymentStep.findMany({ where: { deploymentId: deployment!.id }, orderBy: { position: 'asc' } });
    expect(steps.map((step) => step.status)).toEqual(['RUNNING', 'PENDING']);
  });
});
