import type { Verdict } from './checker/index.ts';
import type { History } from './history.ts';

/** What a run prints: the JSON a person or CI reads, the seed first (to replay a failure). */
export interface SoakReport {
  seed: number;
  minutes: number;
  passed: boolean;
  faults: Record<string, number>;
  operations: Record<string, Record<string, number>>;
  invariants: Verdict[];
  /** Seconds from the last fault's heal to every app converged (undefined: never converged) */
  convergedSecondsAfterLastFault?: number;
  /** Tasks the run's apps had placed on each agent, ended ones included: every agent took part */
  tasksByAgent: Record<string, number>;
  /** Faults the nemesis could not cause or heal (a gateway that would not restart): the run's own failures */
  nemesisFailures: string[];
  durationSeconds: number;
}

export function report(
  setup: { seed: number; minutes: number; startedAt: number },
  history: History,
  invariants: Verdict[],
  convergedAt: number | undefined,
  nemesisFailures: string[],
  tasksByAgent: Record<string, number>,
): SoakReport {
  const faults: Record<string, number> = {};
  for (const fault of history.faults) faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
  const operations: Record<string, Record<string, number>> = {};
  for (const op of history.operations) {
    const counts = (operations[op.kind] ??= {});
    counts[op.outcome] = (counts[op.outcome] ?? 0) + 1;
  }
  const lastFault = history.lastFaultEnd();
  return {
    seed: setup.seed,
    minutes: setup.minutes,
    passed: invariants.every((result) => result.holds) && nemesisFailures.length === 0,
    faults,
    operations,
    invariants,
    ...(convergedAt !== undefined && { convergedSecondsAfterLastFault: Math.max(0, (convergedAt - (lastFault ?? setup.startedAt)) / 1000) }),
    tasksByAgent,
    nemesisFailures,
    durationSeconds: Math.round((Date.now() - setup.startedAt) / 1000),
  };
}
