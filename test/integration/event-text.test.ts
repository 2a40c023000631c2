import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusUpdate } from '../../src/agent/index.ts';
import { AppTasksDocument, CreateAppDocument, EventsDocument } from '../../src/client/index.ts';
import { StatusQueue } from '../../src/fleet/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

// A status update's events go to the database as one literal, sent with the COMMIT: what an agent
// says must come back from the log as it said it, whatever characters it holds.
describe.each(databaseKinds)('text in the event log on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}]);
  });
  afterAll(() => cluster?.stop());

  it('keeps quotes, backslashes, newlines and any script in a status message as the agent sent them', async () => {
    await cluster.client.request(CreateAppDocument, { input: { id: '/text/web', cmd: 'sleep 600', cpus: 0.1, mem: 16 } });
    const task = await eventually('the task to run', async () =>
      (await cluster.client.request(AppTasksDocument, { id: '/text/web' })).app?.tasks.nodes.find((found) => found.state === 'RUNNING'),
    );
    const message = `can't open "C:\\data\\it's"\n\tE'\\x41' -- ' OR 1=1; DROP TABLE "Event"; -- ✓ 日本語 \u0001`;
    const update: StatusUpdate = { uuid: randomUUID(), taskId: task.id, state: 'FAILED', timestamp: new Date().toISOString(), message };

    await new StatusQueue(cluster.db).apply(task.agent!.id, [update]);

    const { events } = await cluster.client.request(EventsDocument, { type: 'task.status', subject: task.id, last: 5 });
    const failed = events.edges.map((edge) => edge.node.payload as { state: string; message?: string }).find((payload) => payload.state === 'FAILED');
    expect(failed?.message).toBe(message);
  });
});
