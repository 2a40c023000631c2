import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { createApp } from '../src/apps/index.ts';
import { applyMigrations, openDatabase, type Database } from '../src/db/index.ts';
import { EventFeed } from '../src/events/index.ts';
import { countNothing, type ClusterCounters } from '../src/metrics/index.ts';
import { ControlLoop } from '../src/scheduler/index.ts';
import { newTaskId } from '../src/tasks/index.ts';
import { seedAgentRows } from './agent-rows.ts';
import { onCleanup } from './cleanup.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { scratchDatabase } from './scratch-database.ts';
import { atLeast, latencies, round } from './stats.ts';

/** What issue 4 asked of placement: 5,000 placements a second, on either database. */
const GOAL_PER_SECOND = 5000;
/** Rows of one plain INSERT of the floor: as many as a pass places at most (TASKS_PER_PASS). */
const FLOOR_BATCH = 1000;

/**
 * `apps` apps of `tasks / apps` instances each (one host port per task) created at once on `agents`
 * agents, and placed by the real control loop (scheduler/control-loop.ts: read, reconcile, place,
 * write the tasks and their events in one transaction per app) on the database, without HTTP:
 * placements per second from the first createApp to the last task stored, and the duration of each
 * pass (round). The floor: the same number of task rows written by plain INSERT ... VALUES
 * statements of FLOOR_BATCH rows, straight to the driver (no Prisma, no events, no placing);
 * `fractionOfFloor` is how close placement comes to it.
 * The agents are rows that never poll (nothing launches): the loop's liveness is set to an hour.
 */
export async function placement(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('placement');
  const agentCount = options.given.has('agents') ? options.agents[0]! : 1000;
  const appCount = options.given.has('apps') ? options.apps : 10;
  const taskCount = options.tasks;
  const scratch = await scratchDatabase(options.database);
  const dropDatabase = onCleanup(() => scratch.drop());
  const db = await openDatabase(scratch.target);
  const closeDatabase = onCleanup(() => db.close());
  try {
    await applyMigrations(db);
    const agents = await seedAgentRows(db.prisma, agentCount);
    const floor = await floorOf(db, agents, taskCount);
    process.stderr.write(`bench: placement: floor: ${floor.rowsPerSecond} rows/s by plain INSERTs of ${FLOOR_BATCH} rows\n`);
    const placed = await placeThroughTheLoop(db, appCount, taskCount);
    process.stderr.write(`bench: placement: ${taskCount} tasks on ${agentCount} agents in ${placed.seconds} s: ${placed.perSecond} placements/s\n`);
    const check = await checkPlacements(db, appCount, taskCount);
    return run.report(
      options.database,
      { agents: agentCount, tasks: taskCount, apps: appCount, portsPerTask: 1, floorBatchRows: FLOOR_BATCH },
      {
        placementsPerSecond: placed.perSecond,
        seconds: placed.seconds,
        passes: placed.rounds.count,
        roundMs: placed.rounds,
        eventLoopDelayMs: placed.eventLoopDelayMs,
        floor,
        fractionOfFloor: round(placed.perSecond / floor.rowsPerSecond, 2),
        rssMb: megabytes(process.memoryUsage().rss),
        check,
      },
      {
        placementsPerSecond: atLeast(placed.perSecond, GOAL_PER_SECOND, 'placements/s'),
        everyTaskPlacedOnce: {
          target: `${taskCount} tasks, each app at its instances`,
          measured: check.tasks,
          met: check.appsShort.length === 0 && check.tasks === taskCount,
        },
        noAgentOvercommitted: {
          target: 'no agent given more than it offers, no host port twice',
          measured: check.overcommitted.length,
          met: check.overcommitted.length === 0,
        },
      },
    );
  } finally {
    await closeDatabase();
    await dropDatabase();
  }
}

