import { isDeepStrictEqual } from 'node:util';
import type { Task } from '../generated/prisma/client.ts';
import { newTaskId } from '../tasks/index.ts';
import { PassOffers, placeTasks, type PlacementResult } from './placement/index.ts';
import type { AppDecision, NewTask, Offers, PassPlan, PassSnapshot, ReconciledApp, ReconciledPass } from './plan.ts';
import { runAtOnce, type Steps } from './slices.ts';

/**
 * Fills the pass's plan (Nomad's computePlacements): for each app in turn, where its new tasks go
 * and why the others did not fit. Pure: what earlier apps placed is counted against the agents
 * here, not written anywhere, so no host port or resource is given twice within a pass.
 */
export function computePlacements(snapshot: PassSnapshot, reconciled: ReconciledPass, offers: Offers): PassPlan {
  return runAtOnce(computingPlacements(snapshot, reconciled, offers));
}

/** computePlacements in steps: one app a step, and the agents' offers built in steps. */
export function* computingPlacements({ activeTasks }: PassSnapshot, reconciled: ReconciledPass, offers: Offers): Steps<PassPlan> {
  // Built at the first app that places: a pass at rest looks at no agent.
  let passOffers: PassOffers | undefined;
  const hostnames = new Map(offers.agents.map((agent) => [agent.id, agent.hostname]));
  // Built only when some app kills: a pass at rest needs no index of every task.
  let byId: Map<string, Task> | undefined;
  const agentOf = (taskId: string) => {
    byId ??= new Map(activeTasks.map((task) => [task.id, task]));
    return byId.get(taskId)?.agentId ?? null;
  };
  const apps: AppDecision[] = [];
  let outOfBudgetAt: string | undefined;
  for (const one of reconciled.apps) {
    if (one.plan.place > 0) passOffers ??= yield* PassOffers.building(offers.agents, activeTasks);
    const placement = placementOf(one, passOffers, offers);
    const place = placement.placements.map(({ agentId, ports }): NewTask => newTask(one, offers, agentId, hostnames.get(agentId)!, ports));
    if (place.length > 0)
      passOffers?.placed(
        one.app.id,
        place.map((task) => task.agentId),
      );
    if (placement.outOfBudget) outOfBudgetAt ??= one.app.id;
    apps.push(decisionOf(one, placement, place, agentOf));
    yield;
  }
  return { apps, outOfBudgetAt };
}

function placementOf({ app, spec, plan }: ReconciledApp, passOffers: PassOffers | undefined, { waitingForSecrets, budget }: Offers): PlacementResult {
  if (plan.place === 0 || !passOffers) return { placements: [], reasons: {}, outOfBudget: false };
  // A task that would start without a variable it asks for is not placed: its app waits, saying which secret it waits for.
  const secrets = waitingForSecrets.get(app.id) ?? [];
  if (secrets.length > 0) return secretsUnavailable(secrets);
  return placeTasks(spec, plan.place, passOffers.forApp(app.id), budget);
}

function newTask({ app, spec }: ReconciledApp, offers: Offers, agentId: string, host: string, ports: number[]): NewTask {
  const id = (offers.newTaskId ?? newTaskId)(app.id);
  return { id, appId: app.id, appVersion: app.version, agentId, host, ports, cpus: spec.cpus, mem: spec.mem, disk: spec.disk, gpus: spec.gpus };
}

function decisionOf({ app, plan }: ReconciledApp, placement: PlacementResult, place: NewTask[], agentOf: (taskId: string) => string | null): AppDecision {
  const unplaced = plan.place - place.length;
  const before = (app.placementFailures as Record<string, number> | null) ?? null;
  // Tasks left for the next pass did not fail to fit: what an earlier pass found stays until placement is tried again.
  const failures = placement.outOfBudget ? before : unplaced > 0 ? placement.reasons : null;
  const kill = plan.kill.map(({ taskId, reason }) => ({ taskId, agentId: agentOf(taskId), reason }));
  return {
    appId: app.id,
    version: app.version,
    kill,
    place,
    unplaced,
    resetDelay: plan.resetDelay,
    ...(!isDeepStrictEqual(before, failures) && { placementFailures: failures }),
  };
}

/** Reasons that turned no agent away (0 agents): describeReasons shows them as they are. */
function secretsUnavailable(reasons: string[]): PlacementResult {
  return { placements: [], reasons: Object.fromEntries(reasons.map((reason) => [reason, 0])), outOfBudget: false };
}
