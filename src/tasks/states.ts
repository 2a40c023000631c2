import type { TaskState } from '../generated/prisma/enums.ts';

/** States in which a task holds resources on its agent. */
export const activeStates: TaskState[] = ['STAGING', 'STARTING', 'RUNNING', 'KILLING', 'UNREACHABLE'];
/** Active states a kill applies to: not KILLING, which is one already. */
export const killableStates: TaskState[] = ['STAGING', 'STARTING', 'RUNNING', 'UNREACHABLE'];
export const terminalStates: TaskState[] = ['FINISHED', 'FAILED', 'KILLED', 'LOST', 'GONE', 'ERROR'];
/** Ends that count as a failure of the task (Marathon's lastTaskFailure) */
export const failedStates: TaskState[] = ['FAILED', 'ERROR', 'LOST'];

export const isTerminal = (state: TaskState) => terminalStates.includes(state);

/** The condition, in plain SQL, that the "Task" row named `row` is in one of `states`. */
export function stateInSql(row: string, states: readonly TaskState[]): string {
  return `${row}.state IN (${states.map((state) => `'${state}'`).join(', ')})`;
}

/** "Active" as a condition in plain SQL, on the "Task" row named `row`: the same states, from the same list. */
export function activeInSql(row: string): string {
  return stateInSql(row, activeStates);
}
