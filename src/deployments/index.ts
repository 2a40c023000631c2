// Deployments: the record of each change to an app (create, update, scale,
// restart, rollback) and its steps, moved on by the control loop as the
// app's tasks converge.
export { startDeployment, type DeploymentWithSteps } from './start.ts';
export { advanceDeployments, type AdvanceInput } from './advance.ts';
export { planSteps, describeStep, type DeploymentKind, type PlannedStep, type StepAction } from './steps.ts';
export { advanceSteps, stepSatisfied, type StepState, type StepStatus } from './progress.ts';
export { DeploymentNotFound, DeploymentNotRunning } from './errors.ts';
export type { DeploymentCounters } from './counters.ts';
