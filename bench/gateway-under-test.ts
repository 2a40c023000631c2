import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCliBundle } from '../src/cli/bundle.ts';
import { onCleanup } from './cleanup.ts';
import type { FromGateway, GatewayProcessConfig, ToGateway } from './gateway-process.ts';
import type { GatewayForm } from './options.ts';
import { procStatusBytes } from './proc-status.ts';

export type GatewayStats = Extract<FromGateway, { type: 'stats' }>;

export interface GatewayUnderTest {
  url: string;
  pid: number;
  /** Memory, event-loop delay and CPU time of the gateway process; `reset` starts a new event-loop delay window. */
  stats(reset?: boolean): Promise<GatewayStats>;
  /** The gateway process's resident set size now (Linux VmRSS), in bytes: read from outside, so a busy gateway still answers. */
  rssBytes(): number | null;
  /** The gateway process's peak resident set size so far (Linux VmHWM), in bytes. */
  peakRssBytes(): number | null;
  stop(): Promise<void>;
}

const sources = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));
// Two levels below the root, as src/cli/bundle.ts requires.
const builtPath = fileURLToPath(new URL('../dist/bench/gateway-process.mjs', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
let built: Promise<string> | undefined;

/** bench/gateway-process.ts bundled as `npm start` bundles corral: built once per benchmark run. */
function builtGatewayProcess(): Promise<string> {
  built ??= buildCliBundle(builtPath, sources).then(({ outfile }) => outfile);
  return built;
}

/**
 * Starts bench/gateway-process.ts as a child process on `config`'s database:
 * built (the default), as production runs corral, or from the sources through tsx.
 * With `profileDir`, the gateway writes a V8 CPU profile there when it stops
 * (open it in Chrome DevTools or speedscope).
 */
export async function startGatewayProcess(config: GatewayProcessConfig, options: { form?: GatewayForm; profileDir?: string } = {}): Promise<GatewayUnderTest> {
  const fromSources = options.form === 'sources';
  const entry = fromSources ? sources : await builtGatewayProcess();
  const execArgv = [...(fromSources ? ['--import', 'tsx'] : []), ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  // The gateway's logs go to our stderr: stdout carries only the benchmark's JSON.
  const child = fork(entry, [JSON.stringify(config)], { cwd: root, execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow); // the last resort, should the benchmark itself crash
  const stop = onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      send(child, { type: 'stop' });
      const timer = setTimeout(killNow, 15_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killNow);
  });
  const ready = await new Promise<FromGateway>((resolve) => {
    child.once('message', (message: FromGateway) => resolve(message));
    child.once('exit', (code) => resolve({ type: 'failed', message: `the gateway process exited with ${code} before it was ready` }));
  });
  if (ready.type !== 'ready') {
    await stop();
    throw new Error(`the gateway did not start: ${ready.type === 'failed' ? ready.message : ready.type}`);
  }
  return {
    url: ready.url,
    pid: child.pid!,
    stats: (reset = false) =>
      new Promise((resolve) => {
        const onMessage = (message: FromGateway) => {
          if (message.type !== 'stats') return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        send(child, { type: 'stats', reset });
      }),
    rssBytes: () => procStatusBytes(child.pid!, 'VmRSS'),
    peakRssBytes: () => procStatusBytes(child.pid!, 'VmHWM'),
    stop,
  };
}

function send(child: ChildProcess, message: ToGateway): void {
  if (child.connected) child.send(message);
}
