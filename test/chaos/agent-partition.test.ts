import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/index.ts';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, EventsDocument } from '../../src/client/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import type { TestCluster } from '../helpers/cluster.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';
import type { TcpProxy } from '../helpers/tcp-proxy.ts';
import { startAgentBehindProxy, type CutOffAgent } from '../helpers/agent-behind-proxy.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const CUT_MS = 30_000;

describe('an agent cut off from the gateway for 30 s', () => {
  let cut: CutOffAgent;
  let cluster: TestCluster;
  let proxy: TcpProxy;
  let away: Agent;
  let workDir: string;

  beforeAll(async () => {
    // The gateway takes an agent silent for 2 s as UNREACHABLE; this agent reaches it only through the proxy, which the test cuts.
    cut = await startAgentBehindProxy('cut');
    ({ cluster, proxy, agent: away, workDir } = cut);
  });
  afterAll(() => cut?.stop());

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/cut/web' })).app!;
  const agentState = async (id: string) => (await cluster.client.request(AgentsDocument, {})).agents.edges.find((edge) => edge.node.id === id)?.node.state;

  it('keeps its tasks running, and they are reconciled, not relaunched', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, {
      input: {
        id: '/cut/web',
        args: [process.execPath, server],
        instances: 2,
        cpus: 0.1,
        mem: 32,
        unreachableStrategy: { inactiveAfterSeconds: 120, expungeAfterSeconds: 600 },
      },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const before = await eventually(
      '2 tasks running',
      async () => {
        const tasks = (await app()).tasks.nodes;
        return tasks.length === 2 && tasks.every((task) => task.state === 'RUNNING') ? tasks : undefined;
      },
      20_000,
    );
    const sandboxOf = (taskId: string) => join(workDir, 'sandboxes', 'cut_web', taskId);
    const pids = new Map(await Promise.all(before.map(async (task) => [task.id, await taskPid(sandboxOf(task.id))] as const)));
    // Another agent with room: a replacement would have somewhere to go.
    const other = await cluster.addAgent({ resources: { ports: [chaosPorts(1)] } });
    const {
      events: {
        edges: [latest],
      },
    } = await cluster.client.request(EventsDocument, { last: 1 });

    proxy.cut();
    const cutAt = Date.now();
    await eventually('the gateway to see the agent UNREACHABLE', async () => (await agentState(away.id!)) === 'UNREACHABLE', 15_000, 100);
    await eventually('its tasks UNREACHABLE', async () => (await app()).tasks.nodes.every((task) => task.state === 'UNREACHABLE'), 10_000, 100);
    // The whole cut: the tasks run on, and nothing replaces them (inactiveAfterSeconds is 120).
    while (Date.now() - cutAt < CUT_MS) {
      for (const [taskId, pid] of pids) expect(alive(pid), `task ${taskId}`).toBe(true);
      expect((await app()).tasks.nodes.map((task) => task.id).sort()).toEqual([...pids.keys()].sort());
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    proxy.mend();

    await eventually('the agent back ACTIVE', async () => (await agentState(away.id!)) === 'ACTIVE', 20_000, 100);
    const after = await eventually(
      'its tasks RUNNING again',
      async () => {
        const tasks = (await app()).tasks.nodes;
        return tasks.every((task) => task.state === 'RUNNING') ? tasks : undefined;
      },
      20_000,
      100,
    );
    // The same tasks, the same processes, on the same agent.
    expect(after.map((task) => task.id).sort()).toEqual([...pids.keys()].sort());
    expect(after.every((task) => task.agent?.id === away.id)).toBe(true);
    for (const [taskId, pid] of pids) {
      expect(await taskPid(sandboxOf(taskId)), `task ${taskId}`).toBe(pid);
      expect(alive(pid), `task ${taskId}`).toBe(true);
    }
    // Nothing was placed or killed meanwhile; the gateway saw the agent go and come back.
    const { events } = await cluster.client.request(EventsDocument, { after: latest!.cursor, first: 500 });
    const types = events.edges.map((edge) => edge.node.type);
    expect(types).toEqual(expect.arrayContaining(['agent.unreachable', 'agent.reachable']));
    expect(types.filter((type) => type === 'task.placed' || type === 'task.killing')).toEqual([]);
    expect(await cluster.db.prisma.task.count({ where: { appId: '/cut/web' } })).toBe(2);
    expect(await cluster.db.prisma.task.count({ where: { agentId: other.id } })).toBe(0);
  }, 120_000);
});
