import type { PrismaClient, Task } from '../generated/prisma/client.ts';
import { recordChange, taskStatusEvent } from '../events/index.ts';

/**
 * Agents silent for longer than `unreachableAfterMs` become UNREACHABLE, and
 * so do their running tasks; the reconciler replaces those after the app's
 * unreachableStrategy.inactiveAfterSeconds.
 */
export async function markSilentAgents(prisma: PrismaClient, unreachableAfterMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - unreachableAfterMs);
  const silent = await prisma.agent.findMany({ where: { state: { in: ['ACTIVE', 'DRAINING'] }, lastSeenAt: { lt: cutoff } }, select: { id: true } });
  for (const { id } of silent) {
    await recordChange(prisma, async (tx, emit) => {
      const marked = await tx.agent.updateMany({
        where: { id, lastSeenAt: { lt: cutoff }, state: { in: ['ACTIVE', 'DRAINING'] } },
        data: { state: 'UNREACHABLE' },
      });
      if (marked.count === 0) return;
      emit({ type: 'agent.unreachable', subject: id, payload: { agentId: id } });
      const tasks = await tx.task.findMany({ where: { agentId: id, state: { in: ['STARTING', 'RUNNING', 'KILLING'] } } });
      for (const task of tasks) {
        await tx.task.update({ where: { id: task.id }, data: { state: 'UNREACHABLE', message: 'its agent stopped answering' } });
        emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId: id, state: 'UNREACHABLE', previousState: task.state }));
      }
    });
  }
  return silent.length;
}

/**
 * UNREACHABLE tasks away longer than their app's unreachableStrategy.expungeAfterSeconds (0: at once; disabled: never)
 * are given up for GONE, as Marathon expunges them: should their agent come back, it is told to kill them.
 */
export async function expungeUnreachable(
  prisma: PrismaClient,
  tasks: Task[],
  expungeAfterMs: (task: Task) => number,
  awayForMs: (task: Task) => number,
): Promise<void> {
  const expunged = tasks.filter((task) => task.state === 'UNREACHABLE' && awayForMs(task) >= expungeAfterMs(task));
  if (expunged.length === 0) return;
  await recordChange(prisma, async (tx, emit) => {
    for (const task of expunged) {
      const message = `expunged: unreachable for more than ${expungeAfterMs(task) / 1000} s`;
      const gone = await tx.task.updateMany({ where: { id: task.id, state: 'UNREACHABLE' }, data: { state: 'GONE', message, finishedAt: new Date() } });
      if (gone.count === 0) continue;
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId: task.agentId, state: 'GONE', previousState: 'UNREACHABLE', message }));
    }
  });
}
