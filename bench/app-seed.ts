import { randomUUID } from 'node:crypto';
import { requireValidSpec } from '../src/apps/index.ts';
import { applyMigrations, openDatabase, type DatabaseTarget } from '../src/db/index.ts';
import { seedAgentRows } from './agent-rows.ts';

export interface SeededApps {
  apps: number;
  tasks: number;
  agents: number;
}

const AGENTS = 10;
const CHUNK = 500;

/**
 * Writes `apps` apps of `tasksPerApp` RUNNING, healthy tasks each, spread over
 * ten agents, straight into the database the gateway will open: the state a
 * read benchmark reads, in a second instead of the minutes that launching them
 * through agents would take. The rows are what the control loop itself writes
 * (a version-1 App and AppVersion from a validated spec, tasks of that version
 * on agents with room for them), so its first pass finds nothing to do. The
 * agents never poll: the gateway must run with an unreachableAfterMs longer
 * than the benchmark, or it would take them for UNREACHABLE and replace every
 * task.
 */
export async function seedApps(target: DatabaseTarget, apps: number, tasksPerApp: number): Promise<SeededApps> {
  const db = await openDatabase(target);
  try {
    await applyMigrations(db);
    const prisma = db.prisma;
    const agents = await seedAgentRows(prisma, AGENTS);

    const specs = Array.from({ length: apps }, (_, i) =>
      requireValidSpec({
        id: `/bench/reads/app-${String(i).padStart(4, '0')}`,
        cmd: 'sleep 600',
        cpus: 0.01,
        mem: 8,
        instances: tasksPerApp,
        portDefinitions: [],
      }),
    );
    const now = new Date();
    for (let at = 0; at < specs.length; at += CHUNK) {
      const chunk = specs.slice(at, at + CHUNK);
      await prisma.app.createMany({ data: chunk.map((spec) => ({ id: spec.id, spec: spec as object, version: 1 })) });
      await prisma.appVersion.createMany({ data: chunk.map((spec) => ({ appId: spec.id, version: 1, spec: spec as object })) });
      await prisma.task.createMany({
        data: chunk.flatMap((spec, appIndex) =>
          Array.from({ length: tasksPerApp }, (_, taskIndex) => {
            const agent = agents[(at + appIndex + taskIndex) % AGENTS]!;
            return {
              // Marathon's task id form, as the control loop makes them (src/tasks/task-id.ts)
              id: `${spec.id.slice(1).replace(/\//g, '_')}.${randomUUID()}`,
              appId: spec.id,
              appVersion: 1,
              agentId: agent.id,
              host: agent.hostname,
              state: 'RUNNING' as const,
              health: 'HEALTHY' as const,
              ready: true,
              ports: [],
              cpus: spec.cpus,
              mem: spec.mem,
              disk: spec.disk,
              stagedAt: now,
              startedAt: now,
            };
          }),
        ),
      });
    }
    return { apps, tasks: apps * tasksPerApp, agents: AGENTS };
  } finally {
    await db.close();
  }
}
