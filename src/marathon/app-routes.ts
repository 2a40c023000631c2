import { createApp, deleteApp, restartApp, specOf } from '../apps/index.ts';
import { appBody, changeApp, changeApps, invalidAt } from './app-change.ts';
import { appIdOf } from './app-path.ts';
import { createdAppJson, definitionJson, marathonApps } from './app-json.ts';
import { deployedOf, deploymentResult, warningHeaders } from './deployment-result.ts';
import { unknownApp } from './errors.ts';
import { labelSelector } from './label-selector.ts';
import { flag, ok, type MarathonReply, type MarathonRequest, type MarathonRoute } from './route.ts';
import { versionNumber, versionTimes } from './versions.ts';

/** GET /v2/apps: every app, filtered by cmd and id (contained, any case) and a label selector. */
async function list({ query, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = query.get('id');
  const cmd = query.get('cmd')?.toLowerCase();
  const label = query.get('label');
  const selects = label ? labelSelector(label) : () => true;
  const apps = await marathonApps(deps.db.prisma, id ? { id: { contains: id, mode: 'insensitive' } } : {}, new Set(query.getAll('embed')));
  const kept = apps.filter(
    (app) =>
      (!cmd ||
        String(app.cmd ?? '')
          .toLowerCase()
          .includes(cmd)) &&
      selects((app.labels ?? {}) as Record<string, string>),
  );
  return ok({ apps: kept });
}

/** GET /v2/apps/{id}: {app}, with tasks, counts, deployments and lastTaskFailure always (Marathon's compatibility embeds); /v2/apps/shop/* lists a group's apps. */
async function show({ params, query, deps }: MarathonRequest): Promise<MarathonReply> {
  const embed = new Set([...query.getAll('embed'), 'tasks', 'lastTaskFailure']);
  if (params.id!.endsWith('/*')) {
    const group = params.id!.slice(0, -2).split('/').filter(Boolean).join('/');
    return ok({ '*': await marathonApps(deps.db.prisma, group ? { id: { startsWith: `/${group}/` } } : {}, embed) });
  }
  const id = appIdOf(params.id!);
  const [app] = await marathonApps(deps.db.prisma, { id }, embed);
  if (!app) throw unknownApp(id);
  return ok({ app });
}

/** POST /v2/apps: 201 with the app JSON and its deployment. */
async function create({ body, deps }: MarathonRequest): Promise<MarathonReply> {
  const change = await createApp(deps.db.prisma, appBody(body));
  const app = await createdAppJson(deps.db.prisma, change.app.id);
  const headers: Record<string, string> = { location: `/v2/apps${change.app.id}`, ...warningHeaders([change]) };
  if (change.deployment) headers['marathon-deployment-id'] = change.deployment.id;
  return { status: 201, body: app, headers };
}

async function update(request: MarathonRequest, partialByDefault: boolean, mayCreate: boolean): Promise<MarathonReply> {
  const id = appIdOf(request.params.id!);
  const partial = flag(request, 'partialUpdate', partialByDefault);
  const { change, created } = await changeApp(request.deps.db.prisma, id, appBody(request.body), { partial, mayCreate });
  return deploymentResult(request.deps.db.prisma, [deployedOf(change)], created ? 201 : 200, created ? { location: `/v2/apps${id}` } : {});
}

/** PUT or PATCH /v2/apps with an array of definitions, each naming its app by `id`. */
async function updateMany(request: MarathonRequest, partialByDefault: boolean, mayCreate: boolean): Promise<MarathonReply> {
  if (!Array.isArray(request.body)) throw invalidAt('/', 'must be an array of app definitions');
  const bodies = request.body.map((body, index) => appBody(body, `/${index}`));
  const idOf = (raw: unknown, index: number) => {
    if (typeof raw !== 'string' || raw.trim() === '') throw invalidAt(`/${index}/id`, 'App Update must have app id set');
    return appIdOf(raw);
  };
  const changes = await changeApps(request.deps.db.prisma, bodies, { partial: flag(request, 'partialUpdate', partialByDefault), mayCreate }, idOf);
  return deploymentResult(request.deps.db.prisma, changes.map(deployedOf));
}

async function remove({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  return deploymentResult(deps.db.prisma, [deployedOf(await deleteApp(deps.db.prisma, appIdOf(params.id!)))]);
}

async function restart({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  return deploymentResult(deps.db.prisma, [deployedOf(await restartApp(deps.db.prisma, appIdOf(params.id!)))]);
}

async function versions({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = appIdOf(params.id!);
  if (!(await deps.db.prisma.app.findFirst({ where: { id, deletedAt: null }, select: { id: true } }))) throw unknownApp(id);
  return ok({ versions: await versionTimes(deps.db.prisma, id) });
}

/** GET /v2/apps/{id}/versions/{version}: the definition as it was, by Marathon's timestamp (or Corral's number). */
async function version({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = appIdOf(params.id!);
  if (!(await deps.db.prisma.app.findFirst({ where: { id, deletedAt: null }, select: { id: true } }))) throw unknownApp(id);
  const number = await versionNumber(deps.db.prisma, id, params.version, '/version');
  const row = await deps.db.prisma.appVersion.findUnique({ where: { appId_version: { appId: id, version: number } } });
  if (!row) throw unknownApp(id);
  return ok({ ...definitionJson(specOf(row)), version: row.createdAt.toISOString() });
}

// An app id takes every slash after "apps"; it does not end in a subresource of an app.
const ID = '(?<id>\\/.+?)';
const APP = `(?<id>\\/(?:(?!\\/(?:tasks|versions|restart)(?:\\/[^/]*)?\\/?$).)+?)`;
const at = (suffix: string) => new RegExp(`^\\/v2\\/apps${ID}${suffix}\\/?$`);
const app = new RegExp(`^\\/v2\\/apps${APP}\\/?$`);
const apps = /^\/v2\/apps\/?$/;

export const appRoutes: MarathonRoute[] = [
  { method: 'GET', path: apps, role: 'VIEWER', handle: list },
  { method: 'POST', path: apps, role: 'OPERATOR', handle: create },
  { method: 'PUT', path: apps, role: 'OPERATOR', handle: (request) => updateMany(request, true, true) },
  { method: 'PATCH', path: apps, role: 'OPERATOR', handle: (request) => updateMany(request, true, false) },
  { method: 'POST', path: at('\\/restart'), role: 'OPERATOR', handle: restart },
  { method: 'GET', path: at('\\/versions'), role: 'VIEWER', handle: versions },
  { method: 'GET', path: at('\\/versions\\/(?<version>[^/]+)'), role: 'VIEWER', handle: version },
  { method: 'GET', path: app, role: 'VIEWER', handle: show },
  // Marathon 1.x: PUT merges unless partialUpdate=false, and creates an app it does not find; PATCH merges, never creates.
  { method: 'PUT', path: app, role: 'OPERATOR', handle: (request) => update(request, true, true) },
  { method: 'PATCH', path: app, role: 'OPERATOR', handle: (request) => update(request, true, false) },
  { method: 'DELETE', path: app, role: 'OPERATOR', handle: remove },
];
