import type { UpgradeStrategy } from '../apps/index.ts';

export type DeploymentKind = 'CREATE' | 'UPDATE' | 'SCALE' | 'RESTART' | 'ROLLBACK' | 'DELETE';

/**
 * What a step waits for. START_TASKS: `target` tasks of the new version are
 * ready (running, and healthy and ready where the app checks). STOP_OLD_TASKS:
 * at most `target` tasks of earlier versions are left. STOP_TASKS: at most
 * `target` tasks of the app are left (scaling down).
 */
export type StepAction = 'START_TASKS' | 'STOP_OLD_TASKS' | 'STOP_TASKS';

export interface PlannedStep {
  action: StepAction;
  target: number;
}

export interface StepPlanInput {
  kind: DeploymentKind;
  instances: number;
  /** Tasks of earlier versions when the deployment starts: they are replaced. */
  oldTasks: number;
  /** Tasks of the new version when it starts: a scale keeps the tasks it has. */
  currentTasks: number;
  upgradeStrategy: UpgradeStrategy;
}

/**
 * The steps a deployment goes through, as Marathon shows them: a rolling
 * replacement proceeds in batches as large as upgradeStrategy allows; each
 * batch starts new tasks, then stops as many old ones.
 */
export function planSteps({ instances, oldTasks, currentTasks, upgradeStrategy }: StepPlanInput): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (oldTasks > 0) {
    const batch = Math.max(
      1,
      instances - Math.ceil(instances * upgradeStrategy.minimumHealthCapacity) + Math.floor(instances * upgradeStrategy.maximumOverCapacity),
    );
    let started = 0;
    do {
      started = Math.min(instances, started + batch);
      if (started > 0) steps.push({ action: 'START_TASKS', target: started });
      steps.push({ action: 'STOP_OLD_TASKS', target: started === instances ? 0 : Math.max(0, oldTasks - started) });
    } while (started < instances);
    return steps;
  }
  if (currentTasks > instances) return [{ action: 'STOP_TASKS', target: instances }];
  if (instances > 0) return [{ action: 'START_TASKS', target: instances }];
  return [];
}

export function describeStep(step: PlannedStep, version: number): string {
  switch (step.action) {
    case 'START_TASKS':
      return `${step.target} ${step.target === 1 ? 'task' : 'tasks'} of version ${version} ready`;
    case 'STOP_OLD_TASKS':
      return step.target === 0 ? 'every task of earlier versions stopped' : `at most ${step.target} of earlier versions left`;
    case 'STOP_TASKS':
      return `scaled down to ${step.target}`;
  }
}
