import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import {
  AgentsDocument,
  AppsDocument,
  AppTasksDocument,
  AppVersionsDocument,
  CreateAppDocument,
  EventsDocument,
  InstallPackageDocument,
  ScaleAppDocument,
  UpdateAppDocument,
  GatewayClient,
  type AppInput,
} from '../../src/client/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { startGateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase } from '../helpers/databases.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';
import { eventually } from '../helpers/subscription.ts';
import { TASKS_PER_PASS } from '../../src/scheduler/placement/index.ts';

type Refusal = { __typename: string; fields?: { field: string; message: string }[] };

/** The fields a ValidationError names, with their messages; fails the test on any other answer. */
function refusedFields(result: Refusal): Record<string, string> {
  expect(result.__typename).toBe('ValidationError');
  return Object.fromEntries((result.fields ?? []).map((problem) => [problem.field, problem.message]));
}

const KiB = 1024;

describe.each(databaseKinds)('app definitions a gateway refuses, on %s', (kind) => {
  let cluster: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    cluster = await gatewayOnScratch(kind);
  });
  afterAll(() => cluster?.stop());

  const create = async (input: AppInput) => (await cluster.client.request(CreateAppDocument, { input })).createApp;
  const appIds = async () => (await cluster.client.request(AppsDocument, {})).apps.edges.map((edge) => edge.node.id);

  it('refuses a billion instances (createApp, updateApp, scaleApp, installPackage), naming instances and the limit, and stores nothing', async () => {
    expect(refusedFields(await create({ id: '/many', cmd: 'sleep 600', instances: 1_000_000_000 }))).toEqual({
      instances: "is 1000000000: this cluster allows at most 10000 instances of an app (the gateway's --max-instances)",
    });
    expect(await appIds()).toEqual([]);

    expect((await create({ id: '/few', cmd: 'sleep 600', instances: 0 })).__typename).toBe('CreateAppSuccess');
    const updated = (await cluster.client.request(UpdateAppDocument, { id: '/few', input: { instances: 1_000_000_000 } })).updateApp;
    expect(refusedFields(updated)).toEqual({ instances: expect.stringContaining('at most 10000 instances') });
    const scaled = (await cluster.client.request(ScaleAppDocument, { id: '/few', instances: 1_000_000_000 })).scaleApp;
    expect(refusedFields(scaled)).toEqual({ instances: expect.stringContaining('at most 10000 instances') });
    expect((await cluster.client.request(ScaleAppDocument, { id: '/few', instances: 10_000 })).scaleApp.__typename).toBe('ScaleAppSuccess');
    const { app } = await cluster.client.request(AppVersionsDocument, { id: '/few' });
    expect(app?.versions.edges.map((edge) => (edge.node.definition.json as { instances: number }).instances)).toEqual([10_000, 0]);

    const installed = (await cluster.client.request(InstallPackageDocument, { name: 'node-hello', appId: '/hello', options: { instances: 1_000_000_000 } }))
      .installPackage;
    expect(refusedFields(installed)).toEqual({ 'apps[/hello].instances': expect.stringContaining('at most 10000 instances') });
    expect(await appIds()).toEqual(['/few']);
  });

  it('refuses a LIKE pattern that needs backtracking (a backreference, a lookahead), naming the constraint', async () => {
    const refused = await create({
      id: '/backref',
      cmd: 'sleep 600',
      constraints: [
        ['rack', 'LIKE', '(a)\\1'],
        ['hostname', 'UNIQUE'],
        ['rack', 'UNLIKE', '(?=r)r1'],
      ],
    });
    expect(refusedFields(refused)).toEqual({
      'constraints[0]': expect.stringContaining('"(a)\\1" is not a valid regular expression (RE2 syntax: no backreferences or lookaround)'),
      'constraints[2]': expect.stringContaining('is not a valid regular expression'),
    });
    expect(await appIds()).not.toContain('/backref');
  });

  it('refuses NUL characters in env, labels, cmd, args, user and id, naming each field, where it used to fail with "Unexpected error"', async () => {
    expect(
      refusedFields(
        await create({
          id: '/nul',
          cmd: 'echo a\u0000b',
          user: 'root\u0000',
          env: { GOOD: 'yes', BAD: 'x\u0000y', 'NA\u0000ME': 'v' },
          labels: { team: 'a\u0000' },
        }),
      ),
    ).toEqual({
      cmd: 'contains a NUL character (\\u0000), which cannot be stored',
      user: 'contains a NUL character (\\u0000), which cannot be stored',
      'env.BAD': 'contains a NUL character (\\u0000), which cannot be stored',
      env: 'the name "NA\\u0000ME" contains a NUL character (\\u0000), which cannot be stored',
      'labels.team': 'contains a NUL character (\\u0000), which cannot be stored',
    });
    expect(refusedFields(await create({ id: '/nul', args: ['echo', '\u0000'] }))).toEqual({ 'args[1]': expect.stringContaining('NUL character') });
    expect(refusedFields(await create({ id: '/nu\u0000l', cmd: 'true' }))).toHaveProperty('id');
    const update = (await cluster.client.request(UpdateAppDocument, { id: '/few', input: { env: { KEY: '\u0000' } } })).updateApp;
    expect(refusedFields(update)).toEqual({ 'env.KEY': expect.stringContaining('NUL character') });
    const installed = (await cluster.client.request(InstallPackageDocument, { name: 'node-hello', appId: '/hello', options: { greeting: 'hi\u0000' } }))
      .installPackage;
    expect(refusedFields(installed)).toEqual({ 'apps[/hello].env.GREETING': expect.stringContaining('NUL character') });
    expect(await appIds()).toEqual(['/few']);
  });

  it('refuses env, cmd and args a process could not be started with (spawn E2BIG), naming the field', async () => {
    const big = 'v'.repeat(200 * KiB);
    expect(refusedFields(await create({ id: '/big-env', cmd: 'true', env: { SMALL: 'ok', HUGE: big } }))).toEqual({
      'env.HUGE': 'is 200 KiB: at most 32 KiB',
      env: 'is 200 KiB all together: at most 128 KiB',
    });
    const manyValues = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`PART${n}`, 'v'.repeat(30 * KiB)]));
    expect(refusedFields(await create({ id: '/big-env', cmd: 'true', env: manyValues }))).toEqual({ env: expect.stringContaining('at most 128 KiB') });
    expect(refusedFields(await create({ id: '/big-env', cmd: big }))).toEqual({ cmd: 'is 200 KiB: at most 32 KiB' });
    expect(refusedFields(await create({ id: '/big-env', args: ['echo', big] }))).toEqual({
      'args[1]': 'is 200 KiB: at most 32 KiB',
      args: expect.stringContaining('at most 128 KiB'),
    });
    // Within the package options' own bound (64 KiB as JSON), but past what an env value may be.
    const installed = (
      await cluster.client.request(InstallPackageDocument, { name: 'node-hello', appId: '/hello', options: { greeting: 'v'.repeat(40 * KiB) } })
    ).installPackage;
    expect(refusedFields(installed)).toEqual({ 'apps[/hello].env.GREETING': 'is 40 KiB: at most 32 KiB' });
    expect(await appIds()).toEqual(['/few']);
  });
});

