import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppSpec } from '../../src/apps/index.ts';
import type { Database } from '../../src/db/index.ts';
import { marathonApps } from '../../src/marathon/app-json.ts';
import { databaseKinds, migratedDatabase } from '../helpers/databases.ts';

// GET /v2/apps?embed=apps.tasks on a large cluster: the statements sent do not
// grow with the apps (no statement per app), counted on a database no gateway uses.

const APPS = 500;
const TASKS_PER_APP = 5;

describe.each(databaseKinds)(`Marathon's app JSON of ${APPS} apps on %s`, (kind) => {
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    db = database.db;
    // One app made the ordinary way gives the stored shape; the rest are copies written directly, for speed.
    const { app } = await createApp(db.prisma, {
      id: '/bulk/app-0000',
      cmd: 'sleep 1000',
      instances: TASKS_PER_APP,
      healthChecks: [{ protocol: 'COMMAND', command: { value: 'true' } }],
    });
    const spec = app.spec as unknown as AppSpec;
    const ids = Array.from({ length: APPS - 1 }, (_, index) => `/bulk/app-${String(index + 1).padStart(4, '0')}`);
    const json = (id: string) => ({ ...spec, id }) as object;
    await db.prisma.app.createMany({ data: ids.map((id) => ({ id, spec: json(id), version: 1 })) });
    await db.prisma.appVersion.createMany({ data: ids.map((id) => ({ appId: id, version: 1, spec: json(id) })) });
    const now = new Date();
    await db.prisma.task.createMany({
      data: ['/bulk/app-0000', ...ids].flatMap((appId) =>
        Array.from({ length: TASKS_PER_APP }, (_, index) => ({
          id: `${appId.slice(1).replace('/', '_')}.${index}`,
          appId,
          appVersion: 1,
          state: 'RUNNING' as const,
          health: index === 0 ? ('UNHEALTHY' as const) : ('HEALTHY' as const),
          host: '127.0.0.1',
          ports: [20000 + index],
          cpus: 0.1,
          mem: 32,
          disk: 0,
          stagedAt: now,
          startedAt: now,
        })),
      ),
    });
  }, 180_000);
  afterAll(async () => database?.drop());

  it('reads every app with its tasks, counts and failures in a constant number of statements', async () => {
    const embed = new Set(['apps.tasks', 'apps.counts', 'apps.deployments', 'apps.lastTaskFailure', 'apps.taskStats', 'apps.readiness']);
    const before = db.statementsSent();
    const apps = await marathonApps(db.prisma, {}, embed);
    const sent = db.statementsSent() - before;
    expect(apps).toHaveLength(APPS);
    expect(sent).toBeLessThanOrEqual(7);
    const last = apps.at(-1)!;
    expect(last.id).toBe('/bulk/app-0499');
    expect(last.tasks).toHaveLength(TASKS_PER_APP);
    expect(last).toMatchObject({ tasksRunning: 5, tasksHealthy: 4, tasksUnhealthy: 1, tasksStaged: 0, deployments: [] });
    expect((last.tasks as { state: string }[])[0]!.state).toBe('TASK_RUNNING');

    // The same count for one app as for five hundred.
    const beforeOne = db.statementsSent();
    await marathonApps(db.prisma, { id: '/bulk/app-0007' }, embed);
    expect(db.statementsSent() - beforeOne).toBe(sent);
  });
});
