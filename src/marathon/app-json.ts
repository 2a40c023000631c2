import { type AppSpec, specOf } from '../apps/index.ts';
import type { App, Prisma, PrismaClient, Task } from '../generated/prisma/client.ts';
import { activeStates, failedStates } from '../tasks/index.ts';
import { marathonTask, taskVersionTimes, type TaskVersions } from './task-json.ts';
import { versionInfos, type VersionInfo } from './versions.ts';

/**
 * What to add to each app: 'apps.tasks', 'apps.counts', 'apps.deployments',
 * 'apps.lastTaskFailure', 'apps.failures', 'apps.taskStats',
 * 'apps.readiness', with the prefix `apps.` or `app.` or none (Marathon takes
 * all three). Unknown values are ignored, as Marathon ignores them.
 */
export type AppEmbed = Set<string>;

interface Embeds {
  tasks: boolean;
  lastTaskFailure: boolean;
  taskStats: boolean;
  readiness: boolean;
}

/** Marathon's InfoEmbedResolver: `tasks` brings deployments too and `failures` is tasks and lastTaskFailure; counts and deployments are always shown here. */
function embedsOf(embed: AppEmbed): Embeds {
  const names = new Set([...embed].map((value) => value.replace(/^(group\.apps\.|apps\.|app\.)/, '')));
  return {
    tasks: names.has('tasks') || names.has('failures'),
    lastTaskFailure: names.has('lastTaskFailure') || names.has('failures'),
    taskStats: names.has('taskStats'),
    readiness: names.has('readiness'),
  };
}

/**
 * Corral's apps as Marathon's app JSON (GET /v2/apps), in order of their ids:
 * the stored definition with its version's time, versionInfo, task counts,
 * running deployments and what `embed` asks for. A constant number of
 * statements whatever the number of apps (at most seven).
 */
export async function marathonApps(prisma: PrismaClient, where: Prisma.AppWhereInput, embed: AppEmbed): Promise<Record<string, unknown>[]> {
  const embeds = embedsOf(embed);
  const apps = await prisma.app.findMany({ where: { AND: [where, { deletedAt: null }] }, orderBy: { id: 'asc' } });
  if (apps.length === 0) return [];
  const ids = apps.map((app) => app.id);
  const activeTasks = embeds.tasks || embeds.taskStats || embeds.readiness;
  const [versions, counts, deployments, tasks, failures] = await Promise.all([
    versionInfos(prisma, ids),
    prisma.task.groupBy({
      by: ['appId', 'state', 'health'],
      where: { appId: { in: ids }, state: { in: activeStates } },
      _count: { _all: true },
    }),
    prisma.deployment.findMany({ where: { appId: { in: ids }, status: 'RUNNING' }, select: { id: true, appId: true }, orderBy: { createdAt: 'asc' } }),
    activeTasks
      ? prisma.task.findMany({ where: { appId: { in: ids }, state: { in: activeStates } }, orderBy: [{ appId: 'asc' }, { stagedAt: 'asc' }, { id: 'asc' }] })
      : Promise.resolve([]),
    embeds.lastTaskFailure ? lastFailures(prisma, ids) : Promise.resolve(new Map<string, Task>()),
  ]);
  const taskVersions = await taskVersionTimes(prisma, [...tasks, ...failures.values()]);
  const tasksOf = groupBy(tasks, (task) => task.appId);
  const deploymentsOf = groupBy(deployments, (deployment) => deployment.appId);
  const countsByApp = groupBy(counts, (row) => row.appId);
  // An app purged between two statements has no versions left: it is no longer there to show.
  return apps
    .filter((app) => versions.has(app.id))
    .map((app) => {
      const spec = specOf(app);
      const info = versions.get(app.id)!;
      const own = tasksOf.get(app.id) ?? [];
      const json: Record<string, unknown> = {
        ...definitionJson(spec),
        version: info.version,
        versionInfo: { lastScalingAt: info.lastScalingAt, lastConfigChangeAt: info.lastConfigChangeAt },
        ...countsOf(countsByApp.get(app.id) ?? []),
        deployments: (deploymentsOf.get(app.id) ?? []).map((deployment) => ({ id: deployment.id })),
      };
      if (embeds.tasks) json.tasks = own.map((task) => marathonTask(task, spec, taskVersions));
      if (embeds.lastTaskFailure) {
        const failure = failures.get(app.id);
        if (failure) json.lastTaskFailure = taskFailureJson(failure, taskVersions);
      }
      if (embeds.taskStats) json.taskStats = taskStats(own, app, info);
      if (embeds.readiness) json.readinessCheckResults = readinessResults(own, spec);
      return json;
    });
}

/**
 * The stored definition in Marathon's words. A port definition's `port` is
 * its service port in Marathon (0 until one is assigned), so Corral's
 * servicePort shows there.
 */
