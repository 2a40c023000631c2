import { performance } from 'node:perf_hooks';
import { AppsDocument, CreateAppDocument, FollowEventsDocument, type GatewayClient } from '../src/client/index.ts';
import { startGatewayWithAgent } from './gateway-with-agent.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { atMost, latencies, round } from './stats.ts';

const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * createApp with one instance, to its task RUNNING on a local agent, as an
 * operator sees it: from sending the mutation to the task.status RUNNING event
 * arriving on a subscription. Apps go one after another, so each launch is
 * timed alone, not queued behind the others. The gateway and its agent share a
 * process, as `corral dev` runs them; tasks are real processes (sleep).
 */
export async function launchLatency(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('launch-latency');
  const { database, gateway, client, stop } = await startGatewayWithAgent(options);
  const progress = new LaunchProgress(client);

  const mutation: number[] = [];
  const placed: number[] = [];
  const running: number[] = [];
  for (let i = 1; i <= options.apps; i++) {
    const id = `/bench/launch/app-${String(i).padStart(4, '0')}`;
    const sent = performance.now();
    const answer = await client.request(CreateAppDocument, { input: { id, cmd: 'sleep 600', cpus: 0.01, mem: 8, instances: 1 } });
    if (answer.createApp.__typename !== 'CreateAppSuccess') throw new Error(`createApp ${id} failed: ${JSON.stringify(answer.createApp)}`);
    mutation.push(performance.now() - sent);
    const seen = await progress.running(id, LAUNCH_TIMEOUT_MS);
    placed.push(seen.placedAt - sent);
    running.push(seen.runningAt - sent);
  }

  // The event stream said RUNNING; the API must say so too.
  const apps = await client.request(AppsDocument, { prefix: '/bench/launch', first: options.apps });
  const tasksRunning = apps.apps.edges.reduce((sum, edge) => sum + edge.node.tasksRunning, 0);
  const stats = await gateway.stats();
  const peakRss = gateway.peakRssBytes();
  await progress.stop();
  await stop();

  const toRunning = latencies(running);
  return run.report(
    database,
    {
      gateway: options.gatewayForm,
      apps: options.apps,
      instancesPerApp: 1,
      cmd: 'sleep 600',
      agents: 1,
      agentInGatewayProcess: true,
      controlLoopSweepMs: 1000,
    },
    {
      createAppToRunningMs: toRunning,
      createAppToPlacedMs: latencies(placed),
      createAppMutationMs: latencies(mutation),
      firstLaunchMs: round(running[0] ?? 0),
      tasksRunningAtEnd: tasksRunning,
      gateway: {
        rssMb: megabytes(stats.rssBytes),
        peakRssMb: megabytes(peakRss),
        cpuSeconds: round(stats.cpuMs / 1000),
        eventLoopDelayMs: stats.eventLoopDelayMs,
      },
    },
    {
      p50: atMost(toRunning.p50, 150, 'ms'),
      p99: atMost(toRunning.p99, 500, 'ms'),
      allRunning: { target: `${options.apps} tasks RUNNING`, measured: tasksRunning, met: tasksRunning === options.apps },
    },
  );
}

interface Launch {
  placedAt?: number;
  runningAt?: number;
  done?: () => void;
}

/** Follows task.placed and task.status from the start of the log, so no event can slip by before the first createApp. */
class LaunchProgress {
  private readonly launches = new Map<string, Launch>();
  private readonly events;
  private readonly following: Promise<void>;

  constructor(client: GatewayClient) {
    this.events = client.subscribe(FollowEventsDocument, { after: '0', types: ['task.placed', 'task.status'] });
    this.following = this.follow();
  }

  /** When the first task of `appId` was placed and RUNNING, in performance.now() time. */
  async running(appId: string, timeoutMs: number): Promise<{ placedAt: number; runningAt: number }> {
    const launch = this.launchOf(appId);
    if (launch.runningAt === undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (launch.done = resolve)),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${appId} was not RUNNING after ${timeoutMs} ms`)), timeoutMs))),
      ]).finally(() => clearTimeout(timer));
    }
    return { placedAt: launch.placedAt ?? launch.runningAt!, runningAt: launch.runningAt! };
  }

  async stop(): Promise<void> {
    await this.events.return?.();
    await this.following.catch(() => undefined);
  }

  private async follow(): Promise<void> {
    for await (const { events: event } of this.events) {
      const now = performance.now();
      const { appId, state } = event.payload as { appId: string; state?: string };
      const launch = this.launchOf(appId);
      if (event.type === 'task.placed') launch.placedAt ??= now;
      else if (state === 'RUNNING' && launch.runningAt === undefined) {
        launch.runningAt = now;
        launch.done?.();
      }
    }
  }

  private launchOf(appId: string): Launch {
    let launch = this.launches.get(appId);
    if (!launch) this.launches.set(appId, (launch = {}));
    return launch;
  }
}
