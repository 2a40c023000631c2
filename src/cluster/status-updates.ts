import type { StatusUpdate } from '../agent/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { TaskHealth, TaskState } from '../generated/prisma/enums.ts';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { AppSpec } from '../apps/index.ts';
import { nextLaunchDelay } from './backoff.ts';
import { recordNothing, type ClusterRecorder } from './recorder.ts';
import { isTerminal } from './task-states.ts';

/**
 * Applies an agent's status updates, each uuid exactly once however often it
 * is delivered, and returns the uuids to acknowledge (all of them: a
 * duplicate or an update for a forgotten task must stop being resent too).
 */
export async function applyStatusUpdates(prisma: PrismaClient, agentId: string, updates: StatusUpdate[], recorder: ClusterRecorder = recordNothing): Promise<string[]> {
  if (updates.length === 0) return [];
  const outcomes = await recordChange(prisma, async (tx, emit) => {
    const applied: Applied[] = [];
    for (const update of updates) applied.push(await applyOne(tx, emit, agentId, update));
    return applied;
  });
  recorder.statusUpdatesApplied(outcomes.filter((outcome) => outcome !== 'ignored').length);
  for (const outcome of outcomes) if (typeof outcome === 'number') recorder.taskStarted(outcome);
  return updates.map((update) => update.uuid);
}

/** What became of one update: not applied, applied, or applied as the task's first RUNNING (seconds since it was placed). */
type Applied = 'ignored' | 'applied' | number;

async function applyOne(tx: Tx, emit: Emit, agentId: string, update: StatusUpdate): Promise<Applied> {
  const task = await tx.task.findUnique({ where: { id: update.taskId } });
  if (!task || task.agentId !== agentId) return 'ignored';
  const reportedHealth = healthOf(update);
  const reportedCause = update.health?.healthy === false ? (update.health.cause ?? null) : null;
  const inserted = await tx.$executeRaw`
    INSERT INTO "TaskStatus" (id, "taskId", state, health, "healthCause", message, "exitCode", timestamp)
    VALUES (${update.uuid}::uuid, ${update.taskId}, ${update.state}::"TaskState", ${reportedHealth}::"TaskHealth", ${reportedCause}, ${update.message ?? null}, ${update.exitCode ?? null}, ${new Date(update.timestamp)})
    ON CONFLICT (id) DO NOTHING`;
  if (inserted === 0) return 'ignored'; // delivered before: already applied
  // A task the gateway already ended (killed, lost) stays ended; the update is only logged.
  if (isTerminal(task.state)) return 'applied';

  const state: TaskState = task.state === 'KILLING' && !isTerminal(update.state) ? 'KILLING' : update.state;
  const health = reportedHealth ?? task.health;
  const healthCause = reportedHealth === null ? task.healthCause : reportedCause;
  const ready = update.health?.ready ?? task.ready;
  const started = state === 'RUNNING' && !task.startedAt;
  await tx.task.update({
    where: { id: task.id },
    data: {
      state,
      health,
      healthCause,
      ready,
      startedAt: started ? new Date(update.timestamp) : undefined,
      finishedAt: isTerminal(state) ? new Date(update.timestamp) : undefined,
      exitCode: update.exitCode,
      message: update.message ?? task.message,
    },
  });
  if (health !== task.health || healthCause !== task.healthCause || ready !== task.ready) {
    emit({
      type: 'task.health',
      subject: task.id,
      payload: { taskId: task.id, appId: task.appId, agentId, health, previousHealth: task.health, cause: healthCause, ready, previousReady: task.ready },
    });
  }
  const outcome: Applied = started ? (Date.now() - task.stagedAt.getTime()) / 1000 : 'applied';
  if (state === task.state) return outcome;
  if (state === 'FAILED' || state === 'ERROR' || killedForHealth(update, task.state)) await delayNextLaunch(tx, emit, task.appId);
  emit({
    type: 'task.status',
    subject: task.id,
    payload: {
      taskId: task.id, appId: task.appId, agentId, state, previousState: task.state, health,
      ...(update.message && { message: update.message }),
      ...(update.exitCode !== undefined && { exitCode: update.exitCode }),
    },
  });
  return outcome;
}

/**
 * The agent killing a task for failing its health checks says so with
 * healthy: false on its KILLING (or, when it had no process yet, KILLED)
 * update. That counts as a failure for the app's backoff, once per task; a kill
 * the gateway ordered (the task is KILLING here already) does not.
 */
function killedForHealth(update: StatusUpdate, before: TaskState): boolean {
  return update.health?.healthy === false && (update.state === 'KILLING' || update.state === 'KILLED') && before !== 'KILLING';
}

function healthOf(update: StatusUpdate): TaskHealth | null {
  if (update.health?.healthy === undefined) return null;
  return update.health.healthy ? 'HEALTHY' : 'UNHEALTHY';
}

/** A failed task pushes the app's next launch back (Marathon's backoff), so a crash loop cannot flood anything. */
export async function delayNextLaunch(tx: Tx, emit: Emit, appId: string): Promise<void> {
  const app = await tx.app.findUnique({ where: { id: appId } });
  if (!app) return;
  const delay = nextLaunchDelay(app, app.spec as unknown as AppSpec);
  await tx.app.update({ where: { id: appId }, data: delay });
  emit({ type: 'app.delayed', subject: appId, payload: { appId, delaySeconds: delay.launchDelaySeconds, until: delay.launchDelayUntil.toISOString() } });
}
