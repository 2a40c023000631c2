import { isDeepStrictEqual } from 'node:util';
import type { AppSpec } from '../apps/index.ts';
import { Prisma, type Agent, type App, type PrismaClient, type Task } from '../generated/prisma/client.ts';
import { recordChange } from '../events/index.ts';
import { unavailableSecrets } from '../secrets/index.ts';
import { candidatesFrom } from './agent-offers.ts';
import { placeTasks, describeReasons, type PlacementBudget, type PlacementResult } from './placement/index.ts';
import type { AppPlan } from './reconciler.ts';
import type { ClusterRecorder } from '../metrics/index.ts';
import { killableStates, newTaskId } from '../tasks/index.ts';

export interface PlanContext {
  app: App;
  spec: AppSpec;
  /** Every agent: read only when the plan places tasks */
  agents: () => Promise<Agent[]>;
  /** Every active task of the cluster, updated in place as tasks are placed */
  activeTasks: Task[];
  recorder: ClusterRecorder;
  /** What placement the pass has left (used up here) */
  budget: PlacementBudget;
}

/**
 * Carries out one app's plan in one transaction with its events: kills, placements, and why some did not fit.
 * Returns whether the budget ran out before every task was tried: the next pass should come soon.
 */
export async function applyPlan(prisma: PrismaClient, plan: AppPlan, { app, spec, agents, activeTasks, recorder, budget }: PlanContext): Promise<boolean> {
  // A task that would start without a variable it asks for is not placed: its app waits, saying which secret it waits for.
  const waitingForSecrets = plan.place > 0 ? await unavailableSecrets(prisma, spec) : [];
  const everyAgent = plan.place > 0 && waitingForSecrets.length === 0 ? await agents() : [];
  const placement =
    waitingForSecrets.length > 0 ? secretsUnavailable(waitingForSecrets)
    : plan.place > 0 ? placeTasks(spec, plan.place, candidatesFrom(everyAgent, activeTasks, app.id), budget)
    : { placements: [], reasons: {}, outOfBudget: false };
  const unplaced = plan.place - placement.placements.length;
  // Tasks left for the next pass did not fail to fit: what an earlier pass found stays until placement is tried again.
  const failures = placement.outOfBudget ? ((app.placementFailures as Record<string, number> | null) ?? null) : unplaced > 0 ? placement.reasons : null;
  const failuresChanged = !isDeepStrictEqual(app.placementFailures ?? null, failures);
  if (plan.kill.length === 0 && placement.placements.length === 0 && !failuresChanged && !plan.resetDelay) return placement.outOfBudget;

  const created = await recordChange(prisma, async (tx, emit) => {
    for (const { taskId, reason } of plan.kill) {
      const task = activeTasks.find((candidate) => candidate.id === taskId)!;
      const killed = await tx.task.updateMany({ where: { id: taskId, state: { in: killableStates } }, data: { state: 'KILLING', killAt: new Date(), message: reason } });
      if (killed.count > 0) emit({ type: 'task.killing', subject: taskId, payload: { taskId, appId: app.id, agentId: task.agentId, reason } });
    }
    // One INSERT for all of them: a task at a time, a large placement (thousands of
    // instances) outlasted the transaction's timeout and was never stored.
    const hostnames = new Map(everyAgent.map((agent) => [agent.id, agent.hostname]));
    const tasks: Task[] = placement.placements.length === 0 ? [] : await tx.task.createManyAndReturn({
      data: placement.placements.map(({ agentId, ports }) => ({
        id: newTaskId(app.id), appId: app.id, appVersion: app.version, agentId, host: hostnames.get(agentId)!, ports, cpus: spec.cpus, mem: spec.mem, disk: spec.disk, gpus: spec.gpus,
      })),
    });
    for (const task of tasks) {
      emit({ type: 'task.placed', subject: task.id, payload: { taskId: task.id, appId: app.id, agentId: task.agentId, host: task.host, ports: task.ports, version: app.version } });
    }
    if (failuresChanged || plan.resetDelay) {
      await tx.app.update({
        where: { id: app.id },
        data: { placementFailures: failures ?? Prisma.DbNull, ...(plan.resetDelay && { launchDelaySeconds: null, launchDelayUntil: null }) },
      });
      if (failuresChanged && failures) emit({ type: 'app.waiting', subject: app.id, payload: { appId: app.id, unplaced, reasons: failures, summary: describeReasons(failures) } });
    }
    return tasks;
  });
  if (created.length > 0) recorder.tasksPlaced(created.length);
  for (const { taskId } of plan.kill) {
    const task = activeTasks.find((candidate) => candidate.id === taskId);
    if (task) task.state = 'KILLING';
  }
  activeTasks.push(...created);
  return placement.outOfBudget;
}

/** Reasons that turned no agent away (0 agents): describeReasons shows them as they are. */
function secretsUnavailable(reasons: string[]): PlacementResult {
  return { placements: [], reasons: Object.fromEntries(reasons.map((reason) => [reason, 0])), outOfBudget: false };
}
