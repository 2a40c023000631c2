import { killTasks } from '../apps/index.ts';
import type { TaskState } from '../generated/prisma/enums.ts';
import { activeStates, wanted, TasksNotFound } from '../tasks/index.ts';
import { invalidAt } from './app-change.ts';
import { appIdOf } from './app-path.ts';
import { deploymentResult } from './deployment-result.ts';
import { MarathonError, unknownApp } from './errors.ts';
import { flag, ok, type MarathonReply, type MarathonRequest, type MarathonRoute } from './route.ts';
import { marathonTasks } from './task-json.ts';

/** The tasks that can be killed: Marathon's instances that still run or may yet. */

/** ?status= and ?status[]= of GET /v2/tasks, by Mesos' condition names; Marathon ignores names it does not know, and so does Corral. */
const statusStates: Record<string, TaskState[]> = {
  running: ['RUNNING'],
  staging: ['STAGING'],
  starting: ['STARTING'],
  killing: ['KILLING'],
  unreachable: ['UNREACHABLE'],
};

function noScaleWithWipe(request: MarathonRequest): boolean {
  const scale = flag(request, 'scale');
  if (scale && flag(request, 'wipe')) throw new MarathonError(400, { message: 'You cannot use scale and wipe at the same time.' });
  return scale;
}

/** GET /v2/tasks: every task that holds resources, or those in the states asked for. */
async function listAll({ query, deps }: MarathonRequest): Promise<MarathonReply> {
  const asked = [...query.getAll('status'), ...query.getAll('status[]')].flatMap((status) => statusStates[status.toLowerCase()] ?? []);
  const states = asked.length > 0 ? asked : activeStates;
  const tasks = await deps.db.prisma.task.findMany({
    where: { state: { in: states }, app: { deletedAt: null } },
    orderBy: [{ appId: 'asc' }, { stagedAt: 'asc' }, { id: 'asc' }],
  });
  return ok({ tasks: await marathonTasks(deps.db.prisma, tasks) });
}

async function existingApp(request: MarathonRequest): Promise<string> {
  const id = appIdOf(request.params.id!);
  const app = await request.deps.db.prisma.app.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
  if (!app) throw unknownApp(id);
  return id;
}

/** GET /v2/apps/{id}/tasks */
async function listOfApp(request: MarathonRequest): Promise<MarathonReply> {
  const appId = await existingApp(request);
  const tasks = await request.deps.db.prisma.task.findMany({ where: { appId, state: { in: activeStates } }, orderBy: [{ stagedAt: 'asc' }, { id: 'asc' }] });
  return ok({ tasks: await marathonTasks(request.deps.db.prisma, tasks) });
}

/**
 * Kills `ids`: with `scale`, Marathon's {version, deploymentId} of the
 * scale-down; without, the tasks killed ({tasks} or, for one, {task}).
 */
async function kill(request: MarathonRequest, ids: string[], scale: boolean, one = false): Promise<MarathonReply> {
  const prisma = request.deps.db.prisma;
  const killed = await killTasks(prisma, ids, scale).catch((error: unknown) => {
    // Ended between being found and being killed.
    if (error instanceof TasksNotFound) throw new MarathonError(404, { message: `Task '${error.taskIds.join(', ')}' does not exist` });
    throw error;
  });
  if (scale)
    return deploymentResult(
      prisma,
      killed.deployments.map((deployment) => ({ appId: deployment.appId, version: deployment.toVersion, deploymentId: deployment.id })),
    );
  const tasks = await marathonTasks(prisma, killed.tasks);
  return ok(one ? { task: tasks[0] } : { tasks });
}

/** DELETE /v2/apps/{id}/tasks (?host= keeps those on that agent, "*" all) */
async function killOfApp(request: MarathonRequest): Promise<MarathonReply> {
  const scale = noScaleWithWipe(request);
  const appId = await existingApp(request);
  const host = request.query.get('host');
  const tasks = await request.deps.db.prisma.task.findMany({ where: { appId, ...wanted }, select: { id: true, host: true } });
  const chosen = tasks.filter((task) => !host || host === '*' || (task.host ?? '').includes(host));
  return kill(
    request,
    chosen.map((task) => task.id),
    scale,
  );
}

/** DELETE /v2/apps/{id}/tasks/{taskId} */
async function killOne(request: MarathonRequest): Promise<MarathonReply> {
  const scale = noScaleWithWipe(request);
  const appId = await existingApp(request);
  const taskId = request.params.taskId!;
  const task = await request.deps.db.prisma.task.findFirst({ where: { id: taskId, appId, ...wanted }, select: { id: true } });
  if (!task) throw new MarathonError(404, { message: `Task '${taskId}' does not exist` });
  return kill(request, [task.id], scale, true);
}

/** POST /v2/tasks/delete {ids}: all or nothing, an unknown or ended task refuses the whole request (Marathon's 400). */
async function killMany(request: MarathonRequest): Promise<MarathonReply> {
  const scale = noScaleWithWipe(request);
  const ids = (request.body as { ids?: unknown } | undefined)?.ids;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw invalidAt('/ids', 'must be an array of task ids');
  const found = await request.deps.db.prisma.task.findMany({ where: { id: { in: ids as string[] }, ...wanted }, select: { id: true } });
  const unknown = (ids as string[]).filter((id) => !found.some((task) => task.id === id));
  if (unknown.length > 0) throw new MarathonError(400, { message: `Invalid task id ${unknown.join(', ')}: no running task has it, so none was killed` });
  return kill(request, ids as string[], scale);
}

const ofApp = (suffix: string) => new RegExp(`^\\/v2\\/apps(?<id>\\/.+?)\\/tasks${suffix}\\/?$`);

export const taskRoutes: MarathonRoute[] = [
  { method: 'GET', path: /^\/v2\/tasks\/?$/, role: 'VIEWER', handle: listAll },
  { method: 'POST', path: /^\/v2\/tasks\/delete\/?$/, role: 'OPERATOR', handle: killMany },
  { method: 'GET', path: ofApp(''), role: 'VIEWER', handle: listOfApp },
  { method: 'DELETE', path: ofApp(''), role: 'OPERATOR', handle: killOfApp },
  { method: 'DELETE', path: ofApp('\\/(?<taskId>[^/]+)'), role: 'OPERATOR', handle: killOne },
];
