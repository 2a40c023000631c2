import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsDocument, AppTasksDocument, CreateAppDocument } from '../../src/client/index.ts';
import { killOrphanedTasks, sandboxTaskPids, startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { alive } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const UNREACHABLE_AFTER_MS = 2000;
const INACTIVE_AFTER_S = 3;

describe('an agent killed with kill -9', () => {
  let cluster: TestCluster;
  let killed: AgentProcess | undefined;
  let workDir: string;

  beforeAll(async () => {
    cluster = await startCluster('pglite', [], { unreachableAfterMs: UNREACHABLE_AFTER_MS, pollTimeoutMs: 2000 });
    workDir = mkdtempSync(join(tmpdir(), 'corral-chaos-killed-agent-'));
    // `corral agent` as a process of its own: the one this test kills.
    killed = await startAgentProcess({ master: cluster.gateway.url, token: cluster.agentToken, workDir, ports: chaosPorts(0) });
  });

  afterAll(async () => {
    await killed?.kill('SIGKILL');
    // Its tasks outlive it, by design (a restarted agent would recover them): they are this test's to end.
    if (workDir) await killOrphanedTasks(workDir);
    await cluster?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const app = async () => (await cluster.client.request(AppTasksDocument, { id: '/crash/web' })).app!;

  it('has its tasks replaced on another agent after inactiveAfterSeconds', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, {
      input: {
        id: '/crash/web',
        args: [process.execPath, server],
        instances: 2,
        cpus: 0.1,
        mem: 32,
        unreachableStrategy: { inactiveAfterSeconds: INACTIVE_AFTER_S, expungeAfterSeconds: 600 },
      },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const first = await eventually(
      '2 tasks running on the agent process',
      async () => {
        const tasks = (await app()).tasks.nodes;
        return tasks.length === 2 && tasks.every((task) => task.state === 'RUNNING' && task.agent?.id === killed!.id) ? tasks : undefined;
      },
      20_000,
    );
    const orphans = sandboxTaskPids(workDir).filter(({ taskId }) => first.some((task) => task.id === taskId));
    expect(orphans).toHaveLength(2);
    const survivor = await cluster.addAgent({ resources: { ports: [chaosPorts(1)] } });

    await killed!.kill('SIGKILL');
    expect(killed!.child.signalCode).toBe('SIGKILL');

    const replaced = await eventually(
      '2 replacements running on the other agent',
      async () => {
        const tasks = (await app()).tasks.nodes;
        const running = tasks.filter((task) => task.state === 'RUNNING' && task.agent?.id === survivor.id);
        return running.length === 2 ? tasks : undefined;
      },
      30_000,
      100,
    );
    const { agents } = await cluster.client.request(AgentsDocument, {});
    const gone = agents.edges.find((edge) => edge.node.id === killed!.id)!.node;
    expect(gone.state).toBe('UNREACHABLE');
    // The old tasks are UNREACHABLE, counted no more; their replacements came only after the agent was silent
    // for unreachableAfter, and then inactiveAfterSeconds more.
    for (const task of first) expect(replaced.find((candidate) => candidate.id === task.id)?.state).toBe('UNREACHABLE');
    for (const task of replaced.filter((candidate) => candidate.agent?.id === survivor.id)) {
      expect(new Date(task.stagedAt).getTime() - new Date(gone.lastSeenAt).getTime()).toBeGreaterThanOrEqual(UNREACHABLE_AFTER_MS + INACTIVE_AFTER_S * 1000);
    }
    expect((await app()).tasksRunning).toBe(2);

    // The killed agent's tasks ran on all the while (nobody was left to end them): the test ends them.
    for (const { pid } of orphans) expect(alive(pid)).toBe(true);
    const ended = await killOrphanedTasks(workDir);
    expect(ended.sort()).toEqual(orphans.map(({ pid }) => pid).sort());
    for (const { pid } of orphans) expect(alive(pid)).toBe(false);
  });
});
