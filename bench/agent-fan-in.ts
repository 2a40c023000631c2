import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CreateAppDocument, GatewayClient } from '../src/client/index.ts';
import { newSecret } from '../src/tokens/index.ts';
import { AgentLink } from './agent-link.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayProcess } from './gateway-under-test.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { scratchDatabase } from './scratch-database.ts';
import { SimulatedAgent, type AgentCounters } from './simulated-agent.ts';
import { atMost, latencies, round } from './stats.ts';
import { machineCpuMs, PeakMemory } from './machine-usage.ts';
import { forEachLimited, sleep, until } from './waiting.ts';

/** Registrations in flight at once: a fleet joining, not a SYN flood on one listen backlog. */
const REGISTER_CONCURRENCY = 50;
/** Past this, the steady state is measured with the tasks that run by then (an overloaded gateway is a result too). */
const ALL_RUNNING_TIMEOUT_MS = 90_000;
const SETTLE_TIMEOUT_MS = 30_000;
const GIGABYTE = 2 ** 30;

/**
 * `agents` simulated agents (simulated-agent.ts: the real HTTP protocol, no
 * processes) join one gateway; one app places a task on each; then, for
 * `seconds`, every agent reports a health change of its task on average every
 * `updateEvery` seconds. Measured: how long each of those status updates waits
 * for its acknowledgement, and the gateway's memory (it runs as a process of
 * its own; on PGlite that includes the database, on PostgreSQL it does not).
 */
