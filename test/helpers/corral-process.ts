import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const corralBin = fileURLToPath(new URL('../../src/cli/corral.js', import.meta.url));

// corral dev writes where the CLI finds its token beside the config file (dev/<port>.json): the processes of a
// test file share a config folder of their own, never the user's ~/.corral, and the CLI they run finds them there.
export const configHome = mkdtempSync(join(tmpdir(), 'corral-config-'));
// A test file runs in a fork that vitest may end without its 'exit' handlers: the file's own end removes the folder.
afterAll(() => rmSync(configHome, { recursive: true, force: true }));

/** The test's environment with `changes` applied; an undefined value removes the variable. */
function environment(changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CORRAL_CONFIG: join(configHome, 'config.json'), ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete env[name];
  return env;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `corral <args>` to its end, as a user's shell would. */
export function runCorral(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [corralBin, ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`corral ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCorral {
  child: ChildProcess;
  /** The base URL it printed, such as http://127.0.0.1:41234 */
  url: string;
  /** corral dev's API token, from the dashboard link it printed (undefined with --no-auth and for corral server) */
  token?: string;
  output(): string;
  /** Sends `signal` and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a long-running `corral dev|server ...` (from the sources, or from `bin`: a built corral.mjs) and waits until it prints its GraphQL URL and its tokens. */
export function startCorral(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 45_000, bin = corralBin): Promise<RunningCorral> {
  const child = spawn(process.execPath, [bin, ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`corral ${args.join(' ')} printed no URL in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL[^\n]*?(http:\/\/[^\s/]+)\/graphql/.exec(output);
      if (match?.[1] && /^API tokens are .*\n/m.test(output)) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          token: /^Dashboard: \S+#token=(\S+)$/m.exec(output)?.[1],
          output: () => output,
          stop: async (signal = 'SIGINT') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`corral ${args.join(' ')} exited with ${code} before printing its URL:\n${output}`));
    });
  });
}
