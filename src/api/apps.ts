import { AppAlreadyExists, AppNotFound, InvalidAppDefinition, createApp, deleteApp, normalizeAppId, restartApp, scaleApp, updateApp, type AppSpec } from '../apps/index.ts';
import { AppInput, AppUpdateInput } from './app-input.ts';
import { AppDefinitionRef } from './app-types.ts';
import { activeStates } from '../cluster/index.ts';
import { appStatus, AppStatusEnum, queueOf, QueueRef } from './app-status.ts';
import { builder } from './builder.ts';

builder.prismaObject('App', {
  description: 'A long-running app: its definition in force and every earlier version',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version', { description: 'The version in force; each change makes the next one' }),
    definition: t.field({ type: AppDefinitionRef, resolve: (app) => app.spec as unknown as AppSpec }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    tasks: t.relation('tasks', {
      description: 'The tasks that hold resources now (staging, starting, running, killing, unreachable)',
      query: { where: { state: { in: activeStates } }, orderBy: { stagedAt: 'asc' } },
    }),
    tasksStaged: t.relationCount('tasks', { where: { state: { in: ['STAGING', 'STARTING'] } } }),
    tasksRunning: t.relationCount('tasks', { where: { state: 'RUNNING' } }),
    tasksHealthy: t.relationCount('tasks', { where: { state: 'RUNNING', health: 'HEALTHY' } }),
    tasksUnhealthy: t.relationCount('tasks', { where: { state: 'RUNNING', health: 'UNHEALTHY' } }),
    status: t.field({
      type: AppStatusEnum,
      description: 'As Marathon shows it',
      select: { version: true, spec: true, launchDelayUntil: true, placementFailures: true, tasks: { where: { state: { in: activeStates } }, select: { state: true, appVersion: true } } },
      resolve: (app) => appStatus(app, app.tasks),
    }),
    queue: t.field({
      type: QueueRef,
      nullable: true,
      description: 'Tasks waiting for a place or for their launch delay; null when none wait',
      select: { launchDelayUntil: true, placementFailures: true },
      resolve: (app) => queueOf(app),
    }),
    versions: t.relatedConnection('versions', {
      cursor: 'id',
      description: 'Every definition ever applied, newest first',
      query: { orderBy: { version: 'desc' } },
      totalCount: true,
    }),
  }),
});

builder.prismaObject('AppVersion', {
  fields: (t) => ({
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    definition: t.field({ type: AppDefinitionRef, resolve: (version) => version.spec as unknown as AppSpec }),
  }),
});

const DeletedApp = builder.objectRef<{ id: string; version: number }>('DeletedApp').implement({
  fields: (t) => ({ id: t.exposeID('id'), version: t.exposeInt('version', { description: 'The version in force when it was deleted' }) }),
});

builder.queryFields((t) => ({
  apps: t.prismaConnection({
    type: 'App',
    cursor: 'id',
    description: 'Apps in order of their ids; `prefix` keeps those under a group such as /shop',
    args: { prefix: t.arg.string() },
    totalCount: (_root, args, ctx) => ctx.db.prisma.app.count({ where: appsUnder(args.prefix) }),
    resolve: (query, _root, args, ctx) => ctx.db.prisma.app.findMany({ ...query, where: appsUnder(args.prefix), orderBy: { id: 'asc' } }),
  }),
  app: t.prismaField({
    type: 'App',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.app.findUnique({ ...query, where: { id: normalizeAppId(String(args.id)) } }),
  }),
}));

builder.mutationFields((t) => ({
  createApp: t.prismaField({
    type: 'App',
    description: 'Stores a new app as version 1',
    errors: { types: [InvalidAppDefinition, AppAlreadyExists] },
    args: { input: t.arg({ type: AppInput, required: true }) },
    resolve: (_query, _root, args, ctx) => createApp(ctx.db.prisma, args.input),
  }),
  updateApp: t.prismaField({
    type: 'App',
    description: 'Changes the given fields and stores the result as the next version',
    errors: { types: [InvalidAppDefinition, AppNotFound] },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: AppUpdateInput, required: true }) },
    resolve: (_query, _root, args, ctx) => updateApp(ctx.db.prisma, String(args.id), args.input as Record<string, unknown>),
  }),
  scaleApp: t.prismaField({
    type: 'App',
    description: 'Runs this many instances; running tasks stay (0 suspends the app)',
    errors: { types: [InvalidAppDefinition, AppNotFound] },
    args: { id: t.arg.id({ required: true }), instances: t.arg.int({ required: true }) },
    resolve: (_query, _root, args, ctx) => scaleApp(ctx.db.prisma, String(args.id), args.instances),
  }),
  restartApp: t.prismaField({
    type: 'App',
    description: 'Replaces every task with a new one, rolling, as upgradeStrategy allows',
    errors: { types: [InvalidAppDefinition, AppNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => restartApp(ctx.db.prisma, String(args.id)),
  }),
  deleteApp: t.field({
    type: DeletedApp,
    description: 'Removes the app and its versions',
    errors: { types: [InvalidAppDefinition, AppNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteApp(ctx.db.prisma, String(args.id)),
  }),
}));

function appsUnder(prefix: string | null | undefined) {
  if (!prefix) return {};
  const id = normalizeAppId(prefix);
  return { id: { startsWith: id.endsWith('/') ? id : `${id}/` } };
}
