import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';
import type { FromGateway, GatewayProcessConfig, ToGateway } from './gateway-process.ts';
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

const entry = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts bench/gateway-process.ts as a child process on `config`'s database.
 * With `profileDir`, the gateway writes a V8 CPU profile there when it stops
 * (open it in Chrome DevTools or speedscope).
 */
export async function startGatewayProcess(config: GatewayProcessConfig, options: { profileDir?: string } = {}): Promise<GatewayUnderTest> {
  const execArgv = ['--import', 'tsx', ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
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
