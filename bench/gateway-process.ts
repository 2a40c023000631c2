// A gateway in a process of its own, started by gateway-under-test.ts: so its
// memory is its own to measure, and the benchmark's clients do not share its
// event loop. Configured by a JSON argument; talks to its parent over IPC.
import { getPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { Agent, type AgentResources } from '../src/agent/index.ts';
import { openDatabase, type DatabaseTarget } from '../src/db/index.ts';
import { startGateway, type GatewayOptions } from '../src/server/index.ts';
import type { EventRetention } from '../src/events/index.ts';

export interface GatewayProcessConfig {
  target: DatabaseTarget;
  agentToken: string;
  /** API limits to lift: a benchmark's many clients come from one address, so they would share one rate bucket. */
  limits?: GatewayOptions['limits'];
  /** A real agent in the gateway's process, as `corral dev` runs one. */
  localAgent?: { workDir: string; resources?: Partial<AgentResources> };
  /** The gateway's timers, when a benchmark needs them other than the defaults (api-reads quiets them to count a request's statements). */
  sweepMs?: number;
  eventSweepMs?: number;
  unreachableAfterMs?: number;
  /** How much of the event log the gateway keeps (scale shortens the time, so a run sees compaction) */
  eventRetention?: EventRetention;
  /** The niceness its threads take while it leads (GatewayOptions.leaderNice) */
  leaderNice?: number;
}

export type ToGateway = { type: 'stats'; reset?: boolean } | { type: 'stop' };
export type FromGateway =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | {
      type: 'stats';
      rssBytes: number;
      heapUsedBytes: number;
      eventLoopDelayMs: { p50: number; p99: number; max: number };
      cpuMs: number;
      /** Whether it leads the control loop (of the gateways sharing one database, one does) */
      leading: boolean;
      /** Its main thread's niceness now */
      nice: number;
    };

const send = (message: FromGateway) => process.send?.(message);
const config = JSON.parse(process.argv[2] ?? '{}') as GatewayProcessConfig;
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

try {
  const db = await openDatabase(config.target);
  const gateway = await startGateway({
    db,
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    agentToken: config.agentToken,
    limits: config.limits,
    sweepMs: config.sweepMs,
    eventSweepMs: config.eventSweepMs,
    unreachableAfterMs: config.unreachableAfterMs,
    eventRetention: config.eventRetention,
    leaderNice: config.leaderNice,
  });
  const agent =
    config.localAgent &&
    new Agent({ master: gateway.url, token: config.agentToken, workDir: config.localAgent.workDir, resources: config.localAgent.resources });
  await agent?.start();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await agent?.stop({ killTasks: true });
    await gateway.close();
    await db.close();
    process.exit(0); // a normal exit, so --cpu-prof writes its profile
  };
  process.on('message', (message: ToGateway) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'stats') {
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      const usage = process.cpuUsage();
      send({
        type: 'stats',
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        cpuMs: Math.round((usage.user + usage.system) / 1000),
        leading: gateway.leading(),
        nice: getPriority(),
      });
      if (message.reset) delay.reset();
    }
  });
  // The benchmark went away without saying so: leave nothing running.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  send({ type: 'ready', url: gateway.url });
} catch (error) {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
  process.exit(1);
}
