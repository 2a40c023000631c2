import { randomUUID } from 'node:crypto';
import type { TaskState } from '../generated/prisma/enums.ts';

/** States in which a task holds resources on its agent. */
export const activeStates: TaskState[] = ['STAGING', 'STARTING', 'RUNNING', 'KILLING', 'UNREACHABLE'];
export const terminalStates: TaskState[] = ['FINISHED', 'FAILED', 'KILLED', 'LOST', 'GONE', 'ERROR'];

export const isTerminal = (state: TaskState) => terminalStates.includes(state);

/** Marathon's task id form: the app path with dots, a dot, then a UUID (shop_web.1b4e...). */
export function newTaskId(appId: string): string {
  return `${appId.slice(1).replace(/\//g, '_')}.${randomUUID()}`;
}
