import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PortRange } from '../../src/agent/index.ts';
import { alive } from './processes.ts';
import { eventually } from './subscription.ts';

const corralBin = fileURLToPath(new URL('../../src/cli/corral.js', import.meta.url));

export interface AgentProcessSetup {
  master: string;
  token: string;
  workDir: string;
  ports: PortRange;
  attributes?: Record<string, string>;
  /** --roles: the resource roles it offers (default "*") */
  roles?: string[];
  /** An operating-system user to run the agent as, instead of the test's own */
  user?: string;
  /** Variables added to its environment (a fault hook such as CORRAL_FAULT_PAUSE_LAUNCH) */
  env?: Record<string, string>;
}

export interface AgentProcess {
  child: ChildProcess;
  /** The agent id it printed when it joined */
  id: string;
  workDir: string;
  /** Whether the process is still there */
  running(): boolean;
  /** What it wrote (JSON log lines on stderr), for failure messages. */
  output(): string;
  /** Sends `signal` (SIGKILL: kill -9) and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** `corral agent` as a process of its own, so that a test can kill -9 it; resolves once it has joined. */
export async function startAgentProcess(setup: AgentProcessSetup): Promise<AgentProcess> {
  const args = [
    corralBin,
    'agent',
    '--master',
    setup.master,
    '--token',
    setup.token,
    '--work-dir',
    setup.workDir,
    '--resources',
    `cpus=4,mem=4096,disk=10000,ports=${setup.ports[0]}-${setup.ports[1]}`,
  ];
  if (setup.roles) args.push('--roles', setup.roles.join(','));
  if (setup.attributes)
    args.push(
      '--attributes',
      Object.entries(setup.attributes)
        .map(([name, value]) => `${name}=${value}`)
        .join(','),
    );
  const identity = setup.user ? userOf(setup.user) : { env: process.env };
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...identity, env: { ...identity.env, ...setup.env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const kill = async (signal: NodeJS.Signals) => {
    if (running()) child.kill(signal);
    await exited;
  };
  try {
    const id = await eventually(
      'the agent process to join',
      () => {
        if (!running()) throw new Error(`the agent exited with ${child.exitCode ?? child.signalCode}`);
        return /Corral agent (\S+) joined/.exec(output)?.[1];
      },
      45_000,
      100,
    );
    return { child, id, workDir: setup.workDir, running, output: () => output, kill };
  } catch (error) {
    await kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
}

/** The process ids of the tasks that ran in an agent's sandboxes (from each sandbox's task.json). */
export function sandboxTaskPids(workDir: string): { taskId: string; pid: number }[] {
  const root = join(workDir, 'sandboxes');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((app) =>
    readdirSync(join(root, app)).flatMap((taskId) => {
      try {
        const { pid } = JSON.parse(readFileSync(join(root, app, taskId, 'task.json'), 'utf8')) as { pid: number };
        return [{ taskId, pid }];
      } catch {
        return [];
      }
    }),
  );
}

/**
 * Ends the task processes an agent left behind (a killed agent's tasks run on,
 * by design: a restarted agent recovers them). Each task leads its own process
 * group, so the whole group goes. Returns the pids that were still alive.
 */
export async function killOrphanedTasks(workDir: string): Promise<number[]> {
  const orphans = sandboxTaskPids(workDir)
    .map((task) => task.pid)
    .filter((pid) => groupAlive(pid));
  for (const pid of orphans) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await eventually('the orphaned task processes to end', () => orphans.every((pid) => !alive(pid) && !groupAlive(pid)), 10_000);
  return orphans;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function userOf(name: string): { uid: number; gid: number; env: NodeJS.ProcessEnv } {
  const [, , uid, gid, , home] = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim().split(':');
  return { uid: Number(uid), gid: Number(gid), env: { ...process.env, HOME: home, USER: name } };
}
