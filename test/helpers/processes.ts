import { readFileSync } from 'node:fs';
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