/** The same rows as placement writes (a task of one port on each agent in turn), by plain INSERTs; then removed. */
async function floorOf(db: Database, agents: { id: string; hostname: string }[], count: number) {
  const appId = '/bench/floor';
  await db.prisma.app.create({ data: { id: appId, spec: {}, version: 1 } });
  const rows = Array.from({ length: count }, (_, i) => {
    const agent = agents[i % agents.length]!;
    return {
      id: newTaskId(appId),
      appId,
      appVersion: 1,
      agentId: agent.id,
      host: agent.hostname,
      ports: [31_000 + Math.floor(i / agents.length)],
      cpus: 0.01,
      mem: 8,
      disk: 0,
    };
  });
  const columns = ['id', '"appId"', '"appVersion"', '"agentId"', 'host', 'ports', 'cpus', 'mem', 'disk'];
  const started = performance.now();
  await db.withSession(async (session) => {
    for (let at = 0; at < rows.length; at += FLOOR_BATCH) {
      const batch = rows.slice(at, at + FLOOR_BATCH);
      const values = batch.map((_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
      const parameters = batch.flatMap((task) => [task.id, task.appId, task.appVersion, task.agentId, task.host, task.ports, task.cpus, task.mem, task.disk]);
      await session.query(`INSERT INTO "Task" (${columns.join(', ')}) VALUES ${values.join(', ')}`, parameters);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await db.prisma.app.delete({ where: { id: appId } });
  return { rows: count, seconds: round(seconds, 2), rowsPerSecond: Math.round(count / seconds) };
}

async function placeThroughTheLoop(db: Database, appCount: number, taskCount: number) {
  const events = new EventFeed(db);
  await events.start();
  let placed = 0;
  const passes: number[] = [];
  let allPlaced: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allPlaced = resolve;
  });
  const counters: ClusterCounters = {
    ...countNothing,
    tasksPlaced: (count) => {
      placed += count;
      if (placed >= taskCount) allPlaced();
    },
    passCompleted: (seconds) => passes.push(seconds * 1000),
  };
  const loop = new ControlLoop({ db, events, logger: pino({ level: 'silent' }), unreachableAfterMs: () => 3_600_000, sweepMs: 1000, counters });
  await loop.start();
  try {
    // The loop's first pass, with nothing to do, is not one of the burst's.
    while (passes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const burstFrom = passes.length;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const perApp = Math.floor(taskCount / appCount);
    for (let i = 0; i < appCount; i++) {
      const instances = i === appCount - 1 ? taskCount - perApp * (appCount - 1) : perApp;
      await createApp(db.prisma, {
        id: `/bench/place/app-${String(i).padStart(4, '0')}`,
        cmd: 'sleep 600',
        cpus: 0.01,
        mem: 8,
        instances,
        portDefinitions: [{ port: 0 }],
      });
    }
    await done;
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    return {
      seconds: round(seconds, 2),
      perSecond: Math.round(taskCount / seconds),
      rounds: latencies(passes.slice(burstFrom)),
      eventLoopDelayMs: { p50: round(delay.percentile(50) / 1e6), p99: round(delay.percentile(99) / 1e6), max: round(delay.max / 1e6) },
    };
  } finally {
    await loop.stop();
    await events.stop();
  }
}

/** Every app at its instances, every task placed once; no agent given more cpus, mem, disk than it has, nor a host port twice. */
async function checkPlacements(db: Database, appCount: number, taskCount: number) {
  const perApp = await db.prisma.task.groupBy({ by: ['appId'], where: { appId: { startsWith: '/bench/place/' } }, _count: { _all: true } });
  const apps = await db.prisma.app.findMany({ where: { id: { startsWith: '/bench/place/' } }, select: { id: true, spec: true } });
  const counted = new Map(perApp.map((row) => [row.appId, row._count._all]));
  const appsShort = apps.filter((app) => counted.get(app.id) !== (app.spec as { instances: number }).instances).map((app) => app.id);
  const overcommitted = await db.withSession((session) =>
    session.query<{ agentId: string }>(
      `SELECT a.id AS "agentId" FROM "Agent" a JOIN "Task" t ON t."agentId" = a.id
       GROUP BY a.id HAVING sum(t.cpus) > max(a.cpus) OR sum(t.mem) > max(a.mem) OR sum(t.disk) > max(a.disk)
       UNION
       SELECT t."agentId" FROM "Task" t, unnest(t.ports) AS port GROUP BY t."agentId", port HAVING count(*) > 1`,
    ),
  );
  const tasks = [...counted.values()].reduce((sum, count) => sum + count, 0);
  return {
    apps: apps.length === appCount ? appCount : apps.length,
    tasks: tasks === taskCount ? taskCount : tasks,
    appsShort,
    overcommitted: overcommitted.map((row) => row.agentId),
  };
}
