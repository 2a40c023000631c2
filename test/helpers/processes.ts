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
  /** Its process group: a task's processes share its leader's */
  group: number;
  taskId: string;
  appId: string;
}

/**
 * Every process on this machine that belongs to a Corral task, found by the
 * variables its agent gave it (CORRAL_TASK_ID, CORRAL_APP_ID): what is really
 * alive, whatever any agent or store believes. Linux only (it reads /proc).
 */
export function taskProcesses(): TaskProcess[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      const found = taskProcess(Number(name));
      return found ? [found] : [];
    });
}

function taskProcess(pid: number): TaskProcess | undefined {
  try {
    const variables = new Map(
      readFileSync(`/proc/${pid}/environ`, 'latin1')
        .split('\0')
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const),
    );
    const taskId = variables.get('CORRAL_TASK_ID');
    const appId = variables.get('CORRAL_APP_ID');
    if (!taskId || !appId) return undefined;
    // The fields after the command (which may hold spaces) in /proc/<pid>/stat: state, ppid, pgrp, ...
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') return undefined; // a zombie is not alive, only not yet reaped
    return { pid, group: Number(group), taskId, appId };
  } catch {
    return undefined; // gone meanwhile, or another user's
  }
}
