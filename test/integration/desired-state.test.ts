import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusUpdate } from '../../src/agent/index.ts';
import { AppTasksDocument, CreateAppDocument, EventsDocument, KillTasksDocument } from '../../src/client/index.ts';
import { StatusQueue } from '../../src/fleet/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

// What the gateway wants of a task (desiredState) is kept apart from what its agent reports (reportedState).
describe("a task's desired state beside its reported state", () => {
  let cluster: TestCluster;
  let agentId: string;
  let queue: StatusQueue;
  let clock = Date.now();

  beforeAll(async () => {
    // The agent is a row the test speaks for, through the gateway's status queue, so it decides what is reported and when.
    cluster = await startCluster('pglite', [], { unreachableAfterMs: 600_000, pollTimeoutMs: 2000 });
    const agent = await cluster.db.prisma.agent.create({
      data: { hostname: 'scripted', os: 'LINUX', arch: 'x64', version: 'test', cpus: 4, mem: 4096, disk: 10_000, portRanges: [[31_000, 31_099]] },
    });
    agentId = agent.id;
    queue = new StatusQueue(cluster.db);
  });
  afterAll(() => cluster?.stop());

  const report = (taskId: string, state: StatusUpdate['state'], health?: StatusUpdate['health']) =>
    queue.apply(agentId, [{ uuid: randomUUID(), taskId, state, timestamp: new Date((clock += 1000)).toISOString(), ...(health && { health }) }]);
  const task = (id: string) => cluster.db.prisma.task.findUniqueOrThrow({ where: { id } });
  const delays = async (appId: string) =>
    (await cluster.client.request(EventsDocument, { type: 'app.delayed', first: 50 })).events.edges.filter((edge) => edge.node.subject === appId).length;

  async function runningTasks(appId: string, instances: number) {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input: { id: appId, cmd: 'sleep 600', cpus: 0.1, mem: 16, instances } });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const placed = await eventually('the tasks placed', async () => {
      const tasks = (await cluster.client.request(AppTasksDocument, { id: appId })).app?.tasks.nodes ?? [];
      return tasks.length === instances ? tasks : undefined;
    });
    for (const { id } of placed) {
      await report(id, 'STARTING');
      await report(id, 'RUNNING', { healthy: true });
    }
    return placed.map(({ id }) => id);
  }

  it('a kill the gateway ordered stays KILLING whatever its agent said before it heard, and is not taken for a health failure', async () => {
    const [id] = await runningTasks('/desired/killed', 1);
    const { killTasks } = await cluster.client.request(KillTasksDocument, { ids: [id!] });
    expect(killTasks).toMatchObject({ data: { tasks: [{ id, state: 'KILLING', desiredState: 'KILL', reportedState: 'RUNNING' }] } });

    // Sent before the agent heard of the kill: its health went bad while it ran.
    await report(id!, 'RUNNING', { healthy: false, cause: 'HTTP 500' });
    expect(await task(id!)).toMatchObject({ state: 'KILLING', desiredState: 'KILL', reportedState: 'RUNNING', health: 'UNHEALTHY' });
    await report(id!, 'KILLING', { healthy: false, cause: 'HTTP 500' });
    await report(id!, 'KILLED', { healthy: false, cause: 'HTTP 500' });
    expect(await task(id!)).toMatchObject({ state: 'KILLED', desiredState: 'KILL', reportedState: 'KILLED' });
    expect(await delays('/desired/killed')).toBe(0);
  });

  it("an agent's own kill for failed health checks leaves the task wanted, and delays the app's next launch once", async () => {
    const [id] = await runningTasks('/desired/unhealthy', 1);
    await report(id!, 'KILLING', { healthy: false, cause: 'HTTP 500' });
    expect(await task(id!)).toMatchObject({ state: 'KILLING', desiredState: 'RUN', reportedState: 'KILLING' });
    await report(id!, 'KILLED', { healthy: false, cause: 'HTTP 500' });
    expect(await task(id!)).toMatchObject({ state: 'KILLED', desiredState: 'RUN', reportedState: 'KILLED' });
    expect(await delays('/desired/unhealthy')).toBe(1);
  });

  it('what an agent reports after the gateway gave the task up is kept as reported, the task staying ended', async () => {
    const [id] = await runningTasks('/desired/lost', 1);
    await cluster.db.prisma.task.update({ where: { id }, data: { state: 'LOST', finishedAt: new Date() } });
    await report(id!, 'RUNNING');
    expect(await task(id!)).toMatchObject({ state: 'LOST', reportedState: 'RUNNING' });
  });
});
