import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CreateAppDocument, RestartAppDocument } from '../src/client/index.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayWithAgent } from './gateway-with-agent.ts';
import type { BenchOptions } from './options.ts';
import { pm2Daemon, type Pm2Process } from './pm2-daemon.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { atMost, round } from './stats.ts';
import { TaskWatch } from './task-watch.ts';

const program = fileURLToPath(new URL('./idle-program.cjs', import.meta.url));
const APP_ID = '/bench/pm2';
const TIMEOUT_MS = 120_000;
const POLL_MS = 25;
/** Between start and restart: the launch's stragglers (status acks, a control-loop pass) are over. */
const SETTLE_MS = 2000;

/**
 * Corral and PM2 on this one machine, one after the other in the same run,
 * each starting `processes` copies of the same idle Node program
 * (idle-program.cjs, with this Node) and then restarting them all.
 *
 * Corral as `corral dev` runs it (a gateway with a local agent in its process,
 * on a fresh database), driven as an operator would through the API: one app
 * of `processes` instances (createApp), then restartApp, which replaces every
 * task rolling (Marathon's defaults: all the new tasks start, then the old ones
 * stop). Start ends when every task is RUNNING; restart when every new task is
 * RUNNING and every old one has ended, both as task.status events say.
 *
 * PM2 with a home of its own, driven through its CLI: `pm2 start` of an
 * ecosystem file with `processes` apps (fork mode), then `pm2 restart all`.
 * Start ends when `pm2 jlist` says all online; restart when all are online
 * again with a new pid. The daemon is started (`pm2 ping`) before the clock,
 * as Corral's gateway is.
 */
export async function pm2Comparison(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('pm2');
  const count = options.processes;
  const corral = await corralSide(options, count);
  const pm2 = await pm2Side(count);
  const ratio = (a: number, b: number) => round(a / b, 2);
  const startRatio = ratio(corral.startSeconds, pm2.startSeconds);
  const restartRatio = ratio(corral.restartSeconds, pm2.restartSeconds);
  return run.report(
    options.database,
    {
      gateway: options.gatewayForm,
      processes: count,
      program: 'node bench/idle-program.cjs (setInterval, nothing else)',
      corral: 'gateway + local agent in one process (corral dev), one app of N instances: createApp, restartApp',
      pm2: 'pm2 start ecosystem.config.cjs (N fork-mode apps), pm2 restart all',
    },
    { corral, pm2, ratio: { start: startRatio, restart: restartRatio } },
    { startNoSlowerThanPm2: atMost(startRatio, 1, '(Corral / PM2)'), restartNoSlowerThanPm2: atMost(restartRatio, 1, '(Corral / PM2)') },
  );
}

async function corralSide(options: BenchOptions, count: number) {
  const { gateway, client, stop } = await startGatewayWithAgent(options);
  const watch = new TaskWatch(client);
  const stopWatch = onCleanup(() => watch.stop());

  const startSent = performance.now();
  const created = await client.request(CreateAppDocument, {
    input: { id: APP_ID, args: [process.execPath, program], instances: count, cpus: 0.01, mem: 16, portDefinitions: [] },
  });
  if (created.createApp.__typename !== 'CreateAppSuccess') throw new Error(`createApp failed: ${JSON.stringify(created.createApp)}`);
  const started = await watch.until(() => watch.running(APP_ID).length >= count, TIMEOUT_MS, `${count} tasks RUNNING`);
  log(`Corral started ${count} in ${((started - startSent) / 1000).toFixed(2)} s`);
  await sleep(SETTLE_MS);

  const old = new Set(watch.running(APP_ID));
  const restartSent = performance.now();
  const restarted = await client.request(RestartAppDocument, { id: APP_ID });
  if (restarted.restartApp.__typename !== 'RestartAppSuccess') throw new Error(`restartApp failed: ${JSON.stringify(restarted.restartApp)}`);
  const fresh = () => watch.running(APP_ID).filter((taskId) => !old.has(taskId));
  const newRunning = await watch.until(() => fresh().length >= count, TIMEOUT_MS, `${count} new tasks RUNNING`);
  const oldEnded = await watch.until(() => [...old].every((taskId) => watch.ended(taskId)), TIMEOUT_MS, 'the old tasks to end');
  log(`Corral restarted ${count} in ${((Math.max(newRunning, oldEnded) - restartSent) / 1000).toFixed(2)} s`);
  const stats = await gateway.stats();

  await stopWatch();
  await stop();
  return {
    startSeconds: round((started - startSent) / 1000, 2),
    restartSeconds: round((Math.max(newRunning, oldEnded) - restartSent) / 1000, 2),
    restartNewRunningSeconds: round((newRunning - restartSent) / 1000, 2),
    restartOldEndedSeconds: round((oldEnded - restartSent) / 1000, 2),
    gateway: { rssMb: megabytes(stats.rssBytes), cpuSeconds: round(stats.cpuMs / 1000) },
  };
}

async function pm2Side(count: number) {
  const pm2 = pm2Daemon();
  const daemonSent = performance.now();
  await pm2.cli(['ping']);
  const daemonSeconds = (performance.now() - daemonSent) / 1000;
  // A CLI command that does nothing: what each `pm2 ...` costs before it does anything.
  const pingSent = performance.now();
  await pm2.cli(['ping']);
  const cliSeconds = (performance.now() - pingSent) / 1000;
  const ecosystem = pm2.ecosystem(count, program, process.execPath);

  const startSent = performance.now();
  await pm2.cli(['start', ecosystem]);
  const startCli = performance.now();
  const started = await until(pm2.list, (processes) => processes.length === count && processes.every(online), `PM2: ${count} online`);
  log(`PM2 started ${count} in ${((started.at - startSent) / 1000).toFixed(2)} s`);
  await sleep(SETTLE_MS);

  const oldPids = new Set(started.processes.map((process) => process.pid));
  const restartSent = performance.now();
  await pm2.cli(['restart', 'all']);
  const restartCli = performance.now();
  const restarted = await until(
    pm2.list,
    (processes) =>
      processes.length === count && processes.every((process) => online(process) && process.pm2_env.restart_time >= 1 && !oldPids.has(process.pid)),
    `PM2: ${count} online again`,
  );
  log(`PM2 restarted ${count} in ${((restarted.at - restartSent) / 1000).toFixed(2)} s`);
  return {
    startSeconds: round((started.at - startSent) / 1000, 2),
    startCliSeconds: round((startCli - startSent) / 1000, 2),
    restartSeconds: round((restarted.at - restartSent) / 1000, 2),
    restartCliSeconds: round((restartCli - restartSent) / 1000, 2),
    daemonStartSeconds: round(daemonSeconds, 2),
    cliRoundTripSeconds: round(cliSeconds, 2),
  };
}

const online = (process: Pm2Process) => process.pm2_env.status === 'online';

/** Looks at the list every POLL_MS until `done` holds; `at` is when the list that showed it arrived (as Corral's events are timed). */
async function until(
  list: () => Promise<Pm2Process[]>,
  done: (processes: Pm2Process[]) => boolean,
  what: string,
): Promise<{ at: number; processes: Pm2Process[] }> {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const processes = await list();
    if (done(processes)) return { at: performance.now(), processes };
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => process.stderr.write(`bench: pm2: ${message}\n`);