export async function agentFanIn(options: BenchOptions, agents: number): Promise<BenchmarkReport> {
  const run = new Run('agent-fan-in');
  const scratch = await scratchDatabase(options.database);
  const dropDatabase = onCleanup(() => scratch.drop());
  const agentToken = newSecret('agent');
  const gateway = await startGatewayProcess({ target: scratch.target, agentToken }, { form: options.gatewayForm, profileDir: options.profileDir });
  const peak = new PeakMemory(gateway);
  const link = new AgentLink(gateway.url, agentToken);
  const client = new GatewayClient({ url: gateway.url });
  const closeClient = onCleanup(() => client.close());
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  benchLoop.enable();

  const counters: AgentCounters = { polls: 0, turnedAway: 0, errors: 0, registerRetries: 0, launched: 0 };
  const launchAcks: number[] = [];
  const healthAcks: number[] = [];
  const fleet: SimulatedAgent[] = [];
  const stopFleet = onCleanup(() => Promise.all(fleet.map((agent) => agent.stop())).then(() => undefined));
  for (let i = 0; i < agents; i++) {
    fleet.push(
      new SimulatedAgent([link], 0, `sim-${String(i).padStart(5, '0')}`, counters, (update, ms) => (update.health ? healthAcks : launchAcks).push(ms)),
    );
  }

  // 1. The fleet joins; each agent starts polling as soon as it is registered.
  const joinStart = performance.now();
  await forEachLimited(fleet, REGISTER_CONCURRENCY, async (agent) => {
    await agent.register();
    agent.start();
  });
  const joinSeconds = (performance.now() - joinStart) / 1000;
  log(`${agents} agents registered in ${joinSeconds.toFixed(1)} s`);

  // 2. One app with a task on every agent (spread puts one on each): the tasks the status updates are about.
  const placeStart = performance.now();
  const created = await client.request(CreateAppDocument, { input: { id: '/bench/fan-in', cmd: 'sleep 600', cpus: 0.1, mem: 32, instances: agents } });
  if (created.createApp.__typename !== 'CreateAppSuccess') throw new Error(`createApp failed: ${JSON.stringify(created.createApp)}`);
  const launchProgress = () =>
    `${fleet.filter((agent) => agent.running().length > 0).length} of ${agents} agents run their task, ${fleet.filter((agent) => !agent.settled()).length} wait for acknowledgements; ${counters.polls} polls, ${counters.errors} errors${counters.lastError ? ` (last: ${counters.lastError})` : ''}`;
  const allRunning = await until(() => fleet.every((agent) => agent.running().length > 0 && agent.settled()), ALL_RUNNING_TIMEOUT_MS, launchProgress, log).then(
    () => true,
    (error: Error) => (log(`${error.message}; measuring with what runs`), false),
  );
  const launchSeconds = (performance.now() - placeStart) / 1000;
  const agentsRunningTask = fleet.filter((agent) => agent.running().length > 0).length;
  if (allRunning) log(`${agents} tasks RUNNING in ${launchSeconds.toFixed(1)} s`);

  // 3. Steady state: health changes at random times, `updateEvery` s apart on average per agent.
  await gateway.stats(true);
  benchLoop.reset();
  const pollsBefore = counters.polls;
  const errorsBefore = counters.errors;
  const cpuBefore = (await gateway.stats()).cpuMs;
  const simulatorCpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const windowStart = performance.now();
  const windowEnd = windowStart + options.seconds * 1000;
  let sent = 0;
  const timers = new Set<NodeJS.Timeout>();
  const schedule = (agent: SimulatedAgent) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (performance.now() >= windowEnd) return;
        if (agent.reportHealthChange()) sent += 1;
        schedule(agent);
      },
      Math.random() * 2 * options.updateEvery * 1000,
    );
    timers.add(timer);
  };
  const stopTimers = onCleanup(() => timers.forEach((timer) => clearTimeout(timer)));
  fleet.forEach(schedule);
  await sleep(options.seconds * 1000);
  await stopTimers();
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const during = await gateway.stats();
  // Read now: stopping 5,000 agents at once stalls this process for a while, and that is not the window.
  const simulatorCpu = process.cpuUsage(simulatorCpuBefore);
  const machineAfter = machineCpuMs();
  const simulatorLoopMs = { p50: round(benchLoop.percentile(50) / 1e6, 2), p99: round(benchLoop.percentile(99) / 1e6, 2), max: round(benchLoop.max / 1e6, 2) };
  benchLoop.disable();
  await until(
    () => fleet.every((agent) => agent.settled()),
    SETTLE_TIMEOUT_MS,
    () => `${fleet.filter((agent) => !agent.settled()).length} agents still wait for acknowledgements`,
    log,
  ).catch((error: Error) => log(error.message));
  const unacknowledged = sent - healthAcks.length;

  await stopFleet();
  await closeClient();
  const peakRss = gateway.peakRssBytes();
  peak.stop();
  await gateway.stop();
  await dropDatabase();

  const acks = latencies(healthAcks);
  const peakWindowRss = Math.max(peak.maxRss, during.rssBytes);
  return run.report(
    scratch.kind,
    {
      gateway: options.gatewayForm,
      agents,
      seconds: options.seconds,
      updateEverySeconds: options.updateEvery,
      tasksPerAgent: 1,
      pollHeldMs: fleet[0]?.pollTimeoutMs,
      simulatorsInOneProcess: true,
    },
    {
      statusAckMs: acks,
      updatesSent: sent,
      updatesAcknowledged: healthAcks.length,
      unacknowledged,
      updatesPerSecond: round(sent / windowSeconds),
      pollsPerSecond: round((counters.polls - pollsBefore) / windowSeconds),
      agentErrors: counters.errors - errorsBefore,
      ...(counters.lastError && { lastAgentError: counters.lastError }),
      setup: {
        joinSeconds: round(joinSeconds),
        registrationsPerSecond: round(agents / joinSeconds),
        registerRetries: counters.registerRetries,
        pollErrors: errorsBefore,
        allTasksRunningSeconds: allRunning ? round(launchSeconds) : null,
        agentsRunningTask,
        launchUpdateAckMs: latencies(launchAcks),
      },
      gateway: {
        rssMb: megabytes(during.rssBytes),
        peakRssMbDuringWindow: megabytes(peakWindowRss),
        peakRssMbWholeRun: megabytes(peakRss),
        heapUsedMb: megabytes(during.heapUsedBytes),
        cpuPercentDuringWindow: round(((during.cpuMs - cpuBefore) / (windowSeconds * 1000)) * 100),
        eventLoopDelayMs: during.eventLoopDelayMs,
      },
      /** All cores together: 200 on 2 fully busy cores. The gateway, the simulator, PostgreSQL and the rest. */
      machineCpuPercentDuringWindow: round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100 * cpus().length),
      simulator: {
        cpuPercentDuringWindow: round(((simulatorCpu.user + simulatorCpu.system) / 1000 / (windowSeconds * 1000)) * 100),
        eventLoopDelayMs: simulatorLoopMs,
      },
    },
    {
      statusAckP99: atMost(acks.p99, 200, 'ms'),
      gatewayMemory: atMost(megabytes(Math.max(peakWindowRss, peakRss ?? 0)), GIGABYTE / 2 ** 20, 'MiB'),
      allAcknowledged: { target: 'every update acknowledged', measured: unacknowledged, met: unacknowledged === 0 },
    },
  );
}

const log = (message: string) => process.stderr.write(`bench: agent-fan-in: ${message}\n`);
