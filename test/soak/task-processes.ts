import { taskProcesses, type TaskProcess } from '../helpers/processes.ts';
import { pause } from './clock.ts';

/** The live processes of this run's tasks (app ids under `appPrefix`), whatever agent or none started them. */
export function liveTaskProcesses(appPrefix: string): TaskProcess[] {
  return taskProcesses().filter((found) => found.appId.startsWith(appPrefix));
}

/** Ends every process of the run's tasks. */
export async function killTaskProcesses(appPrefix: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const processes = liveTaskProcesses(appPrefix);
    if (processes.length === 0) return;
    for (const { pid } of processes) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await pause(100);
  }
}
