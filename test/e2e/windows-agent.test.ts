import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AgentsDocument,
  AppTaskHealthDocument,
  AppTasksDocument,
  CreateAppDocument,
  DeleteAppDocument,
  EventsDocument,
  ScaleAppDocument,
  TaskFileDocument,
  type AppInput,
} from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';
import { startWindowsAgent, type WindowsAgent } from '../helpers/windows-agent.ts';
import { windowsPath } from '../helpers/wine.ts';

// A user's story: one Linux machine and one Windows machine in a cluster. The
// Windows machine is real Windows userland: the official node.exe running the
// agent bundle under Wine, its tasks started through cmd.exe.

const server = windowsPath(fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url)));
const onWindows = { constraints: [['os', 'LIKE', 'windows']], cpus: 0.1, mem: 32 };
// Wine starts a Windows process in about a second; waits give up well before a test's own timeout, with a clearer message.
const within = 60_000;
const slow = 120_000;

interface TaskStatusEvent {
  taskId: string;
  appId: string;
  agentId: string;
  state: string;
  exitCode?: number;
  message?: string;
}

describe('a Windows agent (node.exe under Wine) beside a Linux agent', () => {
  let cluster: TestCluster;
  let windows: WindowsAgent;
  beforeAll(async () => {
    cluster = await startCluster('pglite', [{}]);
    // On a fresh machine this first installs Wine and node.exe (.ci/wine.sh).
    windows = await startWindowsAgent({
      master: cluster.gateway.url,
      token: cluster.agentToken,
      client: cluster.client,
      ports: cluster.nextAgentPorts(),
      attributes: { rack: 'w' },
    });
  }, 720_000);
  afterAll(async () => {
    await windows?.stop();
    await cluster?.stop();
  });
  // What the Windows agent said is the first thing to read when a step fails.
  beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(`Windows agent log:\n${windows?.log()}`)));

  const sandboxOf = (appId: string, taskId: string) => join(windows.workDir, 'sandboxes', appId.slice(1).replace(/\//g, '_'), taskId);
  const create = async (input: AppInput) => expect((await cluster.client.request(CreateAppDocument, { input })).createApp.__typename).toBe('CreateAppSuccess');
  const runningTask = (appId: string) =>
    eventually(
      `a running task of ${appId}`,
      async () => (await cluster.client.request(AppTasksDocument, { id: appId })).app?.tasks.nodes.find((task) => task.state === 'RUNNING'),
      within,
    );
  // Ended tasks leave the app's task list; the event log keeps how each ended.
  const statusEvents = async (appId: string): Promise<TaskStatusEvent[]> => {
    const found: TaskStatusEvent[] = [];
    for (let after: string | undefined; ; ) {
      const { events } = await cluster.client.request(EventsDocument, { type: 'task.status', first: 100, after });
      for (const { node } of events.edges) if ((node.payload as TaskStatusEvent).appId === appId) found.push(node.payload as TaskStatusEvent);
      if (!events.pageInfo.hasNextPage) return found;
      after = events.pageInfo.endCursor ?? undefined;
    }
  };
  const ended = (appId: string, state: string) =>
    eventually(`a task of ${appId} to become ${state}`, async () => (await statusEvents(appId)).find((event) => event.state === state), within);

  it('registers as a WINDOWS agent with os=windows and what the machine has', async () => {
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.os).sort()).toEqual(['LINUX', 'WINDOWS']);
    const node = agents.edges.find((edge) => edge.node.id === windows.id)!.node;
    expect(node).toMatchObject({ os: 'WINDOWS', arch: 'x64', state: 'ACTIVE' });
    expect(node.attributes).toEqual({ os: 'windows', arch: 'x64', hostname: node.hostname, rack: 'w' });
    // Detected through Windows' own APIs (Wine answers them from this Linux machine).
    expect(node.resources.cpus).toBe(availableParallelism());
    expect(Math.abs(node.resources.mem - totalmem() / 1024 / 1024)).toBeLessThan(totalmem() / 1024 / 1024 / 20);
    expect(node.resources.disk).toBeGreaterThan(0);
  });

  it(
    "runs a cmd.exe command in its sandbox, with the task's environment",
    async () => {
      await create({
        id: '/win/hello',
        cmd: 'echo %CORRAL_TASK_ID% %PORT0% %MARATHON_APP_ID% %GREETING%& echo %CORRAL_SANDBOX%& echo %MESOS_SANDBOX%& cd',
        env: { GREETING: 'hi' },
        ...onWindows,
      });
      const finished = await ended('/win/hello', 'FINISHED');
      await cluster.client.request(DeleteAppDocument, { id: '/win/hello' });
      expect(finished).toMatchObject({ agentId: windows.id, exitCode: 0 });

      const sandbox = windowsPath(sandboxOf('/win/hello', finished.taskId));
      const [line, corralSandbox, mesosSandbox, cwd] = readFileSync(join(sandboxOf('/win/hello', finished.taskId), 'stdout'), 'utf8').split('\r\n');
      expect(line).toMatch(new RegExp(`^${finished.taskId} (\\d+) /win/hello hi$`));
      expect(Number(line!.split(' ')[1])).toBeGreaterThan(0);
      expect([corralSandbox, mesosSandbox, cwd]).toEqual([sandbox, sandbox, sandbox]);
    },
    slow,
  );

  it(
    "gives the task's NODE_OPTIONS to its command, not to the node.exe that gates its launch",
    async () => {
      // A preload the command itself writes: had the gate loaded it, the gate would have failed before the command ran.
      await create({
        id: '/win/preload',
        cmd: `echo console.log('preloaded')> preload.cjs& "${windows.nodeExe}" -e "console.log('main')"`,
        env: { NODE_OPTIONS: '--require ./preload.cjs' },
        ...onWindows,
      });
      const finished = await ended('/win/preload', 'FINISHED');
      await cluster.client.request(DeleteAppDocument, { id: '/win/preload' });
      expect(readFileSync(join(sandboxOf('/win/preload', finished.taskId), 'stdout'), 'utf8')).toBe('preloaded\nmain\n');
    },
    slow,
  );

  it(
    'runs node.exe as an HTTP server that Linux reaches on its PORT0',
    async () => {
      await create({ id: '/win/web', args: [windows.nodeExe, server], ...onWindows });
      const task = await runningTask('/win/web');
      expect(task.agent).toMatchObject({ id: windows.id, os: 'WINDOWS' });
      const answer = await eventually(
        'the Windows task to answer',
        () => fetch(`http://127.0.0.1:${task.ports[0]}/`).then((response) => response.text()),
        within,
      );
      expect(answer).toBe(`hello from ${task.id}`);
      expect(readFileSync(join(sandboxOf('/win/web', task.id), 'stdout'), 'utf8')).toContain(`listening on ${task.ports[0]}`);
      // Read through the agent too: the same checks as on Linux, with Windows' flags and paths.
      const readFile = async (path: string) => (await cluster.client.request(TaskFileDocument, { taskId: task.id, path })).taskFile;
      expect(await readFile('stdout')).toMatchObject({
        __typename: 'TaskFileSuccess',
        data: { text: expect.stringContaining(`listening on ${task.ports[0]}`) },
      });
      for (const [path, problem] of [
        ['logs/nothing', 'logs/nothing: no such file'],
        ['.', '.: not a regular file (a directory)'],
        ['../x', 'leaves the sandbox'],
      ]) {
        const refused = await readFile(path!);
        expect(refused).toMatchObject({ __typename: 'TaskFileUnavailableError', message: expect.stringContaining(problem!) });
        expect(JSON.stringify(refused)).not.toContain('sandboxes');
      }
      await cluster.client.request(DeleteAppDocument, { id: '/win/web' });
    },
    slow,
  );

  it(
    'checks the health of a task on Windows as on Linux, from the agent next to it',
    async () => {
      const check = {
        protocol: 'HTTP',
        path: '/',
        intervalSeconds: 0.5,
        timeoutSeconds: 5,
        delaySeconds: 0,
        gracePeriodSeconds: 60,
        maxConsecutiveFailures: 0,
      };
      await create({ id: '/win/checked', args: [windows.nodeExe, server], healthChecks: [check], ...onWindows });
      const healthOf = async () => (await cluster.client.request(AppTaskHealthDocument, { id: '/win/checked' })).app?.tasks.nodes[0];
      const healthy = await eventually(
        'the Windows task to be healthy',
        async () => ((await healthOf())?.health === 'HEALTHY' ? healthOf() : undefined),
        within,
      );
      // The fixture answers 500 once a file named `sick` is in its sandbox.
      writeFileSync(join(sandboxOf('/win/checked', healthy!.id), 'sick'), '');
      const sick = await eventually(
        'the Windows task to be unhealthy',
        async () => ((await healthOf())?.health === 'UNHEALTHY' ? healthOf() : undefined),
        within,
      );
      expect(sick).toMatchObject({ id: healthy!.id, state: 'RUNNING', healthCause: 'HTTP 500' });
      expect(sick!.healthHistory.map((change) => change.health)).toEqual(['HEALTHY', 'UNHEALTHY']);
      await cluster.client.request(DeleteAppDocument, { id: '/win/checked' });
    },
    slow,
  );

  it(
    'reports a command that exits 3 as FAILED, with the exit code and the end of stderr',
    async () => {
      await create({
        id: '/win/broken',
        cmd: 'echo starting& echo disk is nearly full>&2& echo database is on fire>&2& exit 3',
        backoffSeconds: 60,
        ...onWindows,
      });
      const failed = await ended('/win/broken', 'FAILED');
      await cluster.client.request(DeleteAppDocument, { id: '/win/broken' });
      expect(failed).toMatchObject({ agentId: windows.id, exitCode: 3, message: 'exited with code 3: disk is nearly full\ndatabase is on fire' });
    },
    slow,
  );

  it(
    'ends the whole process tree of a task scaled away: its launch gate, cmd.exe and the node.exe it started',
    async () => {
      // The marker is in every command line of the tree, so Linux's process table shows it.
      const marker = `tree-${Math.random().toString(36).slice(2, 10)}`;
      await create({ id: '/win/tree', cmd: `"${windows.nodeExe}" "${server}" ${marker}`, ...onWindows });
      const task = await runningTask('/win/tree');
      await eventually('the node.exe child to answer', () => fetch(`http://127.0.0.1:${task.ports[0]}/`).then((response) => response.ok), within);
      const tree = () => windows.processes().filter((found) => found.args.includes(marker));
      const before = tree().map((found) => found.args);
      // The gate (the agent's node.exe, which started cmd.exe), cmd.exe, and the node.exe cmd.exe started
      // (shown as Windows shows it, or as wine64 node.exe while Wine is still naming it).
      expect(before).toHaveLength(3);
      const gate = / -e .* verbatim cmd\.exe /;
      expect(before.filter((args) => gate.test(args))).toHaveLength(1);
      expect(before.filter((args) => args.startsWith('cmd.exe /d /s /c '))).toHaveLength(1);
      expect(before.filter((args) => !gate.test(args) && !args.startsWith('cmd.exe') && /node\.exe .*http-server\.cjs/.test(args))).toHaveLength(1);

      expect((await cluster.client.request(ScaleAppDocument, { id: '/win/tree', instances: 0 })).scaleApp.__typename).toBe('ScaleAppSuccess');
      expect(await ended('/win/tree', 'KILLED')).toMatchObject({ taskId: task.id, agentId: windows.id });
      await eventually("no process of the task's tree to be left", () => tree().length === 0, 30_000);
      await expect(fetch(`http://127.0.0.1:${task.ports[0]}/`)).rejects.toThrow();
      await cluster.client.request(DeleteAppDocument, { id: '/win/tree' });
    },
    slow,
  );
  it(
    'leaves no process behind when the agent is killed between starting a task and recording it, and runs the task anew',
    async () => {
      // The only fault no test can cause from outside: the agent stops right after the spawn, before task.json.
      await windows.crash();
      await windows.restart({ CORRAL_FAULT_PAUSE_LAUNCH: '1' });
      const marker = `crash-${Math.random().toString(36).slice(2, 10)}`;
      await create({ id: '/win/crash', cmd: `echo ran> ran& "${windows.nodeExe}" "${server}" ${marker}`, ...onWindows });
      const paused = await eventually('the agent to pause in the launch', () => /"taskId":"([^"]+)"[^\n]*launch paused/.exec(windows.log()), within, 100);
      const taskId = paused[1]!;
      const sandbox = sandboxOf('/win/crash', taskId);
      const processes = () => windows.processes().filter((found) => found.args.includes(marker));
      // The intent recorded, the pid not, and only the gate started: the instant a crash used to orphan the task.
      expect(existsSync(join(sandbox, 'launch.json'))).toBe(true);
      expect(existsSync(join(sandbox, 'task.json'))).toBe(false);
      expect(processes().map((found) => found.args)).toEqual([expect.stringMatching(/ -e .* verbatim cmd\.exe /)]);

      await windows.crash();

      await eventually('the gate of the interrupted launch to end with its agent', () => processes().length === 0, within, 100);
      expect(existsSync(join(sandbox, 'ran'))).toBe(false); // the task's command never ran

      await windows.restart();
      expect(readFileSync(join(sandbox, 'ended'), 'utf8')).toBe('FAILED');
      const replacement = await runningTask('/win/crash');
      expect(replacement.id).not.toBe(taskId);
      await eventually('the replacement to answer', () => fetch(`http://127.0.0.1:${replacement.ports[0]}/`).then((response) => response.ok), within);
      expect(existsSync(join(sandboxOf('/win/crash', replacement.id), 'ran'))).toBe(true);
      // Its gate, cmd.exe and node.exe are the only processes of the app; none is left of the interrupted launch.
      expect(processes()).toHaveLength(3);
      expect(await statusEvents('/win/crash')).toContainEqual(
        expect.objectContaining({ taskId, state: 'FAILED', message: expect.stringContaining('its command never ran') }),
      );
      await cluster.client.request(DeleteAppDocument, { id: '/win/crash' });
      await eventually('the replacement to end', () => processes().length === 0, within);
    },
    slow,
  );
});
