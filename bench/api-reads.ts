import { DashboardAppsDocument, GatewayClient, type DashboardAppsQuery } from '../src/client/index.ts';
import { newSecret } from '../src/tokens/index.ts';
import { seedApps } from './app-seed.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayProcess, type GatewayUnderTest } from './gateway-under-test.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { closedLoopLoad } from './request-load.ts';
import { scratchDatabase } from './scratch-database.ts';
import { statementsSoFar } from './statement-counter.ts';
import { latencies, round } from './stats.ts';

// Longer than any run: the seeded agents never poll, and nothing periodic may
// run statements while a request's statements are counted.
const QUIET_MS = 3_600_000;
const WARM_UP_SECONDS = 2;

/**
 * The dashboard's apps panel query (DashboardApps in
 * schema/operations/dashboard.graphql: the first 100 apps with their tasks,
 * counts, status, deployments and last failure), sent by `clients` clients at
 * once for `readSeconds`, on a gateway holding `apps` apps of `tasksPerApp`
 * running tasks each. One run per app count, each on a fresh database seeded
 * before the gateway starts (app-seed.ts). Measured: requests a second,
 * latency, and SQL statements per request from the gateway's
 * corral_database_statements_total, less what the same gateway runs idle over
 * as long a time.
 */
export async function apiReads(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('api-reads');
  const byApps = [];
  for (const apps of options.appCounts) byApps.push(await readsAt(options, apps));

  const counted = byApps.map((result) => result.statementsPerRequest).filter((value): value is number => value !== null);
  const growth = counted.length === byApps.length && counted.length > 0 ? round(Math.max(...counted) - counted[0]!) : null;
  return run.report(
    options.database,
    {
      gateway: options.gatewayForm,
      query: 'DashboardApps (apps(first: 100) with tasks)',
      appCounts: options.appCounts,
      tasksPerApp: options.tasksPerApp,
      clients: options.clients,
      readSeconds: options.readSeconds,
      seeded: 'through Prisma before the gateway starts',
    },
    { byApps, ...(growth === null && { statementCounter: 'the gateway exports no corral_database_statements_total on /metrics' }) },
    {
      statementsFlat: {
        target: `statements per request at ${options.appCounts.at(-1)} apps no more than at ${options.appCounts[0]}`,
        measured: growth,
        met: growth !== null && growth <= 0.5,
      },
    },
  );
}

async function readsAt(options: BenchOptions, apps: number) {
  const scratch = await scratchDatabase(options.database);
  const dropDatabase = onCleanup(() => scratch.drop());
  const seedStart = Date.now();
  const seeded = await seedApps(scratch.target, apps, options.tasksPerApp);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const gateway = await startGatewayProcess(
    {
      target: scratch.target,
      agentToken: newSecret('agent'),
      limits: { perSecond: 1_000_000, burst: 1_000_000 },
      sweepMs: QUIET_MS,
      eventSweepMs: QUIET_MS,
      unreachableAfterMs: QUIET_MS,
    },
    { form: options.gatewayForm, profileDir: options.profileDir },
  );
  const client = new GatewayClient({ url: gateway.url });
  const read = () => client.request(DashboardAppsDocument);

  // The control loop's first pass (start-up) must find the seeded state as it wants it.
  await sleep(2000);
  const first = await read();
  const problem = seededProblem(first, apps, options.tasksPerApp);
  if (problem) throw new Error(`api-reads at ${apps} apps: ${problem}`);
  const responseBytes = Buffer.byteLength(JSON.stringify({ data: first }));
  await closedLoopLoad(options.clients, WARM_UP_SECONDS, async () => void (await read()));

  const idle = await statementsOver(gateway, () => sleep(options.readSeconds * 1000));
  const before = await gateway.stats(true);
  let load!: Awaited<ReturnType<typeof closedLoopLoad>>;
  const busy = await statementsOver(gateway, async () => {
    load = await closedLoopLoad(options.clients, options.readSeconds, async () => void (await read()));
  });
  const after = await gateway.stats();
  const last = await read();
  const stillRunning = last.apps.edges.every((edge) => edge.node.tasksRunning === options.tasksPerApp);
  await gateway.stop();
  await dropDatabase();

  // The idle window is as long as the busy one, so what runs on its own (and a /metrics scrape) cancels out.
  const statementsPerRequest = busy.statements !== null && idle.statements !== null ? round((busy.statements - idle.statements) / load.requests, 2) : null;
  const latency = latencies(load.latenciesMs);
  log(
    `${apps} apps: ${round(load.requests / load.seconds)} requests/s, p50 ${latency.p50} ms, p99 ${latency.p99} ms, ${statementsPerRequest ?? '?'} statements/request`,
  );
  return {
    apps,
    tasks: seeded.tasks,
    appsPerResponse: first.apps.edges.length,
    responseKb: round(responseBytes / 1024),
    requests: load.requests,
    requestsPerSecond: round(load.requests / load.seconds),
    failures: load.failures,
    ...(load.firstFailure && { firstFailure: load.firstFailure }),
    latencyMs: latency,
    statementsPerRequest,
    idleStatements: idle.statements,
    seededTasksStillRunning: stillRunning,
    seedSeconds: round(seedSeconds),
    gateway: {
      cpuPercent: round(((after.cpuMs - before.cpuMs) / (load.seconds * 1000)) * 100),
      rssMb: megabytes(after.rssBytes),
      eventLoopDelayMs: after.eventLoopDelayMs,
    },
  };
}

/** The gateway's statements while `work` runs (null without the counter). */
async function statementsOver(gateway: GatewayUnderTest, work: () => Promise<void>): Promise<{ statements: number | null }> {
  const start = await statementsSoFar(gateway.url);
  await work();
  const end = await statementsSoFar(gateway.url);
  return { statements: start === null || end === null ? null : end - start };
}

function seededProblem(answer: DashboardAppsQuery, apps: number, tasksPerApp: number): string | null {
  if (answer.apps.totalCount !== apps) return `the gateway shows ${answer.apps.totalCount} apps, not the ${apps} seeded`;
  const off = answer.apps.edges.find((edge) => edge.node.status !== 'RUNNING' || edge.node.tasks.totalCount !== tasksPerApp);
  return off ? `${off.node.id} is ${off.node.status} with ${off.node.tasks.totalCount} tasks: the control loop did not take the seeded state as it is` : null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const log = (message: string) => process.stderr.write(`bench: api-reads: ${message}\n`);
