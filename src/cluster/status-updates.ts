import type { StatusUpdate } from '../agent/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { TaskHealth, TaskState } from '../generated/prisma/enums.ts';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { AppSpec } from '../apps/index.ts';
import { nextLaunchDelay } from './backoff.ts';
import { recordNothing, type ClusterRecorder } from './recorder.ts';
import { isTerminal } from './task-states.ts';

/** The status updates of one poll. */
export interface AgentReport {
  agentId: string;
  updates: StatusUpdate[];
}

/** Applies the reports of several agents in one transaction, in order. */
async function applyReports(prisma: PrismaClient, reports: AgentReport[], recorder: ClusterRecorder): Promise<void> {
  if (reports.every((report) => report.updates.length === 0)) return;
  const outcomes = await recordChange(prisma, async (tx, emit) => {
    const applied: Applied[] = [];
    for (const { agentId, updates } of reports) for (const update of updates) applied.push(await applyOne(tx, emit, agentId, update));
    return applied;
  });
  recorder.statusUpdatesApplied(outcomes.filter((outcome) => outcome !== 'ignored').length);
  for (const outcome of outcomes) if (typeof outcome === 'number') recorder.taskStarted(outcome);
}

/** The most updates one transaction of a StatusQueue applies. */
const UPDATES_PER_BATCH = 100;

interface Queued extends AgentReport {
  done: (error?: unknown) => void;
}

/**
 * Group commit for the agents' status updates: the reports of polls that arrive while a
 * transaction runs are applied together in the next one. A thousand agents reporting at once
 * then cost a few transactions (and a few turns of the event-write lock), not a thousand
 * waiting for a pooled connection. Should a batch fail, each report is tried alone, so one bad
 * report fails only its own poll.
 */
export class StatusQueue {
  private queued: Queued[] = [];
  private draining = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly recorder: ClusterRecorder = recordNothing,
  ) {}

  /** Applies one poll's updates, each uuid exactly once; resolves with the uuids to acknowledge (all of them). */
  async apply(agentId: string, updates: StatusUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    await new Promise<void>((resolve, reject) => {
      this.queued.push({ agentId, updates, done: (error) => (error === undefined ? resolve() : reject(error)) });
      void this.drain();
    });
    return updates.map((update) => update.uuid);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.nextBatch();
        try {
          await applyReports(this.prisma, batch, this.recorder);
          for (const report of batch) report.done();
        } catch {
          for (const report of batch) await applyReports(this.prisma, [report], this.recorder).then(() => report.done(), (error: unknown) => report.done(error ?? new Error('status updates failed')));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private nextBatch(): Queued[] {
    let updates = 0;
    let taken = 0;
    while (taken < this.queued.length && (taken === 0 || updates + this.queued[taken]!.updates.length <= UPDATES_PER_BATCH)) updates += this.queued[taken++]!.updates.length;
    return this.queued.splice(0, taken);
  }
}

/** What became of one update: not applied, applied, or applied as the task's first RUNNING (seconds since it was placed). */
type Applied = 'ignored' | 'applied' | number;

async function applyOne(tx: Tx, emit: Emit, agentId: string, reported: StatusUpdate): Promise<Applied> {
  const update = storable(reported);
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

/**
 * The update without NUL characters, which PostgreSQL refuses in text and JSON: the end of a crashed
 * program's stderr may well hold some, and an update that can never be stored is resent for ever.
 */
function storable(update: StatusUpdate): StatusUpdate {
  const clean = (text: string | undefined) => text?.replaceAll('\u0000', '');
  return {
    ...update,
    message: clean(update.message),
    ...(update.health && { health: { ...update.health, cause: clean(update.health.cause) } }),
  };
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
