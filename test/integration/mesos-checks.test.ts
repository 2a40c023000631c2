import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAppDocument, EventsDocument, type AppInput } from '../../src/client/index.ts';
import { TypedDocumentString } from '../../src/client/generated/graphql.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

interface CheckedTask {
  id: string;
  state: string;
  health: string;
  checkResult: {
    http: { statusCode: number } | null;
    tcp: { succeeded: boolean } | null;
    command: { exitCode: number } | null;
    cause: string | null;
    at: string;
  } | null;
}

const TaskChecks = new TypedDocumentString<{ app: { tasks: { nodes: CheckedTask[] } } | null }, { id: string }>(`
  query TaskChecks($id: ID!) {
    app(id: $id) { tasks { nodes { id state health checkResult { http { statusCode } tcp { succeeded } command { exitCode } cause at } } } }
  }
`);

// Short timings for tests; Marathon's defaults are 60 s, 20 s and 15 s.
const quickCheck = { intervalSeconds: 0.3, timeoutSeconds: 0.25, delaySeconds: 0 };
// A health check that would kill the task at its first failure: a check that fails never may.
const strictHealth = {
  protocol: 'HTTP',
  path: '/',
  intervalSeconds: 0.25,
  timeoutSeconds: 5,
  delaySeconds: 0,
  gracePeriodSeconds: 5,
  maxConsecutiveFailures: 1,
};
const httpApp = (id: string, extra: Partial<AppInput>): AppInput => ({
  id,
  args: [process.execPath, server],
  cpus: 0.1,
  mem: 32,
  portDefinitions: [{ port: 0 }],
  ...extra,
});

describe.each(databaseKinds)("Mesos checks (an app's check) on %s", (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind);
  });
  afterAll(() => cluster?.stop());

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const tasksOf = async (id: string) => (await cluster.client.request(TaskChecks, { id })).app?.tasks.nodes ?? [];
  const oneTask = (id: string, what: string, test: (task: CheckedTask) => boolean) =>
    eventually(`${id}: ${what}`, async () => (await tasksOf(id)).find(test), 20_000);
  const sandboxOf = (task: { id: string }, appId: string) =>
    join(cluster.workDirOf(cluster.agents[0]!), 'sandboxes', appId.slice(1).replace(/\//g, '_'), task.id);

  it.concurrent("shows a failing HTTP check's status code while the task keeps running, healthy, and shows it pass later", async () => {
    const id = '/checks/http';
    // The fixture answers 503 on /ready until a file named ready is in its sandbox, 200 on /.
    await create(httpApp(id, { healthChecks: [strictHealth], check: { http: { portIndex: 0, path: '/ready' }, ...quickCheck } }));
    const failing = await oneTask(id, 'a check result of HTTP 503', (task) => task.checkResult?.http?.statusCode === 503);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // several failed checks later
    const [still] = await tasksOf(id);
    expect(still).toMatchObject({ id: failing.id, state: 'RUNNING', health: 'HEALTHY', checkResult: { http: { statusCode: 503 }, tcp: null, command: null } });

    writeFileSync(join(sandboxOf(failing, id), 'ready'), '');
    const passing = await oneTask(id, 'a check result of HTTP 200', (task) => task.checkResult?.http?.statusCode === 200);
    expect(passing.id).toBe(failing.id);
    expect(Date.parse(passing.checkResult!.at)).toBeGreaterThan(Date.parse(failing.checkResult!.at));

    const events = (await cluster.client.request(EventsDocument, { first: 1000 })).events.edges.map((edge) => edge.node);
    const checks = events
      .filter((event) => event.type === 'task.check' && event.subject === failing.id)
      .map((event) => (event.payload as { check: { http?: unknown } }).check.http);
    // Before the task listens, a check may find the port closed: no status code then.
    expect(checks.filter(Boolean)).toEqual([{ statusCode: 503 }, { statusCode: 200 }]);
    // Never a health change for the check: the task went healthy once and stayed so.
    const health = events
      .filter((event) => event.type === 'task.health' && event.subject === failing.id)
      .map((event) => (event.payload as { health: string }).health);
    expect(health).toEqual(['HEALTHY']);
  });

  it.concurrent('shows a TCP check that finds nothing listening as not succeeded, with why', async () => {
    const id = '/checks/tcp';
    // Only $PORT0 listens: the check probes the second port.
    await create(httpApp(id, { portDefinitions: [{ port: 0 }, { port: 0 }], check: { tcp: { portIndex: 1 }, ...quickCheck } }));
    const task = await oneTask(id, 'a TCP check result', (found) => found.checkResult !== null);
    expect(task.checkResult).toMatchObject({ tcp: { succeeded: false }, http: null, cause: 'connection refused' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await tasksOf(id)).toMatchObject([{ id: task.id, state: 'RUNNING', health: 'UNKNOWN' }]);
  });

  it.concurrent("shows a command check's exit code, and runs it in the task's sandbox", async () => {
    const id = '/checks/exec';
    await create(httpApp(id, { check: { exec: { command: { shell: 'test -f ready && exit 0; exit 3' } }, ...quickCheck } }));
    const failing = await oneTask(id, 'exit code 3', (task) => task.checkResult?.command?.exitCode === 3);
    expect(failing).toMatchObject({ state: 'RUNNING', checkResult: { http: null, tcp: null, cause: null } });
    writeFileSync(join(sandboxOf(failing, id), 'ready'), '');
    const passing = await oneTask(id, 'exit code 0', (task) => task.checkResult?.command?.exitCode === 0);
    expect(passing.id).toBe(failing.id);
  });

  it.concurrent('runs a command check given as argv, and says when the check times out', async () => {
    const id = '/checks/argv';
    await create(httpApp(id, { check: { exec: { command: { argv: [process.execPath, '-e', 'process.exit(7)'] } }, ...quickCheck } }));
    await oneTask(id, 'exit code 7', (task) => task.checkResult?.command?.exitCode === 7);

    const slow = '/checks/slow';
    // The fixture never answers /hang: no status code, and the cause says why.
    await create(httpApp(slow, { check: { http: { portIndex: 0, path: '/hang' }, ...quickCheck } }));
    const task = await oneTask(slow, 'a timed-out check', (found) => found.checkResult?.cause?.startsWith('timeout') === true);
    expect(task.checkResult).toMatchObject({ http: null, tcp: null, command: null, cause: 'timeout after 0.25 s' });
    expect(task.state).toBe('RUNNING');
  });
});
