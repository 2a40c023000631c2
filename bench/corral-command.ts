import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

export const corralBin = fileURLToPath(new URL('../src/cli/corral.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const KEPT_OUTPUT = 64 * 1024;

export interface RunningCommand {
  pid: number;
  /** What it printed on stdout and stderr (the last 64 KiB), for matches and failure messages */
  output(): string;
  /** SIGINT (as Ctrl-C), SIGKILL after 15 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `node <args>` (such as the corral executable and a command) as a
 * process of its own, as a user's shell would, and resolves once its output
 * matches `ready`; stopped at cleanup at the latest.
 */
export async function startCommand(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}): Promise<RunningCommand> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEPT_OUTPUT));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  const started = Date.now();
  while (!ready.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`node ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    if (Date.now() - started > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(`node ${args.join(' ')} was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { pid: child.pid!, output: () => output, stop };
}