export function definitionJson(spec: AppSpec): Record<string, unknown> {
  const portDefinitions = spec.portDefinitions.map(({ servicePort, ...definition }) => ({ ...definition, port: servicePort ?? definition.port }));
  return { ...spec, portDefinitions };
}

type CountRow = { state: string; health: string; _count: { _all: number } };

/**
 * A new app's JSON as its creation left it, which is what Marathon's POST /v2/apps answers: no task
 * counted yet. Read after the commit, the counts were the control loop's: woken by that commit, it
 * could place the app's tasks before the answer was read (tasksStaged 2, seen once in CI).
 */
export async function createdAppJson(prisma: PrismaClient, appId: string): Promise<Record<string, unknown> | undefined> {
  const [app] = await marathonApps(prisma, { id: appId }, new Set());
  return app && { ...app, ...countsOf([]) };
}

function countsOf(rows: CountRow[]) {
  const sum = (keep: (row: CountRow) => boolean) => rows.filter(keep).reduce((total, row) => total + row._count._all, 0);
  const running = (row: CountRow) => row.state === 'RUNNING';
  return {
    tasksStaged: sum((row) => row.state === 'STAGING' || row.state === 'STARTING'),
    tasksRunning: sum(running),
    tasksHealthy: sum((row) => running(row) && row.health === 'HEALTHY'),
    tasksUnhealthy: sum((row) => running(row) && row.health === 'UNHEALTHY'),
  };
}

/** The most recent failure of each app (a task killed for failing its health checks counts, as in Marathon), in one statement. */
async function lastFailures(prisma: PrismaClient, ids: string[]): Promise<Map<string, Task>> {
  const failed = await prisma.task.findMany({
    where: { appId: { in: ids }, OR: [{ state: { in: failedStates } }, { state: 'KILLED', health: 'UNHEALTHY' }] },
    orderBy: [{ finishedAt: { sort: 'desc', nulls: 'last' } }, { stagedAt: 'desc' }],
  });
  const newest = new Map<string, Task>();
  for (const task of failed) if (!newest.has(task.appId)) newest.set(task.appId, task);
  return newest;
}

function taskFailureJson(task: Task, versions: TaskVersions) {
  return {
    appId: task.appId,
    host: task.host ?? '',
    message: task.message ?? (task.exitCode !== null ? `exited with code ${task.exitCode}` : ''),
    state: `TASK_${task.state}`,
    taskId: task.id,
    timestamp: (task.finishedAt ?? task.stagedAt).toISOString(),
    version: versions.get(`${task.appId}@${task.appVersion}`) ?? task.stagedAt.toISOString(),
    slaveId: task.agentId ?? '',
  };
}

type Stats = {
  stats: { counts: { staged: number; running: number; healthy: number; unhealthy: number }; lifeTime?: { averageSeconds: number; medianSeconds: number } };
};

/** Marathon's taskStats: each set of tasks that has any, counted, with how long its running tasks have run. */
function taskStats(tasks: Task[], app: App, info: VersionInfo): Record<string, Stats> {
  const scaledAt = new Date(info.lastScalingAt);
  const sets: Record<string, Task[]> = {
    startedAfterLastScaling: tasks.filter((task) => task.stagedAt >= scaledAt),
    withLatestConfig: tasks.filter((task) => task.appVersion >= info.configVersion && task.appVersion <= app.version),
    withOutdatedConfig: tasks.filter((task) => task.appVersion < info.configVersion),
    totalSummary: tasks,
  };
  return Object.fromEntries(
    Object.entries(sets)
      .filter(([, set]) => set.length > 0)
      .map(([name, set]) => [name, statsOf(set)]),
  );
}

function statsOf(tasks: Task[]): Stats {
  const running = tasks.filter((task) => task.state === 'RUNNING');
  const counts = {
    staged: tasks.filter((task) => task.state === 'STAGING' || task.state === 'STARTING').length,
    running: running.length,
    healthy: running.filter((task) => task.health === 'HEALTHY').length,
    unhealthy: running.filter((task) => task.health === 'UNHEALTHY').length,
  };
  const lives = running
    .filter((task) => task.startedAt)
    .map((task) => (Date.now() - task.startedAt!.getTime()) / 1000)
    .sort((a, b) => a - b);
  if (lives.length === 0) return { stats: { counts } };
  const middle = Math.floor(lives.length / 2);
  const medianSeconds = lives.length % 2 === 1 ? lives[middle]! : (lives[middle - 1]! + lives[middle]!) / 2;
  return { stats: { counts, lifeTime: { averageSeconds: lives.reduce((a, b) => a + b, 0) / lives.length, medianSeconds } } };
}

/** Corral keeps whether each task passed its readiness checks, not their last responses: one result per check and task. */
function readinessResults(tasks: Task[], spec: AppSpec) {
  return tasks.flatMap((task) => spec.readinessChecks.map((check) => ({ name: check.name, taskId: task.id, ready: task.ready, lastResponse: null })));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
