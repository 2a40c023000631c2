import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/index.ts';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, KillTasksDocument } from '../../src/client/index.ts';
import type { TestCluster } from '../helpers/cluster.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';
import type { TcpProxy } from '../helpers/tcp-proxy.ts';
import { startAgentBehindProxy, type CutOffAgent } from '../helpers/agent-behind-proxy.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

describe('a task killed while its agent is cut off from the gateway', () => {
  let cut: CutOffAgent;
  let cluster: TestCluster;
  let proxy: TcpProxy;
  let _away: Agent;
  let workDir: string;

  beforeAll(async () => {
    // The gateway takes an agent silent for 2 s as UNREACHABLE; this agent reaches it only through the proxy, which the test cuts.
    cut = await startAgentBehindProxy('kill-cut');
    ({ cluster, proxy, agent: _away, workDir } = cut);
  });
  afterAll(() => cut?.stop());

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/cut/killed' })).app!;
  const taskOf = async (id: string) => (await app()).tasks.nodes.find((task) => task.id === id);

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
      const tasks = (await app()).tasks.nodes;
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks : undefined;
    });
    const pid = await taskPid(join(workDir, 'sandboxes', 'cut_killed', victim!.id));

    proxy.cut();
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

    proxy.mend();
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
      const tasks = (await app()).tasks.nodes;
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks[0] : undefined;
    });
    expect(replaced.id).not.toBe(victim!.id);
    expect(replaced).toMatchObject({ desiredState: 'RUN', reportedState: 'RUNNING' });
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);
  }, 90_000);
});
