import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const binaries = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  port: number;
  /** postgresql://corral@127.0.0.1:<port>/<database> (trust authentication: this server is the test's alone) */
  url(database?: string): string;
  /** A new empty database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (`fast`: a clean shutdown; `immediate`: as a crash, recovered from the WAL at the next start). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): string;
  /** Stops the server for good and deletes its files. */
  destroy(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL 15 server of the test's own, in a temp dir, on a free port with
 * its own socket dir: a test may stop, crash and restart it without touching
 * the shared server of .ci/postgres.sh that other test files use. initdb and
 * pg_ctl refuse to run as root, so as root they run as the postgres user.
 */
export async function startPrivatePostgres({ port: chosenPort }: { port?: number } = {}): Promise<PrivatePostgres> {
  if (!existsSync(join(binaries, 'initdb'))) throw new Error(`PostgreSQL 15 is not installed (${binaries}/initdb is missing): apt-get install postgresql-15`);
  const root = mkdtempSync(join(tmpdir(), 'corral-private-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'run');
  const logFile = join(root, 'postgres.log');
  mkdirSync(sockets);
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    for (const path of [root, sockets]) chownSync(path, uid, gid);
  }
  const run = (program: string, args: string[]) => runAs(asRoot, join(binaries, program), args);
  // A port below the ephemeral range is best: while the server is down for a restart, the kernel may
  // hand a free ephemeral port to some client's connection, and the server could not listen there again.
  const port = chosenPort ?? (await freePort());
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  // A failure says what the server's log says.
  const ctl = (args: string[]) =>
    run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...args]).catch((error: Error) => {
      throw new Error(`${error.message}\n${log().trim().split('\n').slice(-15).join('\n')}`);
    });
  const options = [
    `-p ${port}`,
    `-k ${sockets}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c shared_buffers=16MB',
    '-c max_connections=60',
  ].join(' ');
  const url = (database = 'postgres') => `postgresql://corral@127.0.0.1:${port}/${database}`;
  const server: PrivatePostgres = {
    port,
    url,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    // Tried a few times: on a busy machine a start right after a stop has been seen to fail once (the log says why).
    start: async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await ctl(['-o', options, 'start']);
        } catch (error) {
          if (attempt === 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    },
    stop: (mode) => ctl(['-m', mode, 'stop']),
    log,
    destroy: async () => {
      // Whatever state a failed test left it in (pg_ctl answers at once when no server runs).
      if (existsSync(join(data, 'postmaster.pid'))) await ctl(['-m', 'immediate', 'stop']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await run('initdb', ['-D', data, '-U', 'corral', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await server.start();
  } catch (error) {
    await server.destroy();
    throw new Error(`cannot start a private PostgreSQL 15 in ${root}: ${(error as Error).message}`);
  }
  return server;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no postgres user to run PostgreSQL as (initdb refuses root)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function runAs(asRoot: boolean, program: string, args: string[]): Promise<void> {
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    execFile(command, commandArgs, { encoding: 'utf8', timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program.split('/').pop()} ${args.join(' ')} failed: ${stderr.trim() || stdout.trim() || error.message}`));
      else resolve();
    });
  });
}
