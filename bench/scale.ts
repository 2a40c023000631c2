import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CreateAppDocument, GatewayClient, GatewayRequestError, type CreateAppMutation, type CreateAppMutationVariables } from '../src/client/index.ts';
import { openDatabase } from '../src/db/index.ts';
import { newSecret } from '../src/tokens/index.ts';
import { AgentLink } from './agent-link.ts';
import { ApiBalance } from './api-balance.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayProcess, type GatewayStats, type GatewayUnderTest } from './gateway-under-test.ts';
import { machineCpuMs, PeakMemory } from './machine-usage.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { checkFleet } from './scale-check.ts';
import { scratchDatabase } from './scratch-database.ts';
import { SimulatedAgent, type AgentCounters } from './simulated-agent.ts';
import { atLeast, atMost, latencies, round, type Goal } from './stats.ts';
import { forEachLimited, sleep, until } from './waiting.ts';

const REGISTER_CONCURRENCY = 50;
const CREATE_CONCURRENCY = 8;
/** Tries of a createApp whose connection failed, each through the next gateway */
const CREATE_TRIES = 4;
/** Apps of these sizes, in turn, until the tasks asked for are reached (the last one trimmed): "from 1 to 1,000 instances". */
const APP_SIZES = [1000, 100, 10, 1, 500, 50, 5];
const BURST_TIMEOUT_MS = 20 * 60_000;
const SETTLE_TIMEOUT_MS = 60_000;
/** Nomad's C1M: 3,750 containers placed and running a second. */
const C1M_PER_SECOND = 3750;
const GIGABYTE_MB = 1024;

/**
 * `agents` simulated agents (the real /agent/v1 protocol over HTTP, as in agent-fan-in) spread over
 * `gateways` gateway processes that share one PostgreSQL database (one of them leads the control
 * loop); apps of 1 to 1,000 instances, `tasks` in all, created at once; the agents report each task
 * STARTING and RUNNING. Measured: the time until every task is RUNNING and acknowledged, the
 * acknowledgement of status updates during the burst and in a steady window after it (health changes,
 * as agent-fan-in), each gateway's memory and CPU, the leader's event-loop delay, the database's
 * size, the simulator's own CPU and lag; then it checks the outcome (scale-check.ts).
 */
/**
 * The gateways keep the newest 100,000 events, as by default, but only 20 s of the rest (10 min by
 * default): the run's burst writes about 300,000 events, and its end then shows them compacted.
 */
const EVENT_RETENTION = { keep: 100_000, keepForMs: 20_000 };

