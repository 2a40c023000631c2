// Task states as Mesos names them, shared by the control loop, deployments and the API.
export { activeStates, activeInSql, killableStates, terminalStates, failedStates, isTerminal } from './states.ts';
export { wanted, wantedInSql, killOrder, shownState, isDying } from './kill-order.ts';
export { TasksNotFound } from './errors.ts';
export { newTaskId } from './task-id.ts';
export { versionCounts, type VersionCounts } from './version-counts.ts';