describe.each(databaseKinds)('a LIKE constraint that backtracks for ever in JavaScript, on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // (.*.*.*)*X against 40 a's: JavaScript's RegExp takes minutes; each control loop pass took 117-149 s.
    cluster = await startCluster(kind, [{ attributes: { 'program.java': 'a'.repeat(40) } }]);
  });
  afterAll(() => cluster?.stop());

  it('is refused by placement at once, other apps are placed, and agents stay ACTIVE', async () => {
    const { client } = cluster;
    const created = (
      await client.request(CreateAppDocument, {
        input: { id: '/redos', cmd: 'sleep 600', cpus: 0.01, mem: 8, constraints: [['program.java', 'LIKE', '(.*.*.*)*X']] },
      })
    ).createApp;
    expect(created.__typename).toBe('CreateAppSuccess');
    const summary = await eventually(
      'the app to wait with its reason',
      async () => (await client.request(AppTasksDocument, { id: '/redos' })).app?.queue?.summary,
      10_000,
    );
    expect(summary).toBe('1 agent failed constraint program.java LIKE (.*.*.*)*X');
    // The pass that placed it: from the app's creation to the event saying why it waits.
    const events = (await client.request(EventsDocument, { first: 100, subject: '/redos' })).events.edges.map((edge) => edge.node);
    const at = (type: string) => Date.parse(events.find((event) => event.type === type)!.createdAt as string);
    expect(at('app.waiting') - at('app.created')).toBeLessThan(1000);

    (await client.request(CreateAppDocument, { input: { id: '/plain', cmd: 'sleep 600', cpus: 0.01, mem: 8 } })).createApp;
    await eventually('the other app to run', async () => (await client.request(AppTasksDocument, { id: '/plain' })).app?.tasksRunning === 1, 15_000);
    // Well past unreachableAfterMs (2 s here): the agent's polls were answered all along.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const { agents } = await client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);
  });
});

