import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

const require = createRequire(import.meta.url);
const pm2Bin = fileURLToPath(new URL('../node_modules/pm2/bin/pm2', import.meta.url));

/** What `pm2 jlist` says of a process (the fields used here). */
export interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; restart_time: number };
}

interface Pm2Api {
  connect(callback: (error: Error | null) => void): void;
  list(callback: (error: Error | null, processes: Pm2Process[]) => void): void;
  disconnect(): void;
}

export interface Pm2Daemon {
  /** Runs `pm2 <args>` as a user would, to its end. */
  cli(args: string[]): Promise<void>;
  /** The process list, as `pm2 jlist` prints it, from the daemon over its socket (no CLI process per look). */
  list(): Promise<Pm2Process[]>;
  /** Writes an ecosystem file of `count` apps each running `script` with `interpreter`, and returns its path. */
  ecosystem(count: number, script: string, interpreter: string): string;
}

/**
 * PM2 with a home of its own (PM2_HOME in a temporary directory), so the
 * benchmark neither sees nor touches the user's PM2; `pm2 kill` and the
 * directory's removal are registered for cleanup. The daemon starts with the
 * first CLI command.
 */
export function pm2Daemon(): Pm2Daemon {
  const home = mkdtempSync(join(tmpdir(), 'corral-bench-pm2-'));
  const env = { ...process.env, PM2_HOME: home };
  const cli = (args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [pm2Bin, ...args], { env, cwd: home, maxBuffer: 64 * 2 ** 20 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`pm2 ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(),
      ),
    );
  let api: Pm2Api | undefined;
  const connected = (): Promise<Pm2Api> => {
    if (api) return Promise.resolve(api);
    const Custom = (require('pm2') as { custom: new (options: { pm2_home: string }) => Pm2Api }).custom;
    const client = new Custom({ pm2_home: home });
    return new Promise((resolve, reject) => client.connect((error) => (error ? reject(error) : resolve((api = client)))));
  };
  onCleanup(async () => {
    api?.disconnect();
    await cli(['kill']).catch((error: Error) => process.stderr.write(`bench: ${error.message}\n`));
    rmSync(home, { recursive: true, force: true });
  });
  return {
    cli,
    list: async () => {
      const client = await connected();
      return new Promise((resolve, reject) => client.list((error, processes) => (error ? reject(error) : resolve(processes))));
    },
    ecosystem: (count, script, interpreter) => {
      const apps = Array.from({ length: count }, (_, i) => ({ name: `bench-${i}`, script, interpreter, exec_mode: 'fork', autorestart: true }));
      const file = join(home, 'ecosystem.config.cjs');
      writeFileSync(file, `module.exports = ${JSON.stringify({ apps }, null, 2)};\n`);
      return file;
    },
  };
}
