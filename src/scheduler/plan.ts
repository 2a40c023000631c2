import type { AppSpec } from '../apps/index.ts';
import type { Agent, App, Task } from '../generated/prisma/client.ts';
import { computePlacements } from './compute-placements.ts';
import type { PlacementBudget } from './placement/index.ts';
import type { AppPlan } from './reconciler.ts';
import { reconcileApps } from './reconcile-apps.ts';

/** What a pass decides from: the rows it read, and its clock. Nothing in it is changed by deciding. */
export interface PassSnapshot {
  /** Every app, deleted ones too, by id */
  apps: readonly App[];
  /** Every task in an active state */
  activeTasks: readonly Task[];
  now: Date;
  /** The agents being drained: their tasks are replaced like tasks of an old version */
  drained: ReadonlySet<string>;
  /** How long (ms) the agent of an UNREACHABLE task has been silent */
  awayFor: (task: Task) => number;
  /** The cluster's instance limit (--max-instances) */
  maxInstances: number;
  /** The app the last pass's budget ran out on: this pass begins after it, so each app has its turn */
  outOfBudgetAt?: string | undefined;
}

/** What placement decides from, read once the pass knows which apps place (offers.ts). */
export interface Offers {
  /** Every agent (empty when no app places) */
  agents: readonly Agent[];
  /** By app id: the secrets its tasks would start without. Such an app places nothing and says what it waits for. */
  waitingForSecrets: ReadonlyMap<string, string[]>;
  /** What placement the pass may do, shared by its apps and used up as they place */
  budget: PlacementBudget;
  /** The id of a new task (random: newTaskId); a test gives its own */
  newTaskId?: (appId: string) => string;
}

/** One app's plan, as the reconciler made it, in the order the pass serves the apps. */
export interface ReconciledApp {
  app: App;
  spec: AppSpec;
  plan: AppPlan;
}

export interface ReconciledPass {
  apps: ReconciledApp[];
  /** Apps running every instance of their current version, ready, and nothing older */
  settled: ReadonlySet<string>;
}

/** A task to create: the row as it is inserted. */
export interface NewTask {
  id: string;
  appId: string;
  appVersion: number;
  agentId: string;
  host: string;
  ports: number[];
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
}

/** What the pass does to one app, written in one transaction with its events (submit-plan.ts). */
export interface AppDecision {
  appId: string;
  version: number;
  kill: { taskId: string; agentId: string | null; reason: string }[];
  place: NewTask[];
  /** Tasks the reconciler asked for that were not placed (no agent fits, secrets missing, or the budget ran out) */
  unplaced: number;
  /** The app's placementFailures once written, when they change (null: none); undefined when they stay */
  placementFailures?: Record<string, number> | null;
  /** The launch delay is over, or a task stayed up: clear it */
  resetDelay: boolean;
}

/** A whole pass's decision, as Nomad's Plan: every app's kills and placements, nothing written yet. */
export interface PassPlan {
  /** In the order the pass served them (and writes them) */
  apps: AppDecision[];
  /** The first app whose placement the budget ran out on: the next pass begins after it */
  outOfBudgetAt: string | undefined;
}

/** Whether writing the decision changes anything. */
export function changesSomething(decision: AppDecision): boolean {
  return decision.kill.length > 0 || decision.place.length > 0 || decision.placementFailures !== undefined || decision.resetDelay;
}

/**
 * The whole pass's decision from a snapshot, purely: each app's plan (reconcileApp), then where its
 * new tasks go (placeTasks), each app seeing the placements of those before it. The control loop
 * runs the two halves with reads between them (offers.ts: agents and secrets only when some app places).
 */
export function decidePass(snapshot: PassSnapshot, offers: Offers): PassPlan {
  return computePlacements(snapshot, reconcileApps(snapshot), offers);
}
