import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CreateAppDocument, EventsDocument, GatewayClient, UpdateAppDocument } from '../src/client/index.ts';
import { newSecret } from '../src/tokens/index.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayProcess } from './gateway-under-test.ts';
import type { BenchOptions } from './options.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { scratchDatabase } from './scratch-database.ts';
import { atMost, latencies, round } from './stats.ts';
import { Subscriber } from './subscriber.ts';

/** Sockets opened at once: clients arriving, not one SYN flood on the listen backlog. */
const CONNECT_BATCH = 50;
const READY_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 30_000;
const APP_ID = '/bench/fan-out';

/**
 * `subscribers` graphql-ws clients (a socket each) follow the whole event log
 * while an operator changes an app `changes` times, `changeRate` per second;
 * each change writes a few events (app.updated, deployment.*). Measured: how
 * late each event reaches each subscriber, and whether every subscriber got
 * every event. The gateway runs as a process of its own; the subscribers share
 * this one.
 */
export async function subscriptionFanOut(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('subscription-fan-out');
  const scratch = await scratchDatabase(options.database);
  const dropDatabase = onCleanup(() => scratch.drop());
  // One machine's thousand subscribers share one address, so one rate bucket; a thousand operators would not.
  const limits = { perSecond: 1_000_000, burst: 1_000_000 };
  const gateway = await startGatewayProcess(
    { target: scratch.target, agentToken: newSecret('agent'), limits },
    { form: options.gatewayForm, profileDir: options.profileDir },
  );
  const operator = new GatewayClient({ url: gateway.url });
  const closeOperator = onCleanup(() => operator.close());
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  benchLoop.enable();

  // An app with no instances: its changes are pure API and event traffic, no agent involved.
  const created = await operator.request(CreateAppDocument, { input: { id: APP_ID, cmd: 'sleep 600', instances: 0 } });
  if (created.createApp.__typename !== 'CreateAppSuccess') throw new Error(`createApp failed: ${JSON.stringify(created.createApp)}`);
  await sleep(1500); // its deployment finishes: the log is quiet
  const start = await head(operator);

  // Each subscriber resumes just before the newest event: its arrival says the subscription is live.
  const subscribers: Subscriber[] = [];
  const closeSubscribers = onCleanup(() => Promise.all(subscribers.map((subscriber) => subscriber.close())).then(() => undefined));
  const connectStart = Date.now();
  for (let i = 0; i < options.subscribers; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, options.subscribers - i) }, () => new Subscriber(gateway.url, start - 1n));
    subscribers.push(...batch);
    await within(Promise.all(batch.map((subscriber) => subscriber.reached(start))), READY_TIMEOUT_MS, 'subscribers to connect');
  }
  const connectSeconds = (Date.now() - connectStart) / 1000;
  log(`${subscribers.length} subscribers live in ${connectSeconds.toFixed(1)} s`);
  const afterConnect = await gateway.stats(true);
  benchLoop.reset();

  // The operator's changes, at a steady rate.
  const changeStart = Date.now();
  for (let i = 1; i <= options.changes; i++) {
    const due = changeStart + (i * 1000) / options.changeRate;
    await sleep(due - Date.now());
    const answer = await operator.request(UpdateAppDocument, { id: APP_ID, input: { env: { ROUND: String(i) } } });
    if (answer.updateApp.__typename !== 'UpdateAppSuccess') throw new Error(`updateApp failed: ${JSON.stringify(answer.updateApp)}`);
  }
  const changeSeconds = (Date.now() - changeStart) / 1000;
  await sleep(1500); // the last deployment finishes
  const end = await head(operator);
  await within(Promise.all(subscribers.map((subscriber) => subscriber.reached(end))), DRAIN_TIMEOUT_MS, 'every subscriber to reach the last event').catch(
    (error: Error) => log(error.message),
  );
  const during = await gateway.stats();
  const peakRss = gateway.peakRssBytes();

  const delays: number[] = [];
  let missing = 0;
  for (const subscriber of subscribers) {
    for (let sequence = start + 1n; sequence <= end; sequence++) {
      const late = subscriber.arrivals.get(sequence);
      if (late === undefined) missing += 1;
      else delays.push(late);
    }
  }
  const failures = subscribers.filter((subscriber) => subscriber.failure !== undefined);
  await closeSubscribers();
  await closeOperator();
  await gateway.stop();
  await dropDatabase();
  benchLoop.disable();

  const events = Number(end - start);
  const delivery = latencies(delays);
  return run.report(
    scratch.kind,
    {
      gateway: options.gatewayForm,
      subscribers: options.subscribers,
      changes: options.changes,
      changesPerSecond: options.changeRate,
      subscription: 'events (every type)',
      rateLimitLifted: true,
    },
    {
      deliveryMs: delivery,
      // Below changesPerSecond when each change waited on a gateway busy with the fan-out.
      changesPerSecondAchieved: round(options.changes / changeSeconds),
      events,
      eventsPerSecond: round(events / changeSeconds),
      deliveries: delays.length,
      deliveriesPerSecond: round(delays.length / changeSeconds),
      missingDeliveries: missing,
      failedSubscriptions: failures.length,
      ...(failures[0] && { firstFailure: failures[0].failure }),
      connectSeconds: round(connectSeconds),
      gateway: {
        rssMb: megabytes(during.rssBytes),
        peakRssMb: megabytes(peakRss),
        rssMbWithSubscribersConnected: megabytes(afterConnect.rssBytes),
        cpuPercentWhileChanging: round(((during.cpuMs - afterConnect.cpuMs) / (changeSeconds * 1000)) * 100),
        eventLoopDelayMs: during.eventLoopDelayMs,
      },
      subscriberProcessEventLoopDelayMs: {
        p50: round(benchLoop.percentile(50) / 1e6, 2),
        p99: round(benchLoop.percentile(99) / 1e6, 2),
        max: round(benchLoop.max / 1e6, 2),
      },
    },
    {
      deliveryP99: atMost(delivery.p99, 250, 'ms'),
      everyEventToAll: { target: 'no delivery missing', measured: missing, met: missing === 0 && failures.length === 0 },
    },
  );
}

/** The newest event's sequence. */
async function head(client: GatewayClient): Promise<bigint> {
  const { events } = await client.request(EventsDocument, { last: 1 });
  return BigInt(events.edges.at(-1)?.node.sequence ?? 0);
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const log = (message: string) => process.stderr.write(`bench: subscription-fan-out: ${message}\n`);
