import type { Prisma, Task } from '../generated/prisma/client.ts';
import type { TaskDesiredState, TaskState } from '../generated/prisma/enums.ts';
import { isTerminal, killableStates, stateInSql } from './states.ts';

/** The tasks the gateway still wants: active, not being killed. A kill order applies to them, and they count toward their app's instances. */
export const wanted = { desiredState: 'RUN', state: { in: killableStates } } satisfies Prisma.TaskWhereInput;

/** `wanted` as a condition in plain SQL, on the "Task" row named `row`: the same states, from the same list. */
export function wantedInSql(row: string): string {
  return `${row}."desiredState" = 'RUN' AND ${stateInSql(row, killableStates)}`;
}

/** What a kill order writes: the gateway wants the task gone, and shows it KILLING until its agent reports it ended. */
export function killOrder(reason: string, at = new Date()) {
  return { desiredState: 'KILL', state: 'KILLING', killAt: at, message: reason } satisfies Prisma.TaskUpdateManyMutationInput;
}

/**
 * The state shown for a state an agent reports: what it says, except that a task the gateway
 * ordered killed stays KILLING until it has ended, whatever an update sent before the kill says.
 */
export function shownState(desired: TaskDesiredState, reported: TaskState): TaskState {
  return desired === 'KILL' && !isTerminal(reported) ? 'KILLING' : reported;
}

/** On its way out, whoever started it (the gateway's order, or its agent after failed health checks): no longer one of its app's instances. */
export const isDying = (task: Pick<Task, 'desiredState' | 'state'>) => task.desiredState === 'KILL' || task.state === 'KILLING';
