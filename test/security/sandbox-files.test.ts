import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, DeleteAppDocument, EventsDocument, TaskFileDocument } from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

// A task owns its sandbox and may put anything in it. Whatever it puts there,
// a viewer reading it must not freeze the agent (its FIFO once did, and the
// agent and all its tasks went UNREACHABLE), and errors must not show the
// agent's own directories.

// A FIFO nobody writes to, a socket, a device, a directory, a file, and a link out.
const makesOddFiles = [
  'mkfifo pipe',
  'mkdir logs',
  'echo hello > logs/out',
  'mknod device c 1 3',
  `${JSON.stringify(process.execPath)} -e "require('net').createServer().listen('sock', () => process.exit(0))"`,
  'ln -s /etc/hostname escape',
  'exec sleep 600',
].join(' && ');

describe.each(databaseKinds)("reading odd files of a task's sandbox on %s", (kind) => {
  let cluster: TestCluster;
  let workDir: string;
  let taskId: string;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}]);
    workDir = cluster.workDirOf(cluster.agents[0]!);
    await cluster.client.request(CreateAppDocument, { input: { id: '/odd/files', cmd: makesOddFiles, mem: 16, cpus: 0.1 } });
    taskId = await eventually(
      'the task to run',
      async () => (await cluster.client.request(AppTasksDocument, { id: '/odd/files' })).app?.tasks.nodes.find((task) => task.state === 'RUNNING')?.id,
    );
    await eventually('the task to make its files', async () => (await read('logs/out')).__typename === 'TaskFileSuccess');
  });
  afterAll(() => cluster?.stop());

  const read = (path: string, offset?: number) => cluster.client.request(TaskFileDocument, { taskId, path, offset }).then((result) => result.taskFile);
  const refusal = async (path: string, offset?: number) => {
    const answer = await read(path, offset);
    if (answer.__typename !== 'TaskFileUnavailableError') throw new Error(`${path} was read: ${JSON.stringify(answer)}`);
    return answer.message;
  };
  const agentState = async () => (await cluster.client.request(AgentsDocument, {})).agents.edges[0]?.node.state;
  const taskState = async () =>
    (await cluster.client.request(AppTasksDocument, { id: '/odd/files' })).app?.tasks.nodes.find((task) => task.id === taskId)?.state;

  it('refuses a named pipe at once, and the agent and its task go on', async () => {
    const asked = Date.now();
    const message = await refusal('pipe');
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(message).toContain('pipe: not a regular file (a named pipe)');
    expect(message).not.toContain(workDir);
    // From the end: the size is asked first, and refused the same way.
    expect(await refusal('pipe', -100)).toContain('pipe: not a regular file');
    expect(await read('logs/out')).toMatchObject({ __typename: 'TaskFileSuccess', data: { text: 'hello\n' } });
    // Longer than the gateway waits before calling a silent agent unreachable (2 s here).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await agentState()).toBe('ACTIVE');
    expect(await taskState()).toBe('RUNNING');
    expect(await read('logs/out')).toMatchObject({ __typename: 'TaskFileSuccess', data: { text: 'hello\n' } });
  });

  it('refuses sockets, devices and directories as not regular files', async () => {
    expect(await refusal('sock')).toContain('sock: not a regular file (a socket)');
    expect(await refusal('device')).toContain('device: not a regular file (a device)');
    expect(await refusal('logs')).toContain('logs: not a regular file (a directory)');
    expect(await refusal('.')).toContain('.: not a regular file (a directory)');
    expect(await agentState()).toBe('ACTIVE');
  });

  it("names files relative to the sandbox in every error, never by the agent's own paths", async () => {
    const errors = {
      'logs/nothing': 'logs/nothing: no such file',
      'logs/./../logs/nothing': 'logs/nothing: no such file',
      'logs/out/below': 'logs/out/below: no such file',
      logs: 'logs: not a regular file (a directory)',
      '../x': '"../x" leaves the sandbox',
      '../../../agent.json': '"../../../agent.json" leaves the sandbox',
      escape: '"escape" leads out of the sandbox through a link',
      [join(workDir, 'agent.json')]: 'is absolute',
    };
    for (const [path, expected] of Object.entries(errors)) {
      const message = await refusal(path);
      expect(message).toContain(expected);
      // The path the user gave is theirs to see; the agent's work dir appears nowhere else.
      if (!path.startsWith('/')) expect(message).not.toContain(workDir);
      expect(message).not.toMatch(/sandboxes\//);
    }
  });

  it('a task that swaps its stderr for a FIFO and its end mark for a link neither freezes the agent nor writes through the link', async () => {
    const victim = join(workDir, 'victim');
    writeFileSync(victim, "the agent's own file\n");
    // The sandbox is workDir/sandboxes/<app>/<task>: ../../../victim is the file above.
    await cluster.client.request(CreateAppDocument, {
      input: { id: '/odd/swapper', cmd: 'rm stderr && mkfifo stderr && ln -s ../../../victim ended && exit 3', mem: 16, cpus: 0.1 },
    });
    const failed = await eventually('the task to fail', async () => {
      const { events } = await cluster.client.request(EventsDocument, { type: 'task.status', first: 100 });
      return events.edges
        .map(({ node }) => node.payload as { appId: string; state: string; message?: string })
        .find((event) => event.appId === '/odd/swapper' && event.state === 'FAILED');
    });
    await cluster.client.request(DeleteAppDocument, { id: '/odd/swapper' });
    expect(failed.message).toBe('exited with code 3');
    expect(readFileSync(victim, 'utf8')).toBe("the agent's own file\n");
    expect(await agentState()).toBe('ACTIVE');
    expect(await taskState()).toBe('RUNNING');
  });
});
