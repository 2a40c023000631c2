import { isIP } from 'node:net';
import { type AppSpec, specOf } from '../apps/index.ts';
import type { PrismaClient, Task } from '../generated/prisma/client.ts';

/** The ISO time of each app version tasks run, by `${appId}@${version}`. */
export type TaskVersions = Map<string, string>;

/**
 * A task as Marathon shows it (GET /v2/tasks, embed=apps.tasks): Mesos'
 * TASK_* state, its version's time, its agent as slaveId. Only the keys
 * Marathon itself sends: its clients build objects from every key.
 */
export function marathonTask(task: Task, spec: AppSpec | undefined, versions: TaskVersions): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: task.id,
    appId: task.appId,
    host: task.host ?? '',
    ipAddresses: ipAddressesOf(task.host),
    ports: task.ports,
    servicePorts: (spec?.portDefinitions ?? []).map((definition) => definition.servicePort ?? 0).filter((port) => port > 0),
    slaveId: task.agentId ?? '',
    state: `TASK_${task.state}`,
    stagedAt: task.stagedAt.toISOString(),
    version: versions.get(`${task.appId}@${task.appVersion}`) ?? task.stagedAt.toISOString(),
    healthCheckResults: healthCheckResults(task, spec),
    localVolumes: [],
    role: spec?.role ?? '*',
  };
  if (task.startedAt) json.startedAt = task.startedAt.toISOString();
  return json;
}

/** Marathon shows the agent's address; Corral knows the host its agent gave, which is an address when it gave one. */
function ipAddressesOf(host: string | null): { ipAddress: string; protocol: 'IPv4' | 'IPv6' }[] {
  const family = host ? isIP(host) : 0;
  return family === 0 ? [] : [{ ipAddress: host!, protocol: family === 4 ? 'IPv4' : 'IPv6' }];
}

/**
 * One result per health check of the app, as Marathon gives them, none until
 * the first check has run. Corral's agents report one health for all of a
 * task's checks, so each result carries it (marathon-lb wants every one alive).
 */
function healthCheckResults(task: Task, spec: AppSpec | undefined) {
  if (!spec || spec.healthChecks.length === 0 || task.health === 'UNKNOWN') return [];
  const alive = task.health === 'HEALTHY';
  const result = {
    alive,
    consecutiveFailures: alive ? 0 : 1,
    firstSuccess: null,
    lastFailure: null,
    lastSuccess: null,
    lastFailureCause: alive ? null : task.healthCause,
    instanceId: task.id,
  };
  return spec.healthChecks.map(() => result);
}

/** Tasks as Marathon shows them, with their apps' definitions and versions' times read in two statements whatever their number. */
export async function marathonTasks(prisma: PrismaClient, tasks: Task[]): Promise<Record<string, unknown>[]> {
  if (tasks.length === 0) return [];
  const appIds = [...new Set(tasks.map((task) => task.appId))];
  const [apps, times] = await Promise.all([
    prisma.app.findMany({ where: { id: { in: appIds } }, select: { id: true, spec: true } }),
    taskVersionTimes(prisma, tasks),
  ]);
  const specs = new Map(apps.map((app) => [app.id, specOf(app)]));
  return tasks.map((task) => marathonTask(task, specs.get(task.appId), times));
}

/** The times of the versions `tasks` run, in one statement. */
export async function taskVersionTimes(prisma: PrismaClient, tasks: Pick<Task, 'appId' | 'appVersion'>[]): Promise<TaskVersions> {
  if (tasks.length === 0) return new Map();
  const appIds = [...new Set(tasks.map((task) => task.appId))];
  const versions = [...new Set(tasks.map((task) => task.appVersion))];
  const rows = await prisma.appVersion.findMany({
    where: { appId: { in: appIds }, version: { in: versions } },
    select: { appId: true, version: true, createdAt: true },
  });
  return new Map(rows.map((row) => [`${row.appId}@${row.version}`, row.createdAt.toISOString()]));
}
