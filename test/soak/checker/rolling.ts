import type { History } from '../history.ts';
import { verdict, type Verdict } from './verdict.ts';

/** A fault's effects (a killed agent's tasks, a restarted gateway's checks) take this long to be seen and undone. */
const FAULT_SETTLE_MS = 25_000;

/**
 * During a rolling deployment, ready tasks never fell below
 * instances x minimumHealthCapacity, once they had been at it: unless a
 * fault was under way or just healed, or an operator changed the app, killed
 * a task or drained an agent meanwhile (all of which Marathon lets remove
 * ready tasks).
 */
export function checkRolling(history: History): Verdict {
  const violations: string[] = [];
  const reachedFloor = new Set<string>();
  let exempt = 0;
  for (const sample of history.capacity) {
    if (sample.ready >= sample.required) {
      reachedFloor.add(sample.deploymentId);
      continue;
    }
    if (!reachedFloor.has(sample.deploymentId)) continue;
    if (history.faultNear(sample.at, FAULT_SETTLE_MS) || operatorNear(history, sample.appId, sample.at)) {
      exempt += 1;
      continue;
    }
    violations.push(`${sample.appId} deployment ${sample.deploymentId}: ${sample.ready} ready < ${sample.required} at ${new Date(sample.at).toISOString()}`);
  }
  return verdict(
    'rolling deployments keep minimumHealthCapacity ready',
    violations,
    `${history.capacity.length} samples, ${exempt} below the floor during faults or operator actions`,
  );
}

function operatorNear(history: History, appId: string, at: number): boolean {
  return history.operations.some((op) => (op.target === appId || op.kind === 'drain') && op.startedAt <= at && op.endedAt + FAULT_SETTLE_MS >= at);
}
