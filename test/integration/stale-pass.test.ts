import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/apps/index.ts';
import { countNothing } from '../../src/metrics/index.ts';
import { decidePass, submitPlan } from '../../src/scheduler/index.ts';
import { aPassSnapshot, someOffers } from '../helpers/builders.ts';
import { databaseKinds, migratedDatabaseForSuite } from '../helpers/databases.ts';

// A pass reads tasks and apps in separate statements, so it can see a task's failure without the
// crash-loop delay written with it. What it writes must still honour the delay.
describe.each(databaseKinds)('a pass that read a failure but not its delay, on %s', (kind) => {
  const database = migratedDatabaseForSuite(kind);

  it('starts no replacement while the delay is in force, and starts one once the app is not delayed', async () => {
    const db = database();
    const agent = await db.prisma.agent.create({
      data: { hostname: 'stale', os: 'LINUX', arch: 'x64', version: 'test', cpus: 4, mem: 4096, disk: 10_000, portRanges: [[31_000, 31_099]] },
    });
    const { app } = await createApp(db.prisma, { id: '/stale/crash', cmd: 'exit 3', cpus: 0.1, mem: 16, backoffSeconds: 60 });
    // What the pass read: the app as it was before its task failed, and no active task.
    const stale = await db.prisma.app.findUniqueOrThrow({ where: { id: app.id } });
    const decide = () => decidePass(aPassSnapshot({ apps: [stale], now: new Date() }), someOffers({ agents: [agent] }));
    expect(decide().apps[0]!.place).toHaveLength(1);

    // The failure's delay, written meanwhile.
    await db.prisma.app.update({ where: { id: app.id }, data: { launchDelaySeconds: 60, launchDelayUntil: new Date(Date.now() + 60_000) } });
    const held = await submitPlan(db, decide(), [], countNothing);
    expect(held.changed).toEqual([]);
    expect(await db.prisma.task.count({ where: { appId: app.id } })).toBe(0);

    await db.prisma.app.update({ where: { id: app.id }, data: { launchDelaySeconds: 60, launchDelayUntil: new Date(Date.now() - 1000) } });
    const started = await submitPlan(db, decide(), [], countNothing);
    expect(started.changed).toMatchObject([{ appId: app.id, state: 'STAGING', agentId: agent.id }]);
    expect(await db.prisma.task.count({ where: { appId: app.id } })).toBe(1);
  });
});
