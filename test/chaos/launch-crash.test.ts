import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPath } from '../../src/agent/executor/index.ts';
import { AppTasksDocument, CreateAppDocument } from '../../src/client/index.ts';
import { killOrphanedTasks, startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { alive, taskProcesses } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

const APP = '/launch-crash/web';

describe('an agent killed with kill -9 between starting a task and recording it', () => {
  let cluster: TestCluster;
  let agent: AgentProcess | undefined;
  let workDir: string;

  beforeAll(async () => {
    cluster = await startCluster('pglite', [], { unreachableAfterMs: 2000, pollTimeoutMs: 2000 });
    workDir = mkdtempSync(join(tmpdir(), 'corral-chaos-launch-crash-'));
  });

  afterAll(async () => {
    await agent?.kill('SIGKILL');
    if (workDir) await killOrphanedTasks(workDir);
    await cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const start = (env?: Record<string, string>) =>
    startAgentProcess({ master: cluster.gateway.url, token: cluster.agentToken, workDir, ports: chaosPorts(0), ...(env && { env }) });
  const tasks = async () => (await cluster.client.request(AppTasksDocument, { id: APP })).app!.tasks.nodes;
  const processesOf = (taskId: string) => taskProcesses().filter((process) => process.taskId === taskId);

  it('leaves no process behind, and the restarted agent reports the launch failed and runs the task anew', async () => {
    // The only fault no test can cause from outside: the agent stops right after the spawn, before task.json.
    agent = await start({ CORRAL_FAULT_PAUSE_LAUNCH: '1' });
    const created = await cluster.client.request(CreateAppDocument, {
      input: { id: APP, cmd: 'echo $$ > pid; exec sleep 600', instances: 1, cpus: 0.1, mem: 16 },
    });
    expect(created.createApp.__typename).toBe('CreateAppSuccess');
    const interrupted = await eventually(
      'the agent to pause in the launch',
      () => /"taskId":"([^"]+)".*launch paused|launch paused[^\n]*"taskId":"([^"]+)"/.exec(agent!.output()),
      20_000,
      100,
    );
    const taskId = interrupted[1] ?? interrupted[2]!;
    const sandbox = sandboxPath(workDir, APP, taskId);
    // The process is there, its intent recorded, its pid not: the instant a crash used to orphan it.
    expect(processesOf(taskId)).toHaveLength(1);
    expect(existsSync(join(sandbox, 'launch.json'))).toBe(true);
    expect(existsSync(join(sandbox, 'task.json'))).toBe(false);
    const [gated] = processesOf(taskId);

    await agent.kill('SIGKILL');

    await eventually('the process of the interrupted launch to end with its agent', () => !alive(gated!.pid), 5_000, 50);
    expect(existsSync(join(sandbox, 'pid'))).toBe(false); // the task's command never ran

    agent = await start();
    expect(readFileSync(join(sandbox, 'ended'), 'utf8')).toBe('FAILED');
    const replacement = await eventually(
      'a new task running on the restarted agent',
      async () => (await tasks()).find((task) => task.id !== taskId && task.state === 'RUNNING' && task.agent?.id === agent!.id),
      30_000,
      100,
    );
    expect((await tasks()).find((task) => task.id === taskId)?.state ?? 'gone').not.toBe('RUNNING');
    await eventually('the replacement to run its command', () => existsSync(join(sandboxPath(workDir, APP, replacement.id), 'pid')), 10_000, 50);
    // Exactly one process per task of the app, the one its record names; none for the interrupted launch.
    expect(processesOf(taskId)).toEqual([]);
    const [running] = processesOf(replacement.id);
    expect(processesOf(replacement.id)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(sandboxPath(workDir, APP, replacement.id), 'task.json'), 'utf8')).pid).toBe(running!.pid);
  });
});