export async function scale(options: BenchOptions): Promise<BenchmarkReport> {
  if (options.database !== 'postgres') throw new Error('scale runs several gateways on one database: it needs PostgreSQL (DATABASE_URL)');
  const run = new Run('scale');
  const agentCount = options.given.has('agents') ? options.agents[0]! : 5000;
  const taskCount = options.given.has('tasks') ? options.tasks : 100_000;
  const seconds = options.given.has('seconds') ? options.seconds : 30;
  const creators = options.given.has('clients') ? options.clients : CREATE_CONCURRENCY;
  const scratch = await scratchDatabase('postgres');
  const dropDatabase = onCleanup(() => scratch.drop());
  const agentToken = newSecret('agent');
  // As an operator runs gateways on a machine they share: the leader's passes first to a core (--leader-nice).
  const config = {
    target: scratch.target,
    agentToken,
    limits: { perSecond: 1_000_000, burst: 1_000_000 },
    eventRetention: EVENT_RETENTION,
    leaderNice: options.leaderNice,
  };
  const startOne = () => startGatewayProcess(config, { form: options.gatewayForm, profileDir: options.profileDir });
  // The first applies the migrations; the others then start together.
  const first = await startOne();
  const gateways = [first, ...(await Promise.all(Array.from({ length: options.gateways - 1 }, startOne)))];
  const peaks = gateways.map((gateway) => new PeakMemory(gateway));
  const db = await openDatabase(scratch.target);
  const closeDatabase = onCleanup(() => db.close());
  const links = gateways.map((gateway) => new AgentLink(gateway.url, agentToken));
  const clients = gateways.map((gateway) => new GatewayClient({ url: gateway.url }));
  const closeClients = onCleanup(() => Promise.all(clients.map((client) => client.close())).then(() => undefined));
  const simulatorLoop = monitorEventLoopDelay({ resolution: 10 });

  const counters: AgentCounters = { polls: 0, turnedAway: 0, errors: 0, registerRetries: 0, launched: 0 };
  const phase = { name: 'burst' as 'burst' | 'steady', running: 0 };
  const acks = { burst: [] as number[], steady: [] as number[] };
  const fleet = Array.from(
    { length: agentCount },
    (_, i) =>
      new SimulatedAgent(links, i % links.length, `scale-${String(i).padStart(5, '0')}`, counters, (update, ms) => {
        acks[update.health ? 'steady' : phase.name].push(ms);
        if (update.state === 'RUNNING' && !update.health) phase.running += 1;
      }),
  );
  const stopFleet = onCleanup(() => Promise.all(fleet.map((agent) => agent.stop())).then(() => undefined));
  const rssAtStart = gateways.map((gateway) => gateway.rssBytes() ?? 0);

  // 1. The fleet joins, spread over the gateways.
  const joinStart = performance.now();
  await forEachLimited(fleet, REGISTER_CONCURRENCY, async (agent) => {
    await agent.register();
    agent.start();
  });
  const joinSeconds = (performance.now() - joinStart) / 1000;
  log(`${agentCount} agents registered over ${gateways.length} gateways in ${joinSeconds.toFixed(1)} s`);
  await sleep(5000); // their first polls answered, the gateways at rest
  const rssAfterJoin = gateways.map((gateway) => gateway.rssBytes() ?? 0);
  const agentsAfterJoin = gateways.map((_, i) => fleet.filter((agent) => agent.at === i).length);

  // 2. The burst: every app created at once, through every gateway.
  await Promise.all(gateways.map((gateway) => gateway.stats(true)));
  const cpuBeforeBurst = await cpuOf(gateways);
  const simulatorCpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMs();
  simulatorLoop.enable();
  const sizes = appSizes(taskCount);
  const burstStart = performance.now();
  // When every task's launch had reached its agent: what of the burst is placement, and what launch
  // and report. Counted by the agents, not read from the database: a count of the tasks stored, four
  // times a second, was a twentieth of the database's work in the burst it measured.
  let allLaunchedSeconds: number | null = null;
  const launchWatch = setInterval(() => {
    if (counters.launched < taskCount) return;
    allLaunchedSeconds = (performance.now() - burstStart) / 1000;
    clearInterval(launchWatch);
  }, 50);
  const stopLaunchWatch = onCleanup(() => clearInterval(launchWatch));
  let created = 0;
  const balance = new ApiBalance(clients.length, options.balance);
  /**
   * A keep-alive socket the gateway closed while idle resets the request (a creator whose event loop
   * lags reuses it after the gateway's 5 s): sent again to the next gateway, as a load balancer
   * retries a connection that failed, a few times (an app already there was made by an earlier try).
   */
  const createApp = async (gateway: number, input: CreateAppMutationVariables['input'], tries = 1): Promise<CreateAppMutation> => {
    try {
      return await clients[gateway]!.request(CreateAppDocument, { input });
    } catch (error) {
      if (tries >= CREATE_TRIES || !(error instanceof GatewayRequestError) || error.status !== undefined) throw error;
      log(`createApp ${input.id} sent again: ${error.message}`);
      return createApp((gateway + 1) % clients.length, input, tries + 1);
    }
  };
  await forEachLimited(
    sizes.map((instances, i) => ({ instances, i })),
    creators,
    async ({ instances, i }) => {
      const id = `/scale/app-${String(i).padStart(4, '0')}`;
      const input = {
        id,
        cmd: 'sleep 600',
        cpus: 0.1,
        mem: 32,
        instances,
        ...(options.placement === 'binpack' && { labels: { 'corral.placement': 'binpack' } }),
      };
      const answer = await balance.send(i, (gateway) => createApp(gateway, input));
      const made = answer.createApp.__typename === 'CreateAppSuccess' || answer.createApp.__typename === 'AppAlreadyExistsError';
      if (!made) throw new Error(`createApp ${id}: ${JSON.stringify(answer.createApp)}`);
      created += 1;
    },
  );
  const createdSeconds = (performance.now() - burstStart) / 1000;
  log(`${created} apps created in ${createdSeconds.toFixed(1)} s`);
  const progress = () =>
    `${phase.running} of ${taskCount} tasks RUNNING and acknowledged; ${counters.polls} polls, ${counters.errors} errors${counters.lastError ? ` (last: ${counters.lastError})` : ''}`;
  const allRunning = await until(() => phase.running >= taskCount, BURST_TIMEOUT_MS, progress, log).then(
    () => true,
    (error: Error) => (log(error.message), false),
  );
  const burstSeconds = (performance.now() - burstStart) / 1000;
  await stopLaunchWatch();
  const duringBurst = await Promise.all(gateways.map((gateway) => gateway.stats(true)));
  const leaderPasses = await passesOf(
    gateways[
      Math.max(
        0,
        duringBurst.findIndex((stats) => stats.leading),
      )
    ]!,
  );
  const cpuAfterBurst = await cpuOf(gateways);
  const simulatorBurst = { cpu: process.cpuUsage(simulatorCpuBefore), loop: loopOf(simulatorLoop), machine: machineCpuMs() };
  log(`${phase.running} tasks RUNNING in ${burstSeconds.toFixed(1)} s: ${Math.round(phase.running / burstSeconds)} a second`);
  await sleep(5000);
  const rssAfterBurst = gateways.map((gateway) => gateway.rssBytes() ?? 0);

  // 3. The steady state after it: health changes, every agent one per `updateEvery` s on average.
  phase.name = 'steady';
  simulatorLoop.reset();
  const steadyStart = performance.now();
  const cpuBeforeSteady = await cpuOf(gateways);
  const timers = new Set<NodeJS.Timeout>();
  const stopTimers = onCleanup(() => timers.forEach((timer) => clearTimeout(timer)));
  const windowEnd = steadyStart + seconds * 1000;
  const schedule = (agent: SimulatedAgent) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (performance.now() >= windowEnd) return;
        agent.reportHealthChange();
        schedule(agent);
      },
      Math.random() * 2 * options.updateEvery * 1000,
    );
    timers.add(timer);
  };
  fleet.forEach(schedule);
  await sleep(seconds * 1000);
  await stopTimers();
  const steadySeconds = (performance.now() - steadyStart) / 1000;
  const duringSteady = await Promise.all(gateways.map((gateway) => gateway.stats()));
  const cpuAfterSteady = await cpuOf(gateways);
  simulatorLoop.disable();
  await until(
    () => fleet.every((agent) => agent.settled()),
    SETTLE_TIMEOUT_MS,
    () => 'agents wait for acknowledgements',
    log,
  ).catch((error: Error) => log(error.message));

  // 4. The outcome, checked against what the agents say they run.
  const check = await checkFleet(db, fleet, sizes);
  const databaseMb = await databaseSize(db);
  const eventLog = await compactedLog(db);
  await stopFleet();
  await closeClients();
  const peakRss = gateways.map((gateway, i) => Math.max(peaks[i]!.maxRss, gateway.peakRssBytes() ?? 0));
  for (const peak of peaks) peak.stop();
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await closeDatabase();
  await dropDatabase();

  const leader = Math.max(
    0,
    duringBurst.findIndex((stats) => stats.leading),
  );
  const follower = gateways.length > 1 ? (leader + 1) % gateways.length : undefined;
  const perGateway = gateways.map((_, i) => ({
    leading: duringBurst[i]!.leading,
    nice: duringBurst[i]!.nice,
    createAppMs: latencies(balance.tookMs[i]!),
    agentsAtTheEnd: fleet.filter((agent) => agent.at === i).length,
    rssMb: {
      atStart: megabytes(rssAtStart[i]!),
      afterJoin: megabytes(rssAfterJoin[i]!),
      afterBurst: megabytes(rssAfterBurst[i]!),
      peak: megabytes(peakRss[i]!),
    },
    cpuPercent: {
      burst: round(((cpuAfterBurst[i]! - cpuBeforeBurst[i]!) / (burstSeconds * 1000)) * 100),
      steady: round(((cpuAfterSteady[i]! - cpuBeforeSteady[i]!) / (steadySeconds * 1000)) * 100),
    },
    eventLoopDelayMs: { burst: duringBurst[i]!.eventLoopDelayMs, steady: duringSteady[i]!.eventLoopDelayMs },
  }));
  const bytesPer = (i: number | undefined) =>
    i === undefined
      ? null
      : {
          // A follower's: per agent it serves; the leader's (it serves none, while followers are there): per agent of the cluster.
          perAgent: Math.round((rssAfterJoin[i]! - rssAtStart[i]!) / Math.max(1, i === leader ? agentCount : agentsAfterJoin[i]!)),
          perTask: Math.round((rssAfterBurst[i]! - rssAfterJoin[i]!) / taskCount),
        };
  const tasksRunningPerSecond = Math.round(phase.running / burstSeconds);
  const burstAcks = latencies(acks.burst);
  const steadyAcks = latencies(acks.steady);
  const leaderRss = megabytes(peakRss[leader]!);
  const leaderDelay = duringBurst[leader]!.eventLoopDelayMs.p99;
  const goals: Record<string, Goal> = {
    tasksRunningPerSecond: atLeast(allRunning ? tasksRunningPerSecond : 0, C1M_PER_SECOND, 'tasks/s'),
    steadyAckP99: atMost(steadyAcks.p99, 200, 'ms'),
    leaderMemory: atMost(leaderRss, GIGABYTE_MB, 'MiB'),
    leaderEventLoopDelayP99DuringBurst: atMost(leaderDelay, 50, 'ms'),
    everyTaskPlacedOnce: {
      target: 'each task on one agent, every app at its instances',
      measured: check.problems.placement,
      met: check.problems.placement === 0,
    },
    noAgentOvercommitted: {
      target: "no agent's tasks beyond its cpus, mem, disk; no host port twice",
      measured: check.overcommitted.length,
      met: check.overcommitted.length === 0,
    },
    eventLogBounded: {
      target: `events kept <= the newest ${EVENT_RETENTION.keep} + those younger than ${EVENT_RETENTION.keepForMs / 1000} s`,
      measured: eventLog.kept,
      met: eventLog.kept <= EVENT_RETENTION.keep + eventLog.young,
    },
    noStatusUpdateLost: {
      target: "each task's stored state and health as its agent last reported",
      measured: check.problems.lostUpdates,
      met: check.problems.lostUpdates === 0,
    },
  };
  return run.report(
    'postgres',
    {
      gateway: options.gatewayForm,
      agents: agentCount,
      tasks: taskCount,
      gateways: gateways.length,
      placement: options.placement,
      leaderNice: options.leaderNice,
      apps: sizes.length,
      appSizes: APP_SIZES,
      appsCreatedAtOnce: creators,
      balance: options.balance,
      steadySeconds: seconds,
      updateEverySeconds: options.updateEvery,
    },
    {
      allRunning,
      burstSeconds: round(burstSeconds),
      appsCreatedSeconds: round(createdSeconds),
      allLaunchedSeconds: allLaunchedSeconds === null ? null : round(allLaunchedSeconds),
      leaderPassesUntilAllRunning: leaderPasses,
      tasksRunningPerSecond,
      joinSeconds: round(joinSeconds),
      ackMs: { burst: burstAcks, steady: steadyAcks },
      gateways: perGateway,
      leader,
      memoryBytes: { leader: bytesPer(leader), follower: bytesPer(follower) },
      databaseMb,
      eventLog,
      simulator: {
        cpuPercentDuringBurst: round(((simulatorBurst.cpu.user + simulatorBurst.cpu.system) / 1000 / (burstSeconds * 1000)) * 100),
        eventLoopDelayMsDuringBurst: simulatorBurst.loop,
        polls: counters.polls,
        pollsTurnedAway: counters.turnedAway,
        pollErrors: counters.errors,
        registerRetries: counters.registerRetries,
      },
      machineCpuPercentDuringBurst: round(
        ((simulatorBurst.machine.busy - machineBefore.busy) / (simulatorBurst.machine.total - machineBefore.total)) * 100 * cpus().length,
      ),
      check,
      shortfalls: shortfalls(goals),
    },
    goals,
  );
}

