import { dependsOn, specOf, unreachableTimes, type AppSpec } from '../apps/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import type { PassSnapshot, ReconciledPass } from './plan.ts';
import { isReady, reconcileApp } from './reconciler.ts';
import { eachOf, runAtOnce, type Steps } from './slices.ts';
import { versionCounts } from '../tasks/index.ts';

/** Every app's plan (pure), in the order this pass serves them. */
export function reconcileApps(snapshot: PassSnapshot): ReconciledPass {
  return runAtOnce(reconcilingApps(snapshot));
}

/** reconcileApps in steps: one app a step. */
export function* reconcilingApps({ apps, activeTasks, now, drained, awayFor, maxInstances, outOfBudgetAt }: PassSnapshot): Steps<ReconciledPass> {
  const tasksOf = yield* tasksByApp(activeTasks);
  const specs = new Map(apps.map((app) => [app.id, specOf(app)]));
  const settled = yield* settledApps(apps, specs, tasksOf);
  const draining = (task: Task) => drained.has(task.agentId ?? '');
  const reconciled: ReconciledPass = { settled, apps: [] };
  for (const app of inTurn(apps, outOfBudgetAt)) {
    const spec = specs.get(app.id)!;
    // A dependency is an app or a group: every app under it comes first.
    const waitingFor =
      spec.dependencies.length === 0
        ? []
        : apps.filter((other) => !other.deletedAt && !settled.has(other.id) && dependsOn(spec, other.id)).map((other) => other.id);
    const inactive = (task: Task) => awayFor(task) >= unreachableTimes(spec).inactiveAfterMs;
    const plan = reconcileApp({ app, spec, tasks: tasksOf.get(app.id) ?? [], now, waitingFor, maxInstances, draining, inactive });
    reconciled.apps.push({ app, spec, plan });
    yield;
  }
  return reconciled;
}

/** Settled apps that no other app depends on: their tasks' health changes decide nothing. */
export function unmovedApps(apps: readonly App[], settled: ReadonlySet<string>): Set<string> {
  const dependents = apps.map((app) => specOf(app)).filter((spec) => spec.dependencies.length > 0);
  return new Set([...settled].filter((appId) => !dependents.some((spec) => dependsOn(spec, appId))));
}

/** The apps in the order this pass serves them: from the one after `after`, round to it. */
function inTurn(apps: readonly App[], after: string | undefined): readonly App[] {
  const next = after === undefined ? 0 : apps.findIndex((app) => app.id === after) + 1;
  return next <= 0 || next >= apps.length ? apps : [...apps.slice(next), ...apps.slice(0, next)];
}

/** Apps that run every instance of their current version, ready, and nothing older: those that depend on them may start. */
function* settledApps(apps: readonly App[], specs: ReadonlyMap<string, AppSpec>, tasksOf: ReadonlyMap<string, Task[]>): Steps<Set<string>> {
  const settled = new Set<string>();
  for (const app of apps) {
    const spec = specs.get(app.id)!;
    const tasks = tasksOf.get(app.id) ?? [];
    const counts = versionCounts(app.version, tasks, (task) => isReady(task, spec));
    if (counts.readyCurrent >= spec.instances && counts.oldActive === 0) settled.add(app.id);
    yield;
  }
  return settled;
}

/** Tasks grouped by app once, in the order read: filtering every task for every app cost apps × tasks. */
function* tasksByApp(activeTasks: readonly Task[]): Steps<Map<string, Task[]>> {
  const byApp = new Map<string, Task[]>();
  yield* eachOf(activeTasks, (task) => {
    const tasks = byApp.get(task.appId);
    if (tasks) tasks.push(task);
    else byApp.set(task.appId, [task]);
  });
  return byApp;
}
