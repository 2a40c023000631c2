import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, DeleteAppDocument, ScaleAppDocument } from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const httpApp = (id: string, extra: Record<string, unknown> = {}) => ({ id, args: [process.execPath, server], cpus: 0.1, mem: 32, ...extra });

describe.each(databaseKinds)('agents on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{ attributes: { rack: 'a' } }, { attributes: { rack: 'b' } }]);
  });
  afterAll(() => cluster?.stop());

  const tasksOf = async (id: string) => (await cluster.client.request(AppTasksDocument, { id })).app;
  const runningTasks = (id: string, count: number) =>
    eventually(`${count} running tasks of ${id}`, async () => {
      const app = await tasksOf(id);
      const running = app?.tasks.nodes.filter((task) => task.state === 'RUNNING') ?? [];
      return running.length === count && app!.tasks.nodes.length === count ? running : undefined;
    });
  const sandboxOf = (task: { id: string; appId: string; agent?: { id: string } | null }) => {
    const agent = cluster.agents.find((candidate) => candidate.id === task.agent?.id)!;
    return join(cluster.workDirOf(agent), 'sandboxes', task.appId.slice(1).replace(/\//g, '_'), task.id);
  };

  it('refuses an agent with a missing or wrong token, and registers nothing', async () => {
    const body = JSON.stringify(aRegisterRequest({ hostname: 'intruder' }));
    for (const headers of [{}, { authorization: 'Bearer corral_agent_wrong' }] as Record<string, string>[]) {
      const response = await fetch(`${cluster.gateway.url}/agent/v1/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toContain('missing or wrong agent token');
    }
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.hostname)).not.toContain('intruder');
    expect(agents.totalCount).toBe(2);
  });

  it('lists the agents with their OS, attributes and resources', async () => {
    const { agents } = await cluster.client.request(AgentsDocument, {});
    for (const { node } of agents.edges) {
      expect(node).toMatchObject({ os: 'LINUX', state: 'ACTIVE', resources: { cpus: 4, mem: 4096 } });
      expect(node.attributes).toMatchObject({ os: 'linux', arch: process.arch, hostname: expect.any(String), rack: expect.stringMatching(/^[ab]$/) });
    }
  });

  it("runs an app's tasks as real processes in sandboxes, with their ports and environment", async () => {
    await cluster.client.request(CreateAppDocument, { input: httpApp('/shop/web', { instances: 2, env: { GREETING: 'hi' } }) });
    const tasks = await runningTasks('/shop/web', 2);
    // Spread: one task per agent.
    expect(new Set(tasks.map((task) => task.agent?.id)).size).toBe(2);
    for (const task of tasks) {
      // RUNNING means started, not yet listening (the app has no health check).
      const answer = await eventually(`task ${task.id} to answer`, () => fetch(`http://127.0.0.1:${task.ports[0]}/`).then((response) => response.text()));
      expect(answer).toBe(`hello from ${task.id}`);
      const sandbox = sandboxOf(task);
      expect(readFileSync(join(sandbox, 'stdout'), 'utf8')).toContain(`listening on ${task.ports[0]}`);
    }
    expect(await tasksOf('/shop/web')).toMatchObject({ status: 'RUNNING', tasksRunning: 2 });
  });

  it('scales up and down; the tasks scaled away stop', async () => {
    await cluster.client.request(ScaleAppDocument, { id: '/shop/web', instances: 4 });
    const four = await runningTasks('/shop/web', 4);
    expect(new Set(four.map((task) => `${task.host}:${task.ports[0]}`)).size).toBe(4);

    const pids = await Promise.all(four.map((task) => taskPid(sandboxOf(task))));
    await cluster.client.request(ScaleAppDocument, { id: '/shop/web', instances: 1 });
    const [kept] = await runningTasks('/shop/web', 1);
    expect(four.map((task) => task.id)).toContain(kept!.id);
    await eventually('3 processes to end', () => pids.filter(alive).length === 1);
  });

  it("replaces a task whose process dies, after the app's backoff", async () => {
    const [task] = await runningTasks('/shop/web', 1);
    process.kill(await taskPid(sandboxOf(task!)), 'SIGKILL');
    const [replacement] = await eventually('a replacement task', async () => {
      const running = await runningTasks('/shop/web', 1);
      return running[0]!.id !== task!.id ? running : undefined;
    });
    expect(replacement!.id).not.toBe(task!.id);
  });

  it('says why an app is WAITING when nothing fits', async () => {
    await cluster.client.request(CreateAppDocument, { input: httpApp('/win/only', { constraints: [['os', 'LIKE', 'windows']] }) });
    await cluster.client.request(CreateAppDocument, { input: httpApp('/too/big', { mem: 100_000 }) });
    const windows = await eventually('the windows app to wait', async () => (await tasksOf('/win/only'))?.queue);
    expect(windows).toMatchObject({
      summary: '2 agents failed constraint os LIKE windows',
      reasons: [{ reason: 'failed constraint os LIKE windows', agents: 2 }],
    });
    expect((await tasksOf('/win/only'))?.status).toBe('WAITING');
    const big = await eventually('the big app to wait', async () => (await tasksOf('/too/big'))?.queue);
    expect(big?.summary).toBe('2 agents lacked memory');
  });

  it('deleting an app stops its tasks', async () => {
    const [task] = await runningTasks('/shop/web', 1);
    const pid = await taskPid(sandboxOf(task!));
    await cluster.client.request(DeleteAppDocument, { id: '/shop/web' });
    await eventually('the process to end', () => !alive(pid));
    expect(existsSync(sandboxOf(task!))).toBe(true);
  });

  it('reports a task that dies with NUL bytes in its stderr as FAILED, with what it wrote', async () => {
    await cluster.client.request(CreateAppDocument, {
      input: { id: '/nul/crash', cmd: "printf 'boom\\000bang\\n' >&2; exit 3", cpus: 0.1, mem: 16, backoffSeconds: 60 },
    });
    const failure = await eventually('the failure to be reported', async () => (await tasksOf('/nul/crash'))?.lastTaskFailure ?? undefined);
    expect(failure).toMatchObject({ state: 'FAILED', exitCode: 3, message: expect.stringContaining('boombang') });
    await cluster.client.request(DeleteAppDocument, { id: '/nul/crash' });
  });
});
