import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, TasksDocument, type AppInput } from '../../src/client/index.ts';
import { killOrphanedTasks, startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const root = process.getuid?.() === 0;

/** The processes whose working directory is under `dir` (a task's is its sandbox). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readlinkSync(`/proc/${entry}/cwd`).startsWith(dir) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

// A real full disk takes a mount, so root: CI runs as root, and there the test must run, never skip.
describe.skipIf(!root && process.env.CI !== 'true')('an agent whose sandboxes disk is full', () => {
  let cluster: TestCluster | undefined;
  let agent: AgentProcess | undefined;
  let workDir: string;
  let sandboxes: string;
  let mounted = false;

  beforeAll(async () => {
    if (!root) throw new Error("this test mounts a 2 MiB tmpfs as the agent's sandboxes directory, which needs root (CI runs the tests as root)");
    workDir = mkdtempSync(join(tmpdir(), 'corral-chaos-disk-'));
    sandboxes = join(workDir, 'sandboxes');
    mkdirSync(sandboxes);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', sandboxes], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      throw new Error(
        `cannot mount a tmpfs on ${sandboxes} for a disk that fills up: ${(error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message}`,
      );
    }
    cluster = await startCluster('pglite', []);
    // `corral agent` as a process of its own: a crash of the agent shows as its exit.
    agent = await startAgentProcess({ master: cluster.gateway.url, token: cluster.agentToken, workDir, ports: chaosPorts(0) });
  });

  afterAll(async () => {
    await agent?.kill('SIGKILL');
    if (workDir) await killOrphanedTasks(workDir);
    if (mounted) {
      try {
        execFileSync('umount', [sandboxes], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', sandboxes], { stdio: 'pipe' });
      }
    }
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const create = async (input: AppInput) => {
    const { createApp } = await cluster!.client.request(CreateAppDocument, { input: { cpus: 0.1, mem: 16, ...input } });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const agentAlive = () => {
    if (!agent!.running()) throw new Error(`the agent exited:\n${agent!.output()}`);
  };
  const endedTasks = async (appId: string) =>
    (await cluster!.client.request(TasksDocument, { appId, ended: true, first: 50 })).tasks.edges.map((edge) => edge.node);
  const firstFailure = (appId: string) =>
    eventually(`a failed task of ${appId}`, async () => (agentAlive(), (await endedTasks(appId)).find((task) => task.state === 'FAILED')), 20_000, 100);
  const running = (appId: string) =>
    eventually(
      `${appId} running`,
      async () => (agentAlive(), (await cluster!.client.request(AppTasksDocument, { id: appId })).app!.tasks.nodes.find((task) => task.state === 'RUNNING')),
      20_000,
      100,
    );
  const answers = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`)).status === 200;

  it('fails the task that fills it with a clear message, and runs on: other tasks fine, new ones run once there is room', async () => {
    await create({ id: '/disk/steady', args: [process.execPath, server] });
    const steady = await running('/disk/steady');
    await eventually('the steady task to answer', () => answers(steady.ports[0]!));

    // A task writes 4 MB into its sandbox on a 2 MiB disk. (No relaunch: its backoff outlasts the test.)
    await create({ id: '/disk/filler', cmd: 'head -c 4000000 /dev/zero > big', backoffSeconds: 3600 });
    // It fails with exit code 1 (the disk of its sandbox is full), or, when it filled the disk before the agent
    // wrote the task's record, as a task that could not be started (its process is killed: nothing runs untracked).
    const filled = await firstFailure('/disk/filler');
    expect(filled.message).toMatch(
      /^(exited with code 1 \(the disk of its sandbox is full\)|no space left for the sandbox \S+disk_filler\S+: its disk is full \(ENOSPC)/,
    );
    expect(processesIn(join(sandboxes, 'disk_filler'))).toEqual([]);

    // An artifact that does not fit fails the task that fetches it.
    const artifact = join(workDir, 'artifact.bin');
    writeFileSync(artifact, Buffer.alloc(3 * 1024 * 1024));
    await create({ id: '/disk/fetch', cmd: 'true', fetch: [{ uri: pathToFileURL(artifact).href, extract: false }], backoffSeconds: 3600 });
    const fetched = await firstFailure('/disk/fetch');
    expect(fetched.message).toMatch(/^no space left for the sandbox \S+disk_fetch\S+: its disk is full \(ENOSPC/);

    // A new task cannot even get its sandbox ready: it fails, says why, and leaves no process behind.
    await create({ id: '/disk/late', args: [process.execPath, server], backoffSeconds: 0.5, maxLaunchDelaySeconds: 1 });
    const late = await firstFailure('/disk/late');
    expect(late.message).toMatch(/^no space left for the sandbox \S+disk_late\S+: its disk is full \(ENOSPC/);
    for (const failed of (await endedTasks('/disk/late')).filter((task) => task.state === 'FAILED'))
      expect(processesIn(join(sandboxes, 'disk_late', failed.id))).toEqual([]);

    // The agent runs on: still there, still polling (ACTIVE), its running task unharmed.
    expect(agent!.running(), agent!.output()).toBe(true);
    const { agents } = await cluster!.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE']);
    expect(await running('/disk/steady')).toMatchObject({ id: steady.id, state: 'RUNNING' });
    expect(await answers(steady.ports[0]!)).toBe(true);

    // Room again (someone cleaned up): the next launch of the new app runs.
    for (const app of ['disk_filler', 'disk_fetch']) {
      for (const taskId of readdirSync(join(sandboxes, app))) rmSync(join(sandboxes, app, taskId), { recursive: true, force: true });
    }
    const lateRunning = await running('/disk/late');
    await eventually('the new task to answer', () => answers(lateRunning.ports[0]!));
    expect(existsSync(join(sandboxes, 'disk_late', lateRunning.id.replace(/[^A-Za-z0-9._-]/g, '_'), 'task.json'))).toBe(true);
    expect(agent!.running(), agent!.output()).toBe(true);
  });
});
