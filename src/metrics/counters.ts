import type { DeploymentCounters } from '../deployments/index.ts';

/**
 * Where the cluster says what it did, for the gateway's /metrics: counted
 * after the change is committed, so a transaction tried again counts once.
 */
export interface ClusterCounters extends DeploymentCounters {
  tasksPlaced(count: number): void;
  /** A task reached RUNNING for the first time, `seconds` after it was placed (by this gateway's clock). */
  taskStarted(seconds: number): void;
  /** Status updates applied (duplicates an agent delivered again are not). */
  statusUpdatesApplied(count: number): void;
  /** A control loop pass this gateway led ended, after `seconds` (reading, deciding, writing). */
  passCompleted(seconds: number): void;
}

/** For callers that count nothing (tests, benchmarks, tools). */
export const countNothing: ClusterCounters = {
  tasksPlaced: () => undefined,
  taskStarted: () => undefined,
  statusUpdatesApplied: () => undefined,
  passCompleted: () => undefined,
  deploymentSucceeded: () => undefined,
};
