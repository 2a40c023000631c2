import { describe, expect, it } from 'vitest';
import { advanceSteps, planSteps, type StepState } from '../../src/deployments/index.ts';

const strategy = (minimumHealthCapacity: number, maximumOverCapacity: number) => ({ minimumHealthCapacity, maximumOverCapacity });
const asStates = (steps: ReturnType<typeof planSteps>): StepState[] => steps.map((step, position) => ({ ...step, position, status: 'PENDING' }));

describe('deployment steps', () => {
  it('a new app waits for all its instances in one step; an app of 0 has none', () => {
    expect(planSteps({ kind: 'CREATE', instances: 3, oldTasks: 0, currentTasks: 0, upgradeStrategy: strategy(1, 1) })).toEqual([
      { action: 'START_TASKS', target: 3 },
    ]);
    expect(planSteps({ kind: 'CREATE', instances: 0, oldTasks: 0, currentTasks: 0, upgradeStrategy: strategy(1, 1) })).toEqual([]);
  });

  it("with Marathon's default strategy, a rolling update starts every new task, then stops the old ones", () => {
    expect(planSteps({ kind: 'UPDATE', instances: 3, oldTasks: 3, currentTasks: 0, upgradeStrategy: strategy(1, 1) })).toEqual([
      { action: 'START_TASKS', target: 3 },
      { action: 'STOP_OLD_TASKS', target: 0 },
    ]);
  });

  it('with room for one task at a time, it replaces them one by one', () => {
    expect(planSteps({ kind: 'RESTART', instances: 3, oldTasks: 3, currentTasks: 0, upgradeStrategy: strategy(0.67, 0) })).toEqual([
      { action: 'START_TASKS', target: 1 },
      { action: 'STOP_OLD_TASKS', target: 2 },
      { action: 'START_TASKS', target: 2 },
      { action: 'STOP_OLD_TASKS', target: 1 },
      { action: 'START_TASKS', target: 3 },
      { action: 'STOP_OLD_TASKS', target: 0 },
    ]);
  });

  it('scaling down waits until only the wanted tasks are left; suspending an updated app stops every old task', () => {
    expect(planSteps({ kind: 'SCALE', instances: 1, oldTasks: 0, currentTasks: 4, upgradeStrategy: strategy(1, 1) })).toEqual([
      { action: 'STOP_TASKS', target: 1 },
    ]);
    expect(planSteps({ kind: 'UPDATE', instances: 0, oldTasks: 2, currentTasks: 0, upgradeStrategy: strategy(1, 1) })).toEqual([
      { action: 'STOP_OLD_TASKS', target: 0 },
    ]);
  });

  it('steps finish in order and never go back', () => {
    const steps = asStates(planSteps({ kind: 'RESTART', instances: 2, oldTasks: 2, currentTasks: 0, upgradeStrategy: strategy(0.5, 0) }));
    // One old task already stopped, no new one ready: the first step still runs, the rest wait.
    let progress = advanceSteps(steps, { readyCurrent: 0, oldActive: 1, allActive: 2 });
    expect(progress.steps.map((step) => step.status)).toEqual(['RUNNING', 'PENDING', 'PENDING', 'PENDING']);
    progress = advanceSteps(progress.steps, { readyCurrent: 1, oldActive: 1, allActive: 2 });
    expect(progress.steps.map((step) => step.status)).toEqual(['DONE', 'DONE', 'RUNNING', 'PENDING']);
    // The new task dies: what was done stays done.
    progress = advanceSteps(progress.steps, { readyCurrent: 0, oldActive: 1, allActive: 1 });
    expect(progress.steps.map((step) => step.status)).toEqual(['DONE', 'DONE', 'RUNNING', 'PENDING']);
    progress = advanceSteps(progress.steps, { readyCurrent: 2, oldActive: 0, allActive: 2 });
    expect(progress).toMatchObject({ finished: true });
    expect(progress.steps.every((step) => step.status === 'DONE')).toBe(true);
  });
});
