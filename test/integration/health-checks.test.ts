import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppTaskHealthDocument, CreateAppDocument, EventsDocument, TaskHealthChangedDocument, type AppInput } from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually, take } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const sandboxFilePlugin = fileURLToPath(new URL('../fixtures/plugins/sandbox-file', import.meta.url));

// Short timings for tests; the product's defaults are Marathon's (60 s interval, 300 s grace).
const quick = { intervalSeconds: 0.25, timeoutSeconds: 5, delaySeconds: 0, gracePeriodSeconds: 0, maxConsecutiveFailures: 0 };
const httpApp = (id: string, extra: Partial<AppInput>): AppInput => ({ id, args: [process.execPath, server], cpus: 0.1, mem: 32, ...extra });

describe.each(databaseKinds)('health and readiness checks on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{ plugins: [sandboxFilePlugin] }]);
  });
  afterAll(() => cluster?.stop());

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const tasksOf = async (id: string) => (await cluster.client.request(AppTaskHealthDocument, { id })).app?.tasks.nodes ?? [];
  const oneTask = (id: string, what: string, test: (task: Awaited<ReturnType<typeof tasksOf>>[number]) => boolean) =>
    eventually(`${id}: ${what}`, async () => (await tasksOf(id)).find(test), 20_000);
  const sandboxOf = (task: { id: string }, appId: string) =>
    join(cluster.workDirOf(cluster.agents[0]!), 'sandboxes', appId.slice(1).replace(/\//g, '_'), task.id);
  const touch = (task: { id: string }, appId: string, name: string) => writeFileSync(join(sandboxOf(task, appId), name), '');

  it.concurrent('kills a task that fails maxConsecutiveFailures HTTP checks in a row and replaces it after the backoff', async () => {
    const id = '/health/sick';
    await create(
      httpApp(id, { backoffSeconds: 1, healthChecks: [{ ...quick, protocol: 'HTTP', path: '/', gracePeriodSeconds: 5, maxConsecutiveFailures: 3 }] }),
    );
    const first = await oneTask(id, 'a healthy task', (task) => task.health === 'HEALTHY');
    touch(first, id, 'sick');
    const second = await oneTask(id, 'a healthy replacement', (task) => task.id !== first.id && task.health === 'HEALTHY');
    const killed = await eventually('the first task to end', async () => {
      const task = await cluster.db.prisma.task.findUnique({ where: { id: first.id } });
      return task?.state === 'KILLED' ? task : undefined;
    });
    expect(killed).toMatchObject({ health: 'UNHEALTHY', healthCause: 'HTTP 500', message: 'failed 3 consecutive health checks: HTTP 500' });

    const events = (await cluster.client.request(EventsDocument, { first: 1000 })).events.edges
      .map((edge) => edge.node)
      .filter((event) => (event.payload as { appId?: string }).appId === id);
    const at = (what: string, test: (event: (typeof events)[number], payload: Record<string, unknown>) => boolean) => {
      const index = events.findIndex((event) => test(event, event.payload as Record<string, unknown>));
      expect(index, `${what} in ${JSON.stringify(events.map((event) => [event.type, event.subject, event.payload]))}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const sequence = [
      at('first task healthy', (event, payload) => event.type === 'task.health' && event.subject === first.id && payload.health === 'HEALTHY'),
      at(
        'first task unhealthy',
        (event, payload) => event.type === 'task.health' && event.subject === first.id && payload.health === 'UNHEALTHY' && payload.cause === 'HTTP 500',
      ),
      at('first task killed', (event, payload) => event.type === 'task.status' && event.subject === first.id && payload.state === 'KILLING'),
      at('replacement placed', (event) => event.type === 'task.placed' && event.subject === second.id),
      at('replacement healthy', (event, payload) => event.type === 'task.health' && event.subject === second.id && payload.health === 'HEALTHY'),
    ];
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    // A task being killed holds no place: its replacement may come before its process has ended (KILLED).
    expect(
      at('first task ended', (event, payload) => event.type === 'task.status' && event.subject === first.id && payload.state === 'KILLED'),
    ).toBeGreaterThan(sequence[2]!);
    // The health kill counts as a failure: the app's launches back off (backoffSeconds 1).
    at('the app delayed', (event) => event.type === 'app.delayed');
    const [killing, placed] = [events[sequence[2]!]!, events[sequence[3]!]!];
    expect(Date.parse(placed.createdAt) - Date.parse(killing.createdAt)).toBeGreaterThanOrEqual(900);
  });

  it.concurrent('does not count failures of a slow starter within its grace period', async () => {
    const id = '/health/slow';
    await create(
      httpApp(id, { env: { LISTEN_AFTER_MS: '2500' }, healthChecks: [{ ...quick, protocol: 'HTTP', gracePeriodSeconds: 8, maxConsecutiveFailures: 1 }] }),
    );
    const running = await oneTask(id, 'a running task', (task) => task.state === 'RUNNING');
    const healthy = await oneTask(id, 'a healthy task', (task) => task.health === 'HEALTHY');
    expect(healthy.id).toBe(running.id);
    expect(healthy.healthHistory.map((change) => change.health)).toEqual(['HEALTHY']);
  });

  it.concurrent('runs TCP checks', async () => {
    const id = '/health/tcp';
    await create(httpApp(id, { env: { LISTEN_AFTER_MS: '500' }, healthChecks: [{ ...quick, protocol: 'TCP', gracePeriodSeconds: 5 }] }));
    await oneTask(id, 'healthy over TCP', (task) => task.health === 'HEALTHY');
  });

  it.concurrent("runs COMMAND checks in the sandbox with the task's environment, and streams the changes to taskHealthChanged", async () => {
    const id = '/health/command';
    const changes = cluster.client.subscribe(TaskHealthChangedDocument, { appId: id, after: '0' });
    const firstTwo = take(changes, 2, 20_000);
    await create({
      id,
      cmd: 'sleep 600',
      cpus: 0.1,
      mem: 16,
      healthChecks: [{ ...quick, protocol: 'COMMAND', command: { value: 'test -f ok && test -n "$CORRAL_TASK_ID"' } }],
    });
    const unhealthy = await oneTask(id, 'unhealthy', (task) => task.health === 'UNHEALTHY');
    expect(unhealthy.healthCause).toBe('command exited with code 1');
    touch(unhealthy, id, 'ok');
    await oneTask(id, 'healthy', (task) => task.health === 'HEALTHY');
    const seen = (await firstTwo).map((result) => result.taskHealthChanged);
    await changes.return?.();
    expect(seen).toMatchObject([
      { taskId: unhealthy.id, appId: id, health: 'UNHEALTHY', previousHealth: 'UNKNOWN', cause: 'command exited with code 1' },
      { taskId: unhealthy.id, appId: id, health: 'HEALTHY', previousHealth: 'UNHEALTHY', cause: null },
    ]);
    expect(BigInt(seen[1]!.sequence)).toBeGreaterThan(BigInt(seen[0]!.sequence));
  });

  it.concurrent('reports a check that does not answer in time as a timeout', async () => {
    const id = '/health/hang';
    await create(httpApp(id, { healthChecks: [{ ...quick, protocol: 'HTTP', path: '/hang', timeoutSeconds: 1, gracePeriodSeconds: 0 }] }));
    // Until the task listens, the check is refused; then it waits for an answer that never comes.
    const task = await oneTask(id, 'timed out', (candidate) => candidate.healthCause === 'timeout after 1 s');
    expect(task).toMatchObject({ state: 'RUNNING', health: 'UNHEALTHY' });
  });

  it.concurrent('reports readiness as Task.ready once a readiness check passes', async () => {
    const id = '/health/ready';
    await create(
      httpApp(id, {
        portDefinitions: [{ port: 0, name: 'http-api' }],
        readinessChecks: [{ path: '/ready', portName: 'http-api', intervalSeconds: 0.25, timeoutSeconds: 5 }],
      }),
    );
    const running = await oneTask(id, 'running', (task) => task.state === 'RUNNING');
    await new Promise((resolve) => setTimeout(resolve, 800)); // a few checks answer 503
    expect((await tasksOf(id))[0]?.ready).toBe(false);
    touch(running, id, 'ready');
    await oneTask(id, 'ready', (task) => task.ready);
  });

  it.concurrent('runs a protocol from a plugin folder given to the agent', async () => {
    const id = '/health/plugin';
    await create({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, healthChecks: [{ ...quick, protocol: 'SANDBOX_FILE' }] });
    const unhealthy = await oneTask(id, 'unhealthy by the plugin', (task) => task.health === 'UNHEALTHY');
    expect(unhealthy.healthCause).toBe('no file named healthy in the sandbox');
    touch(unhealthy, id, 'healthy');
    await oneTask(id, 'healthy by the plugin', (task) => task.health === 'HEALTHY');
    rmSync(join(sandboxOf(unhealthy, id), 'healthy'));
    // maxConsecutiveFailures 0: unhealthy, and never killed for it.
    const again = await oneTask(id, 'unhealthy again', (task) => task.health === 'UNHEALTHY');
    expect(again).toMatchObject({ id: unhealthy.id, state: 'RUNNING' });
    expect(again.healthHistory.map((change) => change.health)).toEqual(['UNHEALTHY', 'HEALTHY', 'UNHEALTHY']);
  });

  it.concurrent("says so when the agent has no plugin for a check's protocol, and keeps the task", async () => {
    const id = '/health/unknown';
    await create({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, healthChecks: [{ ...quick, protocol: 'NO_SUCH_CHECK', maxConsecutiveFailures: 1 }] });
    const task = await oneTask(id, 'unhealthy', (candidate) => candidate.health === 'UNHEALTHY');
    expect(task).toMatchObject({ state: 'RUNNING', healthCause: 'no health check plugin for protocol NO_SUCH_CHECK' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await tasksOf(id)).map((candidate) => [candidate.id, candidate.state])).toEqual([[task.id, 'RUNNING']]);
    expect(existsSync(join(sandboxOf(task, id), 'ended'))).toBe(false);
  });
});
