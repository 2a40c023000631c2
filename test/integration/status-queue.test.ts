import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusUpdate } from '../../src/agent/index.ts';
import { AppTasksDocument, CreateAppDocument } from '../../src/client/index.ts';
import { StatusQueue } from '../../src/fleet/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

// The gateway applies the status updates of polls that arrive together in one transaction.
describe('status updates of concurrent polls', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster('pglite', [{}]);
  });
  afterAll(() => cluster?.stop());

  it('are applied together, and one that cannot be stored fails only its own poll', async () => {
    await cluster.client.request(CreateAppDocument, { input: { id: '/queue/web', cmd: 'sleep 600', cpus: 0.1, mem: 16 } });
    const task = await eventually('the task to run', async () =>
      (await cluster.client.request(AppTasksDocument, { id: '/queue/web' })).app?.tasks.nodes.find((found) => found.state === 'RUNNING'),
    );
    const update = (timestamp: string): StatusUpdate => ({ uuid: randomUUID(), taskId: task.id, state: 'RUNNING', timestamp, message: 'reported again' });
    const [first, broken, last] = [update(new Date().toISOString()), update('no time at all'), update(new Date().toISOString())];

    const queue = new StatusQueue(cluster.db);
    const outcomes = await Promise.allSettled([first, broken, last].map((one) => queue.apply(task.agent!.id, [one])));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[0]).toMatchObject({ value: [first.uuid] });
    const stored = await cluster.db.prisma.taskStatus.findMany({ where: { id: { in: [first.uuid, broken.uuid, last.uuid] } } });
    expect(stored.map((row) => row.id).sort()).toEqual([first.uuid, last.uuid].sort());
  });
});
