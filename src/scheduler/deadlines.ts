import { unreachableTimes, specOf } from '../apps/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import { STABLE_AFTER_MS } from '../apps/index.ts';
import { awaySince, type AgentClock } from './pass-agents.ts';
import { DELETED_APPS_KEPT_MS } from './retention.ts';
import { eachOf, runAtOnce, type Steps } from './slices.ts';

/** What a pass has read: the same rows the reconciler decides from. */
export interface ClockInput {
  apps: App[];
  agents: AgentClock;
  activeTasks: Task[];
  unreachableAfterMs: number;
  /** Before this (epoch ms) no agent is judged silent: the gateway has not led long enough. */
  judgesSilenceFrom: number;
  /** The pass's own clock (epoch ms): what was due by then, it has done. */
  now: number;
}

/**
 * The next moment (epoch ms) at which time alone, with no event, changes what a pass decides:
 * a launch delay ends, a task has stayed up long enough to clear its app's backoff, an agent's
 * silence becomes UNREACHABLE, an unreachable task becomes inactive or is expunged, a deleted
 * app's record is due to go. Infinity when nothing waits on the clock. Everything else a pass
 * acts on is announced by an event, so between events the control loop sleeps until then.
 */
export function nextDecisionAt(input: ClockInput): number {
  return runAtOnce(findingNextDecision(input));
}

/** nextDecisionAt in steps, a few thousand tasks a step. */
export function* findingNextDecision({ apps, agents, activeTasks, unreachableAfterMs, judgesSilenceFrom, now }: ClockInput): Steps<number> {
  let next = Infinity;
  const consider = (at: number) => {
    if (at > now && at < next) next = at;
  };
  const appsById = new Map(apps.map((app) => [app.id, app]));
  if (agents.earliestSeen) consider(Math.max(agents.earliestSeen.getTime() + unreachableAfterMs, judgesSilenceFrom));
  for (const app of apps) {
    if (app.launchDelayUntil) consider(app.launchDelayUntil.getTime());
    if (app.deletedAt) consider(app.deletedAt.getTime() + DELETED_APPS_KEPT_MS);
  }
  yield* eachOf(activeTasks, (task) => {
    const app = appsById.get(task.appId);
    if (!app) return;
    if (app.launchDelaySeconds !== null && task.state === 'RUNNING' && task.startedAt) consider(task.startedAt.getTime() + STABLE_AFTER_MS);
    if (task.state !== 'UNREACHABLE') return;
    const away = awaySince(agents, task, unreachableAfterMs); // -Infinity, gone: nothing left to wait for
    const { inactiveAfterMs, expungeAfterMs } = unreachableTimes(specOf(app));
    if (Number.isFinite(inactiveAfterMs)) consider(away + inactiveAfterMs);
    if (Number.isFinite(expungeAfterMs)) consider(away + expungeAfterMs);
  });
  return next;
}
