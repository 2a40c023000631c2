import type { Task } from '../generated/prisma/client.ts';
import type { Tx } from '../events/index.ts';
import type { NewTask } from './plan.ts';

/**
 * Inserts a pass's new tasks in one statement of column arrays, and returns them as stored. Prisma's
 * createMany built a statement of ten parameters a row: 230 ms for a thousand tasks, where this
 * takes 20 (bench/README.md, placement). Ports go as text ('{31000,31001}'): a task has any number.
 */
export async function insertTasks(tx: Tx, place: readonly NewTask[], stagedAt: Date): Promise<Task[]> {
  if (place.length === 0) return [];
  const column = <T>(pick: (task: NewTask) => T) => place.map(pick);
  await tx.$executeRaw`
    INSERT INTO "Task" (id, "appId", "appVersion", "agentId", host, ports, cpus, mem, disk, gpus, "stagedAt")
    SELECT v.id, v.app, v.version, v.agent::uuid, v.host, v.ports::int[], v.cpus, v.mem, v.disk, v.gpus, ${stagedAt}
    FROM unnest(${column((task) => task.id)}::text[], ${column((task) => task.appId)}::text[], ${column((task) => task.appVersion)}::int[],
                ${column((task) => task.agentId)}::text[], ${column((task) => task.host)}::text[], ${column((task) => `{${task.ports.join(',')}}`)}::text[],
                ${column((task) => task.cpus)}::float8[], ${column((task) => task.mem)}::float8[], ${column((task) => task.disk)}::float8[],
                ${column((task) => task.gpus)}::int[])
      AS v(id, app, version, agent, host, ports, cpus, mem, disk, gpus)`;
  return place.map((task) => stagedTask(task, stagedAt));
}

/** A new task's row as the database's defaults make it (prisma/schema.prisma): the type names every column, so a new one cannot be forgotten here. */
function stagedTask(task: NewTask, stagedAt: Date): Task {
  return {
    ...task,
    state: 'STAGING',
    desiredState: 'RUN',
    reportedState: null,
    health: 'UNKNOWN',
    healthCause: null,
    ready: false,
    checkResult: null,
    exitCode: null,
    message: null,
    stagedAt,
    startedAt: null,
    finishedAt: null,
    killAt: null,
  };
}
