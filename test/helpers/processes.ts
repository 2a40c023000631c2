import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './subscription.ts';

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pid a test task wrote into its sandbox (`pid`, by test/fixtures/tasks/http-server.cjs or `echo $$ > pid`).
 * RUNNING means the agent started the process, not that the process got as far as writing the file: wait for it.
 */
export function taskPid(sandbox: string): Promise<number> {
  return eventually(`the task in ${sandbox} to write its pid`, () => {
    try {
      const pid = Number(readFileSync(join(sandbox, 'pid'), 'utf8'));
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  });
}

export interface TaskProcess {
  pid: number;
  taskId: string;
}

/**
 * Every process on this machine that belongs to a Corral task, found by the
 * CORRAL_TASK_ID its agent gave it: what is really alive, whatever any agent
 * or store believes. Linux only (it reads /proc).
 */
export function taskProcesses(): TaskProcess[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      const taskId = taskIdOf(Number(name));
      return taskId ? [{ pid: Number(name), taskId }] : [];
    });
}

function taskIdOf(pid: number): string | undefined {
  try {
    const variable = readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .find((entry) => entry.startsWith('CORRAL_TASK_ID='));
    return variable?.slice('CORRAL_TASK_ID='.length);
  } catch {
    return undefined; // gone, or another user's
  }
}
