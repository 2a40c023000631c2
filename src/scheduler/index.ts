// The scheduler: the control loop's passes decide, per app, which tasks to
// start, kill or replace and where to place them (see README.md).
export { ControlLoop, type ControlLoopOptions } from './control-loop.ts';
export { reconcileApp, isReady, type AppPlan } from './reconciler.ts';
export { decidePass, type PassSnapshot, type Offers, type PassPlan, type AppDecision, type NewTask } from './plan.ts';
export { submitPlan } from './submit-plan.ts';
export { nextDecisionAt, type ClockInput } from './deadlines.ts';
export { placeTasks, describeReasons, candidatesFrom, type TaskUsage, type Candidate, type Placement, type PlacementResult } from './placement/index.ts';