describe.each(databaseKinds)('a stored app of a billion instances, on %s', (kind) => {
  it('lets the gateway start and stay up (answering, memory bounded), placing tasks a bounded batch at a time', async () => {
    const scratch = await scratchDatabase(kind);
    const agentDir = mkdtempSync(join(tmpdir(), 'corral-billion-'));
    let corral: RunningCorral | undefined;
    try {
      // An agent joins and an app is created, as on any cluster; then the agent goes (its row stays ACTIVE a while).
      const db = await openDatabase(scratch.target);
      const agentToken = newSecret('agent');
      const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), agentToken });
      const client = new GatewayClient({ url: gateway.url });
      const agent = new Agent({
        master: gateway.url,
        token: agentToken,
        workDir: agentDir,
        programs: [],
        resources: { cpus: 4, mem: 4096, disk: 1000, ports: [[39_900, 39_909]] },
        serviceAddress: '127.0.0.90',
      });
      await agent.start();
      // Tasks that need nothing: every one of them fits, so only a bound on placement stops it.
      const created = (
        await client.request(CreateAppDocument, { input: { id: '/big', cmd: 'sleep 600', cpus: 0, mem: 0, disk: 0, portDefinitions: [], instances: 0 } })
      ).createApp;
      expect(created.__typename).toBe('CreateAppSuccess');
      await agent.stop({ killTasks: true });
      await client.close();
      await gateway.close();
      // What an older Corral, without the limit, stored for `instances: 1000000000`.
      await db.prisma.$executeRawUnsafe(`UPDATE "App" SET spec = jsonb_set(spec::jsonb, '{instances}', '1000000000')`);
      await db.prisma.$executeRawUnsafe(`UPDATE "AppVersion" SET spec = jsonb_set(spec::jsonb, '{instances}', '1000000000')`);
      await db.close();

      const args = [...scratch.cliArgs, '--host', '127.0.0.1', '--port', '0', '--unreachable-after', '120'];
      corral = await startCorral(kind === 'pglite' ? [...args, '--no-agent'] : args);
      const { url } = corral;
      const pid = corral.child.pid!;
      const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
      const staged = async () => {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ app(id: "/big") { tasksStaged definition { instances } } }' }),
          signal: AbortSignal.timeout(5000),
        });
        return ((await response.json()) as { data: { app: { tasksStaged: number; definition: { instances: number } } } }).data.app;
      };

      let largestRss = 0;
      let slowestHealthz = 0;
      const until = Date.now() + 12_000;
      while (Date.now() < until) {
        expect(corral.child.exitCode).toBeNull();
        const started = Date.now();
        const healthz = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
        expect(healthz.status).toBe(200);
        slowestHealthz = Math.max(slowestHealthz, Date.now() - started);
        largestRss = Math.max(largestRss, rssMb());
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const app = await staged();
      expect(app.definition.instances).toBe(1_000_000_000);
      // A few passes' worth in those 12 s, not the billion.
      expect(app.tasksStaged).toBeGreaterThanOrEqual(1000);
      expect(app.tasksStaged).toBeLessThanOrEqual(3 * TASKS_PER_PASS);
      // Measured here: 630 MB at most with PGlite in the process (350 MB of it before any task), 400 MB on PostgreSQL;
      // before the fix, the first pass held the event loop and grew the process to gigabytes.
      expect(largestRss).toBeLessThan(1024);
      expect(slowestHealthz).toBeLessThan(3000);
      expect(await corral.stop('SIGINT')).toBe(0);
      corral = undefined;

      // Each pass's tasks are one INSERT, so they share their stagedAt: no batch above a pass's budget.
      const after = await openDatabase(scratch.target);
      try {
        const batches = await after.prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM "Task" GROUP BY "stagedAt"`);
        expect(batches.length).toBeGreaterThan(0);
        expect(Math.max(...batches.map((batch) => batch.count))).toBeLessThanOrEqual(TASKS_PER_PASS);
        expect(batches.reduce((sum, batch) => sum + batch.count, 0)).toBeLessThanOrEqual(3 * TASKS_PER_PASS);
      } finally {
        await after.close();
      }
    } finally {
      await corral?.stop('SIGKILL');
      await scratch.drop();
      rmSync(agentDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.each(databaseKinds)('the instance limit of corral dev and corral server, on %s', (kind) => {
  it('is set by --max-instances (corral dev) or CORRAL_MAX_INSTANCES (corral server)', async () => {
    const scratch = await scratchDatabase(kind);
    let corral: RunningCorral | undefined;
    try {
      const args = [...scratch.cliArgs, '--host', '127.0.0.1', '--port', '0'];
      corral = kind === 'pglite' ? await startCorral([...args, '--no-agent', '--max-instances', '5']) : await startCorral(args, { CORRAL_MAX_INSTANCES: '5' });
      const client = new GatewayClient({ url: corral.url });
      try {
        const refused = (await client.request(CreateAppDocument, { input: { id: '/six', cmd: 'sleep 600', instances: 6 } })).createApp;
        expect(refusedFields(refused)).toEqual({ instances: "is 6: this cluster allows at most 5 instances of an app (the gateway's --max-instances)" });
        expect((await client.request(CreateAppDocument, { input: { id: '/five', cmd: 'sleep 600', instances: 5 } })).createApp.__typename).toBe(
          'CreateAppSuccess',
        );
      } finally {
        await client.close();
      }
      expect(await corral.stop('SIGINT')).toBe(0);
      corral = undefined;
    } finally {
      await corral?.stop('SIGKILL');
      await scratch.drop();
    }
  }, 60_000);
});