/** App sizes in turn from APP_SIZES until `total`, the last trimmed. */
function appSizes(total: number): number[] {
  const sizes: number[] = [];
  for (let left = total, i = 0; left > 0; i++) {
    const size = Math.min(left, APP_SIZES[i % APP_SIZES.length]!);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** By how much each goal missed: measured over target (a rate: target over measured), so 2 is twice off. */
function shortfalls(goals: Record<string, Goal>): Record<string, string> {
  const missed: Record<string, string> = {};
  for (const [name, goal] of Object.entries(goals)) {
    const target = Number(goal.target.match(/[\d.]+/)?.[0]);
    if (goal.met || goal.measured === null || !Number.isFinite(target) || target === 0) continue;
    const factor = goal.target.startsWith('>=') ? target / Math.max(goal.measured, 1e-9) : goal.measured / target;
    missed[name] = `${round(factor, 2)}x off (${goal.measured} against ${goal.target})`;
  }
  return missed;
}

/** The leader's control loop passes so far, from its /metrics: how many, and their time in all. */
async function passesOf(gateway: GatewayUnderTest): Promise<{ count: number; seconds: number }> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const value = (name: string) => Number(text.match(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm'))?.[1] ?? Number.NaN);
  return { count: value('corral_control_loop_pass_seconds_count'), seconds: round(value('corral_control_loop_pass_seconds_sum'), 2) };
}

async function cpuOf(gateways: GatewayUnderTest[]): Promise<number[]> {
  return (await Promise.all(gateways.map((gateway) => gateway.stats()))).map((stats: GatewayStats) => stats.cpuMs);
}

function loopOf(histogram: ReturnType<typeof monitorEventLoopDelay>) {
  return { p50: round(histogram.percentile(50) / 1e6, 2), p99: round(histogram.percentile(99) / 1e6, 2), max: round(histogram.max / 1e6, 2) };
}

/**
 * The event log once the leader's compaction (every 5 s, 50,000 events at most) has caught up
 * with the run, waiting up to a minute for it, and how long that took after the steady window.
 */
async function compactedLog(db: Awaited<ReturnType<typeof openDatabase>>) {
  const started = performance.now();
  let log = await eventLogOf(db);
  while (log.kept > EVENT_RETENTION.keep + log.young && performance.now() - started < 60_000) {
    await sleep(1000);
    log = await eventLogOf(db);
  }
  return { ...log, waitedSeconds: round((performance.now() - started) / 1000) };
}

/** The newest event sequence (about how many the run wrote), how many the log keeps at the end, and how many of those are younger than the retention's time. */
async function eventLogOf(
  db: Awaited<ReturnType<typeof openDatabase>>,
): Promise<{ newestSequence: number; kept: number; young: number; compactedThrough: number }> {
  const [row] = await db.withSession((session) =>
    session.query<{ written: string; kept: string; young: string; through: string }>(
      `SELECT (SELECT COALESCE(max(sequence), 0) FROM "Event")::text AS written, (SELECT count(*) FROM "Event")::text AS kept,
              (SELECT count(*) FROM "Event" WHERE "createdAt" > now() - make_interval(secs => ${EVENT_RETENTION.keepForMs / 1000}))::text AS young,
              (SELECT "compactedThrough" FROM "EventLog")::text AS through`,
    ),
  );
  return { newestSequence: Number(row!.written), kept: Number(row!.kept), young: Number(row!.young), compactedThrough: Number(row!.through) };
}

async function databaseSize(db: Awaited<ReturnType<typeof openDatabase>>): Promise<number> {
  const [row] = await db.withSession((session) => session.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes'));
  return Math.round(Number(row!.bytes) / 2 ** 20);
}

const log = (message: string) => process.stderr.write(`bench: scale: ${message}\n`);
