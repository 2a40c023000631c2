import type { Task } from '../generated/prisma/client.ts';
import type { SqlQueries } from '../db/index.ts';
import type { NewTask } from './plan.ts';

/**
 * Inserts a pass's new tasks in one statement, and returns them as stored. Prisma's createMany
 * built a statement of ten parameters a row: 230 ms for a thousand tasks, where this takes 20
 * (bench/README.md, placement). The rows go as one JSON array read by json_to_recordset, on the
 * plain SQL path: as arrays of columns, the driver escaped each of the hundreds of thousands of
 * values of a large pass one by one, and Prisma copied them all into JSON and back first.
 */
export async function insertTasks(tx: SqlQueries, place: readonly NewTask[], stagedAt: Date): Promise<Task[]> {
  if (place.length === 0) return [];
  // Keys the recordset does not name are ignored.
  await tx.query(
    `INSERT INTO "Task" (id, "appId", "appVersion", "agentId", host, ports, cpus, mem, disk, gpus, "stagedAt")
     SELECT v.id, v."appId", v."appVersion", v."agentId"::uuid, v.host, v.ports, v.cpus, v.mem, v.disk, v.gpus, $2
     FROM json_to_recordset($1::json)
       AS v(id text, "appId" text, "appVersion" int, "agentId" text, host text, ports int[], cpus float8, mem float8, disk float8, gpus int)`,
    [JSON.stringify(place), stagedAt],
  );
  return place.map((task) => stagedTask(task, stagedAt));
}

/**
 * A new task's row as the database's defaults make it (prisma/schema.prisma): the type names every
 * column, so a new one cannot be forgotten here. Each field by name: as `{ ...task, state, ... }`,
 * V8 gave the rows shapes of their own, 10 µs a row: a pass's 10,000 took 100 ms in one piece of
 * the leader's event loop, and every later pass read them through those shapes.
 */
function stagedTask({ id, appId, appVersion, agentId, host, ports, cpus, mem, disk, gpus }: NewTask, stagedAt: Date): Task {
  return {
    id,
    appId,
    appVersion,
    agentId,
    host,
    ports,
    cpus,
    mem,
    disk,
    gpus,
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
