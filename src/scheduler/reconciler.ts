import type { AppSpec } from '../apps/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import { STABLE_AFTER_MS } from '../apps/index.ts';
import { isDying } from '../tasks/index.ts';

/** What one app needs done, with reasons; pure, so it is tested without a database. */
export interface AppPlan {
  appId: string;
  /** New tasks of the app's current version to place */
  place: number;
  kill: { taskId: string; reason: string }[];
  /** The launch delay is over, or a task stayed up: clear it */
  resetDelay: boolean;
  delayed: boolean;
}

export interface ReconcileInput {
  app: App;
  spec: AppSpec;
  /** The app's tasks in active states */
  tasks: Task[];
  /** Whether an UNREACHABLE task has been away longer than the app's inactiveAfterSeconds */
  inactive: (task: Task) => boolean;
  now: Date;
  /** Dependencies not yet running every instance ready: the app starts nothing new until they are */
  waitingFor?: string[];
  /** Whether the task runs on a drained agent: it is replaced like a task of an old version */
  draining?: (task: Task) => boolean;
  /**
   * The cluster's instance limit (--max-instances): no more tasks are started past it, though a
   * stored definition asks for more (one written before the limit, or before it was lowered).
   * Tasks already running past it stay: lowering the limit kills nothing.
   */
  maxInstances?: number;
}

/**
 * Marathon's semantics, level-triggered: keep `instances` tasks of the current
 * version; replace older versions rolling, within upgradeStrategy
 * (minimumHealthCapacity, maximumOverCapacity); scale down by killSelection;
 * launch nothing while the app's launch delay runs.
 */
export function reconcileApp({ app, spec, tasks, inactive, now, waitingFor = [], draining = () => false, maxInstances = Infinity }: ReconcileInput): AppPlan {
  if (app.deletedAt) {
    const kill = tasks.filter((task) => !isDying(task)).map((task) => ({ taskId: task.id, reason: 'its app was deleted' }));
    return { appId: app.id, place: 0, kill, delayed: false, resetDelay: false };
  }
  const counted = tasks.filter((task) => !isDying(task) && !(task.state === 'UNREACHABLE' && inactive(task)));
  const current = counted.filter((task) => task.appVersion === app.version && !draining(task));
  const old = counted.filter((task) => task.appVersion !== app.version || draining(task));
  const target = spec.instances;
  const ready = (task: Task) => isReady(task, spec);
  const kill: AppPlan['kill'] = [];

  if (current.length > target) {
    for (const task of byKillPreference(current, spec, ready).slice(0, current.length - target)) kill.push({ taskId: task.id, reason: 'scaled down' });
  }

  const minHealthy = Math.ceil(target * spec.upgradeStrategy.minimumHealthCapacity);
  const maxTotal = target + Math.floor(target * spec.upgradeStrategy.maximumOverCapacity);
  let readyCount = counted.filter(ready).length;
  let oldLeft = old.length;
  // Held back by a dependency, the app keeps what runs: old tasks go only once their replacements can start.
  for (const task of waitingFor.length > 0 ? [] : byKillPreference(old, spec, ready)) {
    const taskReady = ready(task);
    // Keep it while new tasks are coming that will take its place; with neither room nor newcomers, one must go for progress.
    const newcomers = current.some((newer) => !ready(newer)) || (current.length < target && Math.min(current.length, target) + oldLeft < maxTotal);
    if (taskReady && readyCount - 1 < minHealthy && newcomers) break;
    kill.push({ taskId: task.id, reason: draining(task) ? 'its agent is drained' : `replaced by version ${app.version}` });
    oldLeft -= 1;
    if (taskReady) readyCount -= 1;
  }

  const delayed = app.launchDelayUntil !== null && app.launchDelayUntil > now;
  const held = delayed || waitingFor.length > 0;
  const room = Math.max(0, maxTotal - Math.min(current.length, target) - oldLeft);
  const place = held ? 0 : Math.min(Math.max(0, Math.min(target, maxInstances) - current.length), oldLeft > 0 ? room : Infinity);
  const stable = current.some((task) => task.state === 'RUNNING' && task.startedAt && now.getTime() - task.startedAt.getTime() >= STABLE_AFTER_MS);
  return { appId: app.id, place, kill, delayed, resetDelay: app.launchDelaySeconds !== null && stable };
}

/** Running, and healthy and ready where the app checks for it: fit to carry load. */
export function isReady(task: Task, spec: AppSpec): boolean {
  if (task.state !== 'RUNNING') return false;
  if (spec.healthChecks.length > 0 && task.health !== 'HEALTHY') return false;
  if (spec.readinessChecks.length > 0 && !task.ready) return false;
  return true;
}

/** Tasks in the order they should go: not ready first, then by killSelection. */
function byKillPreference(tasks: Task[], spec: AppSpec, ready: (task: Task) => boolean): Task[] {
  const youngestFirst = spec.killSelection !== 'OLDEST_FIRST';
  return [...tasks].sort(
    (a, b) =>
      Number(ready(a)) - Number(ready(b)) || (youngestFirst ? b.stagedAt.getTime() - a.stagedAt.getTime() : a.stagedAt.getTime() - b.stagedAt.getTime()),
  );
}
