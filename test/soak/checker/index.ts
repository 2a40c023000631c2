// The checker: judges the recorded history of a soak run, after its quiet period.
export { awaitConvergence } from './convergence.ts';
export { checkEventLog, judgeSubscriber } from './event-log.ts';
export { checkMutations } from './mutations.ts';
export { checkProcesses } from './processes.ts';
export { checkResources } from './resources.ts';
export { checkRolling } from './rolling.ts';
export type { Verdict } from './verdict.ts';
