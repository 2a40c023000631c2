import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppTasksDocument, CreateAppDocument, TaskFileDocument, type AppInput } from '../../src/client/index.ts';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

// A real unprivileged user with a supplementary group, made for this file and removed after it,
// as a Debian package makes its service user (postgres is in ssl-cert).
const suffix = `${process.pid % 100_000}`;
const user = `corral-t${suffix}`;
const extraGroup = `corral-g${suffix}`;
const home = mkdtempSync(join(tmpdir(), 'corral-task-user-home-'));
let extraGid = 0;
let uid = 0;

function makeUser(): void {
  if (process.getuid?.() !== 0) throw new Error('task users need an agent running as root, as Mesos agents run: run this suite as root (CI does)');
  removeUser(); // one an interrupted run left
  execFileSync('groupadd', ['--system', extraGroup]);
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', home, '--shell', '/usr/sbin/nologin', '--groups', extraGroup, user]);
  chownSync(home, Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', user], { encoding: 'utf8' })));
  extraGid = Number(execFileSync('getent', ['group', extraGroup], { encoding: 'utf8' }).split(':')[2]);
  uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
}

function removeUser(): void {
  for (const [command, name] of [
    ['userdel', user],
    ['groupdel', extraGroup],
  ] as const) {
    try {
      execFileSync(command, [name], { stdio: 'ignore' });
    } catch {
      // not there
    }
  }
}

describe("tasks that run as their app's user, on an agent running as root", () => {
  let cluster: TestCluster;
  let files: Server;
  let filesUrl = '';
  beforeAll(async () => {
    makeUser();
    files = createServer((req, res) => (req.url === '/tool.sh' ? res.end('#!/bin/sh\necho tool ran as $(id -un)\n') : res.writeHead(404).end()));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
    cluster = await startCluster('pglite');
  });
  afterAll(async () => {
    await cluster?.stop();
    files?.close();
    removeUser();
    rmSync(home, { recursive: true, force: true });
  });

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input: { cpus: 0.1, mem: 16, ...input } });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const tasksOf = async (id: string) => (await cluster.client.request(AppTasksDocument, { id })).app!;
  const stdoutOf = async (taskId: string) => {
    const file = (await cluster.client.request(TaskFileDocument, { taskId, path: 'stdout' })).taskFile;
    return file.__typename === 'TaskFileSuccess' ? file.data.text : '';
  };

  it('owns its sandbox and what it fetched, with its groups and its HOME, USER and LOGNAME; its sandbox is read through the API', async () => {
    await create({
      id: '/users/owner',
      user,
      fetch: [{ uri: `${filesUrl}/tool.sh`, executable: true }],
      cmd: [
        'echo "who=$(id -un) uid=$(id -u) groups=$(id -G)"',
        'echo "home=$HOME user=$USER logname=$LOGNAME"',
        'echo "sandbox=$(stat -c %U "$MESOS_SANDBOX") fetched=$(stat -c %U tool.sh) stdout=$(stat -c %U stdout)"',
        './tool.sh',
        'echo written > "$MESOS_SANDBOX/mine.txt" && echo "wrote=$(stat -c %U mine.txt)"',
        'echo ready',
        'exec sleep 600',
      ].join('; '),
    });
    const taskId = await eventually('the task to run', async () => (await tasksOf('/users/owner')).tasks.nodes.find((task) => task.state === 'RUNNING')?.id);
    const output = await eventually('its output', async () => ((await stdoutOf(taskId)).includes('ready') ? stdoutOf(taskId) : undefined));
    expect(output).toContain(`who=${user} uid=${uid} `);
    expect(
      output
        .match(/groups=(.*)/)![1]!
        .split(' ')
        .map(Number),
    ).toContain(extraGid);
    expect(output).toContain(`home=${home} user=${user} logname=${user}`);
    expect(output).toContain(`sandbox=${user} fetched=${user} stdout=${user}`);
    expect(output).toContain(`tool ran as ${user}`);
    expect(output).toContain(`wrote=${user}`);
  });

  it("runs COMMAND health checks as the task's user, who may write in its sandbox", async () => {
    await create({
      id: '/users/checked',
      user,
      cmd: 'exec sleep 600',
      healthChecks: [
        {
          protocol: 'COMMAND',
          command: { value: `test "$(id -un)" = "${user}" && touch "$MESOS_SANDBOX/checked"` },
          delaySeconds: 0,
          intervalSeconds: 1,
          gracePeriodSeconds: 30,
          maxConsecutiveFailures: 0,
        },
      ],
    });
    const task = await eventually('the task to be healthy', async () =>
      (await tasksOf('/users/checked')).tasks.nodes.find((each) => each.health === 'HEALTHY'),
    );
    expect(task.state).toBe('RUNNING');
  });

  it('fails at once, naming the user, when the user does not exist on the agent', async () => {
    await create({ id: '/users/unknown', user: 'no-such-user-anywhere', cmd: 'exec sleep 600' });
    const failure = await eventually('the failure', async () => (await tasksOf('/users/unknown')).lastTaskFailure ?? undefined);
    expect(failure).toMatchObject({ state: 'FAILED', message: 'cannot run as user "no-such-user-anywhere": no such user on this agent' });
  });

  it("fails, naming the directory, when the user cannot reach the agent's work dir", async () => {
    const hidden = mkdtempSync(join(tmpdir(), 'corral-hidden-')); // 0700, as a home directory
    try {
      const agent = await cluster.addAgent({ workDir: join(hidden, 'agent'), attributes: { place: 'hidden' } });
      await create({ id: '/users/hidden', user, cmd: 'exec sleep 600', constraints: [['place', 'CLUSTER', 'hidden']] });
      const failure = await eventually('the failure', async () => (await tasksOf('/users/hidden')).lastTaskFailure ?? undefined);
      expect(failure.message).toBe(
        `user "${user}" cannot reach its sandbox: ${hidden} is not searchable by it (mode 700); start the agent with a --work-dir every task user can reach, such as /var/lib/corral`,
      );
      await agent.stop({ killTasks: true });
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
  });

  it('fails the task the same way on an agent that is not root', async () => {
    const workDir = join(home, 'agent');
    mkdirSync(workDir);
    chownSync(workDir, uid, Number(execFileSync('id', ['-g', user], { encoding: 'utf8' })));
    writeFileSync(join(home, '.keep'), '');
    let agent: AgentProcess | undefined;
    try {
      agent = await startAgentProcess({
        master: cluster.gateway.url,
        token: cluster.agentToken,
        workDir,
        ports: cluster.nextAgentPorts(),
        attributes: { place: 'unprivileged' },
        user,
      });
      await create({ id: '/users/unprivileged', user: 'root', cmd: 'exec sleep 600', constraints: [['place', 'CLUSTER', 'unprivileged']] });
      const failure = await eventually('the failure', async () => (await tasksOf('/users/unprivileged')).lastTaskFailure ?? undefined);
      expect(failure).toMatchObject({ state: 'FAILED', message: 'cannot run as user "root": the agent is not running as root' });
    } finally {
      await agent?.kill('SIGTERM');
    }
  });
});
