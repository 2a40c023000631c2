import type { StepAction } from './steps.ts';
import type { VersionCounts } from '../tasks/index.ts';

export type StepStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'CANCELED';

export interface StepState {
  position: number;
  action: StepAction;
  target: number;
  status: StepStatus;
}

/** What the app's tasks are now, counted the way the steps wait on them. */
export function stepSatisfied(step: Pick<StepState, 'action' | 'target'>, counts: VersionCounts): boolean {
  switch (step.action) {
    case 'START_TASKS':
      return counts.readyCurrent >= step.target;
    case 'STOP_OLD_TASKS':
      return counts.oldActive <= step.target;
    case 'STOP_TASKS':
      return counts.allActive <= step.target;
  }
}

/**
 * Steps finish in order: the first unsatisfied one runs, those after it wait.
 * A finished step stays finished, even if a task it counted dies later (the
 * control loop replaces that task; the deployment does not go backwards).
 */
export function advanceSteps(steps: StepState[], counts: VersionCounts): { steps: StepState[]; finished: boolean } {
  let blocked = false;
  const next = steps.map((step): StepState => {
    if (step.status === 'DONE' || step.status === 'CANCELED') return step;
    if (!blocked && stepSatisfied(step, counts)) return { ...step, status: 'DONE' };
    const status = blocked ? 'PENDING' : 'RUNNING';
    blocked = true;
    return { ...step, status };
  });
  return { steps: next, finished: !blocked };
}
