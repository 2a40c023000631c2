import type { History } from '../history.ts';
import { verdict, type Verdict } from './verdict.ts';

/**
 * No agent was ever given more cpus or mem than it has, nor one host port
 * twice, and no task ran as two process groups at once (seen by the observer
 * every second of the run and at its end).
 */
export function checkResources(history: History): Verdict {
  const seen = new Map<string, number>();
  for (const sighting of history.sightings) seen.set(`${sighting.invariant}: ${sighting.detail}`, sighting.at);
  return verdict(
    'no agent over-committed, no host port twice on one agent, no task running twice at any moment',
    [...seen].map(([problem, at]) => `${problem} (first at ${new Date(at).toISOString()})`),
  );
}
