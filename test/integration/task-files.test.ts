import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, TaskFileDocument } from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

describe.each(databaseKinds)("reading a task's sandbox on %s", (kind) => {
  let cluster: TestCluster;
  let taskId: string;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}]);
    await cluster.client.request(CreateAppDocument, {
      input: {
        id: '/logs/talker',
        cmd: 'for i in 1 2 3; do echo "line $i"; done; echo "oops" >&2; ln -s /etc/hostname escape; exec sleep 600',
        mem: 16,
        cpus: 0.1,
      },
    });
    taskId = await eventually('the task to run', async () => {
      const app = (await cluster.client.request(AppTasksDocument, { id: '/logs/talker' })).app;
      return app?.tasks.nodes.find((task) => task.state === 'RUNNING')?.id;
    });
  });
  afterAll(() => cluster?.stop());

  const read = (variables: { path?: string; offset?: number; length?: number }) =>
    cluster.client.request(TaskFileDocument, { taskId, ...variables }).then((result) => result.taskFile);

  it('reads stdout and stderr through the agent, from an offset or from the end', async () => {
    const stdout = await eventually('stdout to have three lines', async () => {
      const chunk = await read({});
      return chunk.__typename === 'TaskFileSuccess' && chunk.data.text.includes('line 3') ? chunk.data : undefined;
    });
    expect(stdout).toMatchObject({ text: 'line 1\nline 2\nline 3\n', offset: 0, size: 21, nextOffset: 21 });
    expect(await read({ offset: 7, length: 6 })).toMatchObject({ data: { text: 'line 2', nextOffset: 13 } });
    expect(await read({ offset: -7 })).toMatchObject({ data: { text: 'line 3\n', offset: 14 } });
    expect(await read({ path: 'stderr' })).toMatchObject({ data: { text: 'oops\n' } });
  });

  it('refuses paths that leave the sandbox, by .. or through a link', async () => {
    expect(await read({ path: '../../../agent.json' })).toMatchObject({
      __typename: 'TaskFileUnavailableError',
      message: expect.stringContaining('leaves the sandbox'),
    });
    expect(await read({ path: '/etc/passwd' })).toMatchObject({ __typename: 'TaskFileUnavailableError', message: expect.stringContaining('is absolute') });
    expect(await read({ path: 'escape' })).toMatchObject({ __typename: 'TaskFileUnavailableError', message: expect.stringContaining('through a link') });
  });

  it('names what is wrong with a request', async () => {
    expect(await read({ length: 10_000_000 })).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'length', message: 'must be between 0 and 1048576' }],
    });
    expect(await read({ path: 'nothing-here' })).toMatchObject({ __typename: 'TaskFileUnavailableError', message: expect.stringContaining('nothing-here') });
    const unknown = await cluster.client.request(TaskFileDocument, { taskId: 'logs_talker.nope' });
    expect(unknown.taskFile).toMatchObject({ __typename: 'TasksNotFoundError' });
  });

  it('says so when the agent is away', async () => {
    await cluster.agents[0]!.stop({ killTasks: false });
    await eventually('the agent to be unreachable', async () => {
      const { agents } = await cluster.client.request(AgentsDocument, {});
      return agents.edges[0]?.node.state === 'UNREACHABLE';
    });
    expect(await read({})).toMatchObject({ __typename: 'TaskFileUnavailableError', message: expect.stringMatching(/its agent .* is unreachable/) });
  });
});
