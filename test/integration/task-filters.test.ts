import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/apps/index.ts';
import { TaskDesiredState, TaskState } from '../../src/generated/prisma/enums.ts';
import { activeInSql, activeStates, wanted, wantedInSql } from '../../src/tasks/index.ts';
import { databaseKinds, migratedDatabaseForSuite } from '../helpers/databases.ts';

// A pass orders kills in plain SQL and counts instances through Prisma: both must mean the same tasks.
describe.each(databaseKinds)('the tasks the gateway still wants, and those holding resources, on %s', (kind) => {
  const database = migratedDatabaseForSuite(kind);

  // A task in every state with every desired state.
  beforeAll(async () => {
    const db = database();
    await createApp(db.prisma, { id: '/filters/web', cmd: 'serve', instances: 1 });
    const combinations = Object.values(TaskState).flatMap((state) => Object.values(TaskDesiredState).map((desiredState) => ({ state, desiredState })));
    await db.prisma.task.createMany({
      data: combinations.map(({ state, desiredState }) => ({
        id: `filters_web.${state}-${desiredState}`,
        appId: '/filters/web',
        appVersion: 1,
        state,
        desiredState,
        cpus: 1,
        mem: 1,
        disk: 0,
        ports: [],
      })),
    });
  });
  const count = Object.values(TaskState).length * Object.values(TaskDesiredState).length;

  it('are the same tasks whether asked through Prisma (wanted) or in plain SQL (wantedInSql), over every state and desired state', async () => {
    const db = database();
    const throughPrisma = (await db.prisma.task.findMany({ where: { appId: '/filters/web', ...wanted }, select: { id: true } })).map((task) => task.id);
    const inSql = (await db.sql.query<{ id: string }>(`SELECT t.id FROM "Task" t WHERE t."appId" = '/filters/web' AND ${wantedInSql('t')}`)).map(
      (task) => task.id,
    );
    expect(inSql.sort()).toEqual(throughPrisma.sort());
    // Not all or nothing: some of each.
    expect(throughPrisma.length).toBeGreaterThan(0);
    expect(throughPrisma.length).toBeLessThan(count);
  });

  it('hold resources the same whether asked through Prisma (activeStates) or in plain SQL (activeInSql)', async () => {
    const db = database();
    const throughPrisma = (await db.prisma.task.findMany({ where: { appId: '/filters/web', state: { in: activeStates } }, select: { id: true } })).map(
      (task) => task.id,
    );
    const inSql = (await db.sql.query<{ id: string }>(`SELECT t.id FROM "Task" t WHERE t."appId" = '/filters/web' AND ${activeInSql('t')}`)).map(
      (task) => task.id,
    );
    expect(inSql.sort()).toEqual(throughPrisma.sort());
    expect(throughPrisma.length).toBeGreaterThan(0);
    expect(throughPrisma.length).toBeLessThan(count);
  });
});
