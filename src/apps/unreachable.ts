import type { AppSpec } from './spec.ts';

/**
 * When an UNREACHABLE task of the app is replaced (inactive) and given up for
 * GONE (expunged), in ms of absence; Infinity never. Marathon's "disabled"
 * never does either: the task waits for its agent.
 */
export function unreachableTimes(spec: Pick<AppSpec, 'unreachableStrategy'>): { inactiveAfterMs: number; expungeAfterMs: number } {
  const strategy = spec.unreachableStrategy;
  if (strategy === 'disabled') return { inactiveAfterMs: Infinity, expungeAfterMs: Infinity };
  return { inactiveAfterMs: strategy.inactiveAfterSeconds * 1000, expungeAfterMs: strategy.expungeAfterSeconds * 1000 };
}
