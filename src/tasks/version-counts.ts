import type { Task } from '../generated/prisma/client.ts';

/** How an app's active tasks stand against its version in force: what a deployment's steps, and whether the app has settled, are judged by. */
export interface VersionCounts {
  /** Tasks of the version in force that are fit to carry load */
  readyCurrent: number;
  /** Tasks of earlier versions still holding resources (killing included) */
  oldActive: number;
  /** Every task of the app still holding resources */
  allActive: number;
}

/** `tasks`: the app's active tasks; `isReady`: whether one of the version in force may carry load. */
export function versionCounts(version: number, tasks: readonly Task[], isReady: (task: Task) => boolean): VersionCounts {
  let readyCurrent = 0;
  let oldActive = 0;
  for (const task of tasks) {
    if (task.appVersion !== version) oldActive += 1;
    else if (isReady(task)) readyCurrent += 1;
  }
  return { readyCurrent, oldActive, allActive: tasks.length };
}
