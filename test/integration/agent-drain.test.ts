import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActivateAgentDocument,
  AgentsDocument,
  AppTasksDocument,
  CreateAppDocument,
  DrainAgentDocument,
  EventsDocument,
  ScaleAppDocument,
} from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

describe.each(databaseKinds)('draining an agent on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}, {}]);
  });
  afterAll(() => cluster?.stop());

  const appTasks = async () => (await cluster.client.request(AppTasksDocument, { id: '/drain/web' })).app!;
  const runningOn = (app: Awaited<ReturnType<typeof appTasks>>) => app.tasks.nodes.filter((task) => task.state === 'RUNNING').map((task) => task.agent!.id);

  it('moves its tasks to other agents, new ones first, and places nothing new there until activated', async () => {
    await cluster.client.request(CreateAppDocument, { input: { id: '/drain/web', args: [process.execPath, server], cpus: 0.1, mem: 32, instances: 2 } });
    const spread = await eventually('one task per agent', async () => {
      const app = await appTasks();
      return app.tasksRunning === 2 ? app : undefined;
    });
    const [drained, other] = cluster.agents.map((agent) => agent.id!);
    const leaving = spread.tasks.nodes.find((task) => task.agent!.id === drained)!;

    const answer = await cluster.client.request(DrainAgentDocument, { id: drained! });
    expect(answer.drainAgent).toMatchObject({ __typename: 'DrainAgentSuccess', data: { state: 'DRAINING', drainingSince: expect.any(String) } });
    const moved = await eventually('the task to move', async () => {
      const app = await appTasks();
      return app.tasks.nodes.length === 2 && runningOn(app).every((agentId) => agentId === other) ? app : undefined;
    });
    expect(moved.tasks.nodes.map((task) => task.id)).not.toContain(leaving.id);
    expect(moved.lastTaskFailure).toBeNull();
    // The replacement ran before the drained task was told to stop.
    const replacement = moved.tasks.nodes.find((task) => task.id !== spread.tasks.nodes.find((kept) => kept.agent!.id === other)!.id)!;
    const sequenceOf = async (subject: string, type: string, state?: string) => {
      const { events } = await cluster.client.request(EventsDocument, { subject, type, first: 50 });
      return BigInt(events.edges.find((edge) => !state || (edge.node.payload as { state?: string }).state === state)!.node.sequence);
    };
    expect(await sequenceOf(replacement.id, 'task.status', 'RUNNING')).toBeLessThan(await sequenceOf(leaving.id, 'task.killing'));

    await cluster.client.request(ScaleAppDocument, { id: '/drain/web', instances: 3 });
    const three = await eventually('a third task', async () => {
      const app = await appTasks();
      return app.tasksRunning === 3 ? app : undefined;
    });
    expect(runningOn(three)).toEqual([other, other, other]);

    const activated = await cluster.client.request(ActivateAgentDocument, { id: drained! });
    expect(activated.activateAgent).toMatchObject({ data: { state: 'ACTIVE', drainingSince: null } });
    await cluster.client.request(ScaleAppDocument, { id: '/drain/web', instances: 4 });
    const four = await eventually('a fourth task', async () => {
      const app = await appTasks();
      return app.tasksRunning === 4 ? app : undefined;
    });
    expect(runningOn(four)).toContain(drained);
  });

  it('answers a selection of __typename alone, and loads what the answer asks of the agent', async () => {
    const agentId = cluster.agents[1]!.id!;
    const ask = async (query: string) => {
      const response = await fetch(cluster.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as unknown;
    };
    expect(await ask(`mutation { activateAgent(id: "${agentId}") { __typename } }`)).toEqual({
      data: { activateAgent: { __typename: 'ActivateAgentSuccess' } },
    });
    expect(
      await ask(`mutation { activateAgent(id: "${agentId}") { ... on ActivateAgentSuccess { data { id used { cpus } tasks { totalCount } } } } }`),
    ).toEqual({
      data: { activateAgent: { data: { id: agentId, used: { cpus: expect.any(Number) }, tasks: { totalCount: expect.any(Number) } } } },
    });
  });

  it('refuses an unknown agent', async () => {
    const answer = await cluster.client.request(DrainAgentDocument, { id: '00000000-0000-0000-0000-000000000000' });
    expect(answer.drainAgent).toMatchObject({ __typename: 'AgentNotFoundError', message: 'agent 00000000-0000-0000-0000-000000000000 does not exist' });
    // Not even shaped like an id: the same answer, not an internal error.
    const dashes = '-'.repeat(36);
    expect((await cluster.client.request(DrainAgentDocument, { id: dashes })).drainAgent).toMatchObject({ __typename: 'AgentNotFoundError' });
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE', 'ACTIVE']);
  });
});
