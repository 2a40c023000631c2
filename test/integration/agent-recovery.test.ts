import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, EventsDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

describe('an agent that stops answering, then comes back', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster('pglite', [{ attributes: { rack: 'a' } }]);
  });
  afterAll(() => cluster?.stop());

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/steady' })).app!;

  it('is marked UNREACHABLE with its tasks, which are replaced elsewhere and reconciled when it returns', async () => {
    await cluster.client.request(CreateAppDocument, { input: { id: '/steady', args: [process.execPath, server], cpus: 0.1, mem: 32 } });
    const [first] = await eventually('the task to run', async () =>
      (await app()).tasks.nodes.some((task) => task.state === 'RUNNING') ? (await app()).tasks.nodes : undefined,
    );
    const away = cluster.agents[0]!;
    const awayDir = cluster.workDirOf(away);
    const sandbox = join(awayDir, 'sandboxes', 'steady', first!.id);
    const pid = await taskPid(sandbox);

    // The agent process goes away without killing its tasks, as a crashed agent would.
    await away.stop({ killTasks: false });
    await cluster.addAgent({ attributes: { rack: 'b' } });

    const agents = await eventually('the silent agent to be UNREACHABLE', async () => {
      const { agents: list } = await cluster.client.request(AgentsDocument, {});
      return list.edges.some((edge) => edge.node.state === 'UNREACHABLE') ? list : undefined;
    });
    expect(agents.edges.find((edge) => edge.node.id === away.id)?.node.state).toBe('UNREACHABLE');
    const replaced = await eventually('a replacement on the other agent', async () => {
      const tasks = (await app()).tasks.nodes;
      return tasks.some((task) => task.state === 'RUNNING' && task.agent?.id !== away.id) ? tasks : undefined;
    });
    expect(replaced.find((task) => task.id === first!.id)?.state).toBe('UNREACHABLE');
    process.kill(pid, 0); // its task kept running meanwhile

    // It comes back (same work dir: same id, recovers its task); the surplus task is killed, not duplicated.
    const back = await cluster.addAgent({ workDir: awayDir, attributes: { rack: 'a' } });
    expect(back.id).toBe(away.id);
    await eventually('one task again', async () => {
      const tasks = (await app()).tasks.nodes;
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING';
    });
    const { events } = await cluster.client.request(EventsDocument, { first: 200 });
    const types = events.edges.map((edge) => edge.node.type);
    expect(types).toEqual(expect.arrayContaining(['agent.unreachable', 'agent.reregistered', 'task.killing']));
  });
});

describe("an agent away for longer than its app's expungeAfterSeconds", () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster('pglite', [{ attributes: { rack: 'a' } }]);
  });
  afterAll(() => cluster?.stop());

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/cache' })).app!;

  it('finds its task expunged (GONE) and replaced, and is told to kill it when it returns', async () => {
    await cluster.client.request(CreateAppDocument, {
      input: { id: '/cache', args: [process.execPath, server], cpus: 0.1, mem: 32, unreachableStrategy: { inactiveAfterSeconds: 1, expungeAfterSeconds: 3 } },
    });
    const [first] = await eventually('the task to run', async () =>
      (await app()).tasks.nodes.some((task) => task.state === 'RUNNING') ? (await app()).tasks.nodes : undefined,
    );
    const away = cluster.agents[0]!;
    const awayDir = cluster.workDirOf(away);
    const pid = await taskPid(join(awayDir, 'sandboxes', 'cache', first!.id));

    await away.stop({ killTasks: false });
    await cluster.addAgent({ attributes: { rack: 'b' } });
    const gone = await eventually(
      'the task to be expunged',
      async () => {
        const { events } = await cluster.client.request(EventsDocument, { subject: first!.id, type: 'task.status', first: 50 });
        return events.edges.map((edge) => edge.node.payload as { state: string; message?: string }).find((payload) => payload.state === 'GONE');
      },
      20_000,
    );
    expect(gone.message).toBe('expunged: unreachable for more than 3 s');
    const [replacement] = await eventually('the replacement to run', async () => {
      const tasks = (await app()).tasks.nodes;
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' && tasks[0]!.id !== first!.id ? tasks : undefined;
    });
    process.kill(pid, 0); // the expunged task's process still runs, out of reach

    // Back with the same work dir, the agent reports the task; the gateway no longer wants it.
    await cluster.addAgent({ workDir: awayDir, attributes: { rack: 'a' } });
    await eventually("the expunged task's process to end", () => !alive(pid));
    const tasks = (await app()).tasks.nodes;
    expect(tasks.map((task) => [task.id, task.state])).toEqual([[replacement!.id, 'RUNNING']]);
  });
});
