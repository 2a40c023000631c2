// The control loop and the gateway's side of the agent protocol: placement,
// reconciliation, status updates, liveness.
export { ControlLoop, type ControlLoopOptions } from './control-loop.ts';
export { PollPacing, FLEET_COUNTED_EVERY_MS, type PollPacingOptions } from './poll-pacing.ts';
export { registerAgent, AgentTouches, type Registration } from './agent-registry.ts';
export { AgentSecrets, AgentIdentityRefused } from './agent-secrets.ts';
export { StatusQueue } from './status-updates.ts';
export { commandsForAgent, ExpectedTasks } from './agent-commands.ts';
export { reconcileApp, isReady, type AppPlan } from './reconciler.ts';
export { nextDecisionAt, type ClockInput } from './deadlines.ts';
export { placeTasks, describeReasons, type Candidate, type Placement, type PlacementResult } from './placement/index.ts';
export { activeStates, terminalStates, isTerminal } from './task-states.ts';
export { recordNothing, type ClusterRecorder } from './recorder.ts';
export { drainAgent, activateAgent, AgentNotFound } from './agent-drain.ts';
