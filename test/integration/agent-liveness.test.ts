import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, EventsDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';

describe('an idle agent', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // A long poll asked for, and a short unreachable timeout: the poll must not outlast the agent's liveness.
    cluster = await startCluster('pglite', [{}], { unreachableAfterMs: 1500, pollTimeoutMs: 20_000 });
  });
  afterAll(() => cluster?.stop());

  it('stays reachable between its polls, however long a poll may be held', async () => {
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);
    const { events } = await cluster.client.request(EventsDocument, { type: 'agent.unreachable', first: 10 });
    expect(events.edges).toEqual([]);
  });
});
