import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, KillTasksDocument } from '../../src/client/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

describe('a task killed while its agent is cut off from the gateway', () => {
  let cluster: TestCluster;
  let proxy: TcpProxy | undefined;
  let away: Agent | undefined;
  let workDir: string;

  beforeAll(async () => {
    cluster = await startCluster('pglite', [], { unreachableAfterMs: 2000, pollTimeoutMs: 2000 });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cluster.gateway.url).port) });
    workDir = mkdtempSync(join(tmpdir(), 'corral-chaos-kill-cut-'));
    away = new Agent({
      master: proxy.url,
      token: cluster.agentToken,
      workDir,
      programs: [],
      resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [chaosPorts(0)] },
    });
    await away.start();
  });

  afterAll(async () => {
    proxy?.mend();
    await away?.stop({ killTasks: true });
    await proxy?.close();
    await cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/cut/killed' })).app!;
  const taskOf = async (id: string) => (await app()).tasks.find((task) => task.id === id);

  it('stays wanted dead while it is UNREACHABLE, and is killed and replaced once the agent is back', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, {
      input: {
        id: '/cut/killed',
        args: [process.execPath, server],
        instances: 1,
        cpus: 0.1,
        mem: 32,
        unreachableStrategy: { inactiveAfterSeconds: 120, expungeAfterSeconds: 600 },
      },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const [victim] = await eventually('its task RUNNING', async () => {
      const { tasks } = await app();
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks : undefined;
    });
    const pid = await taskPid(join(workDir, 'sandboxes', 'cut_killed', victim!.id));

    proxy!.cut();
    // Ordered before the gateway gives the agent up: the agent cannot hear it.
    const { killTasks } = await cluster.client.request(KillTasksDocument, { ids: [victim!.id] });
    expect(killTasks).toMatchObject({ data: { tasks: [{ id: victim!.id, state: 'KILLING', desiredState: 'KILL', reportedState: 'RUNNING' }] } });
    // The agent silent, the task is UNREACHABLE, and the kill order stands.
    const unreachable = await eventually('the task UNREACHABLE', async () => {
      const task = await taskOf(victim!.id);
      return task?.state === 'UNREACHABLE' ? task : undefined;
    });
    expect(unreachable.desiredState).toBe('KILL');
    expect(alive(pid)).toBe(true);

    proxy!.mend();
    const killed = await eventually(
      'the task KILLED',
      async () => {
        const task = (await cluster.db.prisma.task.findUnique({ where: { id: victim!.id } }))!;
        return task.state === 'KILLED' ? task : undefined;
      },
      30_000,
    );
    expect(killed).toMatchObject({ desiredState: 'KILL', reportedState: 'KILLED' });
    await eventually('its process gone', async () => !alive(pid), 10_000);
    const replaced = await eventually('a replacement RUNNING', async () => {
      const { tasks } = await app();
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks[0] : undefined;
    });
    expect(replaced.id).not.toBe(victim!.id);
    expect(replaced).toMatchObject({ desiredState: 'RUN', reportedState: 'RUNNING' });
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);
  }, 90_000);
});
