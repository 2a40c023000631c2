import { createServer, type Server } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppDocument, AppTasksDocument, CreateAppDocument, GatewayClient } from '../../src/client/index.ts';
import { taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';
import { readMigrations } from '../../src/db/index.ts';
import { runCorral, startCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase } from '../helpers/databases.ts';

describe('corral --help', () => {
  it('lists the commands, and each command says what it takes', async () => {
    const top = await runCorral(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/dev \[options\]/);
    expect(top.stdout).toMatch(/server \[options\]/);

    const dev = await runCorral(['dev', '--help']);
    expect(dev.stdout).toContain('--port <port>');
    expect(dev.stdout).toContain('env: CORRAL_PORT');
    expect(dev.stdout).toContain('--data <dir>');
    const server = await runCorral(['server', '--help']);
    expect(server.stdout).toMatch(/--database-url <url>[\s\S]*env:\s+DATABASE_URL/);
  });
});

describe.each(databaseKinds)('a gateway process on %s', (kind) => {
  it('serves GraphiQL, stops cleanly on Ctrl-C and finds its data again after a restart', async () => {
    const scratch = await scratchDatabase(kind);
    try {
      const first = await startCorral([...scratch.cliArgs, '--port', '0']);
      const graphiql = await fetch(`${first.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await graphiql.text()).toContain('GraphiQL');

      const client = new GatewayClient({ url: first.url });
      const created = await client.request(CreateAppDocument, { input: { id: '/kept/across-restarts', cmd: 'sleep 100', instances: 3 } });
      expect(created.createApp.__typename).toBe('CreateAppSuccess');
      expect(await first.stop('SIGINT')).toBe(0);

      const second = await startCorral([...scratch.cliArgs, '--port', '0']);
      const again = new GatewayClient({ url: second.url });
      const { app } = await again.request(AppDocument, { id: '/kept/across-restarts' });
      expect(app).toMatchObject({ version: 1, definition: { instances: 3, cmd: 'sleep 100' } });
      expect(await second.stop('SIGTERM')).toBe(0);
    } finally {
      await scratch.drop();
    }
  });
});

describe('corral dev', () => {
  it('starts a local agent that runs tasks, prints how to join more, and stops them on Ctrl-C', async () => {
    const home = mkdtempSync(join(tmpdir(), 'corral-dev-'));
    try {
      const dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0']);
      expect(dev.token).toMatch(/^corral_api_/);
      const client = new GatewayClient({ url: dev.url, token: dev.token });
      await eventually('the join line', () => /Local agent \S+ runs tasks/.test(dev.output()));
      expect(dev.output()).toMatch(new RegExp(`Join an agent from another machine: corral agent --master ${dev.url}.* --token corral_agent_\\S+`));
      const { agents } = await client.request(AgentsDocument, {});
      expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);

      await client.request(CreateAppDocument, { input: { id: '/hello', cmd: 'echo $$ > pid; exec sleep 1000', cpus: 0.1, mem: 16 } });
      const task = await eventually('the task to run', async () =>
        (await client.request(AppTasksDocument, { id: '/hello' })).app?.tasks.nodes.find((found) => found.state === 'RUNNING'),
      );
      const pid = await taskPid(join(home, 'agent', 'sandboxes', 'hello', task.id));
      expect(await dev.stop('SIGINT')).toBe(0);
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe.runIf(databaseKinds.includes('postgres'))('two gateways started at once on one empty PostgreSQL', () => {
  it('both come up and the schema is applied once', async () => {
    const scratch = await scratchDatabase('postgres');
    try {
      const both = await Promise.all([startCorral([...scratch.cliArgs, '--port', '0']), startCorral([...scratch.cliArgs, '--port', '0'])]);
      for (const gateway of both) {
        const client = new GatewayClient({ url: gateway.url });
        expect((await client.request(AppDocument, { id: '/nothing' })).app).toBeNull();
      }
      const db = new pg.Client({ connectionString: (scratch.target as { url: string }).url });
      await db.connect();
      const { rows } = await db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
      await db.end();
      expect(rows.map((row) => row.migration_name)).toEqual(readMigrations().map((migration) => migration.name));
      for (const gateway of both) expect(await gateway.stop()).toBe(0);
    } finally {
      await scratch.drop();
    }
  });
});

/** A thread's niceness: field 19 of its stat (the process's, as ps shows it, is its main thread's) */
const nicenessOf = (stat: string) => Number(stat.split(') ')[1]!.split(' ')[16]);
/** The niceness of every thread of the process (V8's helpers too, whose garbage collection the main thread waits for), or undefined while they differ */
const processNiceness = (pid: number) => {
  const each = new Set(readdirSync(`/proc/${pid}/task`).map((thread) => nicenessOf(readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8'))));
  return each.size === 1 ? [...each][0] : undefined;
};

describe.runIf(databaseKinds.includes('postgres') && process.platform === 'linux')('corral server --leader-nice on a shared machine', () => {
  it('the gateway that leads the control loop runs at that niceness, every thread of it, and gives it up with the lead', async () => {
    const scratch = await scratchDatabase('postgres');
    const own = getPriority();
    // Only root (or CAP_SYS_NICE) may go below the niceness it started with; others are told so and lead at their own.
    const privileged = process.getuid?.() === 0;
    const wanted = privileged ? own - 4 : own;
    const gateways = await Promise.all([0, 1].map(() => startCorral([...scratch.cliArgs, '--port', '0', '--no-auth', '--leader-nice', String(own - 4)])));
    try {
      // The one at that niceness leads: told to step down (Marathon's DELETE /v2/leader), it answers 200, a follower 404.
      const { leader, other } = await eventually('one gateway to lead at that niceness', async () => {
        for (const [i, gateway] of gateways.entries()) {
          if (processNiceness(gateway.child.pid!) !== wanted) continue;
          if ((await fetch(`${gateway.url}/v2/leader`, { method: 'DELETE' })).ok) return { leader: gateway, other: gateways[1 - i]! };
        }
      });
      if (!privileged) expect(leader.output()).toContain(`cannot take niceness ${own - 4} to lead the control loop`);
      // It stepped down: back to its own; the other takes the lease (the first leaves it for 5 s) and the niceness with it.
      await eventually(
        'the lead and the niceness to move',
        () => processNiceness(leader.child.pid!) === own && processNiceness(other.child.pid!) === wanted,
        20_000,
      );
      // And it leads: it steps down when told to.
      await eventually('the other gateway to lead', async () => (await fetch(`${other.url}/v2/leader`, { method: 'DELETE' })).ok);
    } finally {
      for (const gateway of gateways) await gateway.stop();
      await scratch.drop();
    }
  });

  it('a niceness out of range is refused with the flag named', async () => {
    const run = await runCorral(['server', '--leader-nice', '-21'], { DATABASE_URL: 'postgresql://corral@127.0.0.1:1/corral' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`option '--leader-nice <n>' argument '-21' is invalid. "-21" is not a niceness (a whole number from -20 to 19)`);
  });
});

describe('bad configuration', () => {
  const dirs: string[] = [];
  let blocker: Server | undefined;
  afterAll(() => {
    blocker?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  // Log lines may come first; the failure itself is one line, without a stack trace.
  const expectOneLine = (stderr: string, pattern: RegExp) => {
    const failures = stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('corral:'));
    expect(failures, stderr).toHaveLength(1);
    expect(failures[0]).toMatch(pattern);
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it('a port in use exits 1 with one line', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'corral-cli-'));
    dirs.push(dir);
    const run = await runCorral(['dev', '--data', join(dir, 'data'), '--port', String(port)]);
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, new RegExp(`^corral: port ${port} on 127.0.0.1 is already in use`));
  });

  it('an unreachable database exits 1 with one line that hides the password', async () => {
    const run = await runCorral(['server', '--port', '0'], { DATABASE_URL: 'postgresql://corral:s3cret-pass@127.0.0.1:1/corral' });
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, /^corral: cannot connect to PostgreSQL at postgresql:\/\/corral:\*\*\*@127\.0\.0\.1:1\/corral/);
    expect(run.stderr + run.stdout).not.toContain('s3cret-pass');
  });

  it('a data directory that cannot be written exits 1 with one line', async () => {
    const run = await runCorral(['dev', '--data', '/proc/version/data', '--port', '0']);
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, /^corral: data directory \/proc\/version\/data is not writable/);
  });

  it('server without a database says which setting is missing', async () => {
    const run = await runCorral(['server'], { DATABASE_URL: undefined });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("required option '--database-url <url>' not specified");
  });

  it('a flag wins over its CORRAL_* variable, which wins over the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corral-cli-'));
    dirs.push(dir);
    const fromEnv = await runCorral(['dev', '--data', join(dir, 'data'), '--port', 'eighty'], { CORRAL_PORT: '0' });
    expect(fromEnv.code).not.toBe(0);
    expect(fromEnv.stderr).toContain('"eighty" is not a port number');

    const envOnly = await startCorral(['dev', '--data', join(dir, 'data'), '--no-agent'], { CORRAL_PORT: '0' });
    expect(envOnly.url).not.toMatch(/:8080$/);
    expect(await envOnly.stop()).toBe(0);
  });
});
