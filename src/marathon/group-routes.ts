import { appsInGroup } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { MarathonError } from './errors.ts';
import { readGroup } from './group-body.ts';
import { createGroup, deleteGroup, rollBackGroup, scaleGroup, updateGroup, type GroupChange } from './group-change.ts';
import { childId, groupIdOf, unknownGroup } from './group-ids.ts';
import { marathonApps } from './app-json.ts';
import { groupEmbed, groupTree } from './group-json.ts';
import { flag, ok, type MarathonReply, type MarathonRequest, type MarathonRoute } from './route.ts';

const invalid = (path: string, problem: string) => new MarathonError(422, { message: 'Object is not valid', details: [{ path, errors: [problem] }] });

function groupBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('/', 'must be a group: a JSON object');
  return body as Record<string, unknown>;
}

const changed = (change: GroupChange, status = 200): MarathonReply => ({ status, body: change, headers: { 'marathon-deployment-id': change.deploymentId } });

async function show({ params, query, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = groupIdOf(params.id ?? '/');
  const tree = await groupTree(deps.db.prisma, id, groupEmbed(query.getAll('embed')));
  if (!tree) throw unknownGroup(id);
  return ok(tree);
}

/** Every version of the group: the times its apps' versions were made, newest first. */
async function versions(prisma: PrismaClient, id: string): Promise<string[]> {
  const rows = await prisma.appVersion.findMany({
    where: { app: appsInGroup(id) },
    distinct: ['createdAt'],
    select: { createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
  if (rows.length === 0 && id !== '/') throw unknownGroup(id);
  return rows.map((row) => row.createdAt.toISOString());
}

async function create({ params, body, deps }: MarathonRequest): Promise<MarathonReply> {
  const group = groupBody(body);
  const base = groupIdOf(params.id ?? '/');
  if (group.id !== undefined && typeof group.id !== 'string') throw invalid('/id', 'must be a string: the group path');
  if (!group.id && base === '/') throw invalid('/id', 'is required: the path of the group, such as /shop');
  const id = groupIdOf(group.id ? childId(base, group.id) : base);
  return changed(await createGroup(deps.db.prisma, readGroup(id, group)), 201);
}

/** GET /v2/groups/{id}/apps: every app under the group, as GET /v2/apps shows them. */
async function appsOf({ params, query, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = groupIdOf(params.id ?? '/');
  const apps = await marathonApps(deps.db.prisma, appsInGroup(id), new Set(query.getAll('embed')));
  if (apps.length === 0 && id !== '/') throw unknownGroup(id);
  return ok(apps);
}

/** PUT: {version} rolls back, else {scaleBy} scales, else the body is the group's new definition (Marathon's order). On /v2/groups, the body's id names the group. */
async function update({ params, query, body, deps }: MarathonRequest): Promise<MarathonReply> {
  const group = groupBody(body);
  if (params.id === undefined && (typeof group.id !== 'string' || groupIdOf(group.id) === '/'))
    throw invalid('/id', 'is required on /v2/groups: the path of the group to change (Corral does not replace the root group)');
  const id = groupIdOf(params.id ?? (group.id as string));
  if (flag({ query }, 'dryRun')) throw new MarathonError(422, { message: 'dryRun is not offered: Corral plans a deployment only when it makes it' });
  if (group.version !== undefined && group.version !== null) {
    const version = new Date(String(group.version));
    if (typeof group.version !== 'string' || Number.isNaN(version.getTime()))
      throw invalid('/version', "must be one of the group's versions (GET /v2/groups/{id}/versions)");
    return changed(await rollBackGroup(deps.db.prisma, id, version));
  }
  if (group.scaleBy !== undefined && group.scaleBy !== null) {
    if (typeof group.scaleBy !== 'number' || !(group.scaleBy >= 0)) throw invalid('/scaleBy', 'must be a number >= 0');
    return changed(await scaleGroup(deps.db.prisma, id, group.scaleBy));
  }
  return changed(await updateGroup(deps.db.prisma, readGroup(id, group)));
}

async function remove({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  return changed(await deleteGroup(deps.db.prisma, groupIdOf(params.id!)));
}

// python3-marathon writes /v2/groups//shop for the group /shop: the id takes every slash after "groups".
const ID = '(?<id>\\/.+?)';
const at = (suffix = '') => new RegExp(`^\\/v2\\/groups${ID}${suffix}\\/?$`);

export const groupRoutes: MarathonRoute[] = [
  { method: 'GET', path: /^\/v2\/groups\/?$/, role: 'VIEWER', handle: show },
  { method: 'GET', path: /^\/v2\/groups\/versions\/?$/, role: 'VIEWER', handle: async ({ deps }) => ok(await versions(deps.db.prisma, '/')) },
  { method: 'GET', path: at('\\/versions'), role: 'VIEWER', handle: async ({ params, deps }) => ok(await versions(deps.db.prisma, groupIdOf(params.id!))) },
  { method: 'GET', path: /^\/v2\/groups\/apps\/?$/, role: 'VIEWER', handle: appsOf },
  { method: 'GET', path: at('\\/apps'), role: 'VIEWER', handle: appsOf },
  { method: 'GET', path: at(), role: 'VIEWER', handle: show },
  { method: 'POST', path: /^\/v2\/groups\/?$/, role: 'OPERATOR', handle: create },
  { method: 'POST', path: at(), role: 'OPERATOR', handle: create },
  { method: 'PUT', path: /^\/v2\/groups\/?$/, role: 'OPERATOR', handle: update },
  { method: 'PUT', path: at(), role: 'OPERATOR', handle: update },
  { method: 'DELETE', path: at(), role: 'OPERATOR', handle: remove },
];
