import {
  appsInGroup,
  AppAlreadyExists,
  AppNotFound,
  AppStillStopping,
  AppVersionNotFound,
  InvalidInput,
  createApp,
  deleteApp,
  normalizeAppId,
  restartApp,
  rollbackApp,
  scaleApp,
  updateApp,
  type AppChange,
  specOf,
} from '../apps/index.ts';
import { failedStates } from '../tasks/index.ts';
import { AppInput, AppUpdateInput } from './app-input.ts';
import { AppDefinitionRef } from './app-types.ts';
import { activeStates } from '../tasks/index.ts';
import { appStatus, AppStatusEnum, queueOf, QueueRef } from './app-status.ts';
import { builder } from './builder.ts';
import { AppChangeRef, deploymentAsAsked } from './deployments.ts';

builder.prismaObject('App', {
  description: 'A long-running app: its definition in force and every earlier version',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version', { description: 'The version in force; each change makes the next one' }),
    definition: t.field({ type: AppDefinitionRef, resolve: (app) => specOf(app) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    // A control-loop pass stages all its tasks at one instant: the id orders those, so pages neither repeat nor skip one.
    tasks: t.relatedConnection('tasks', {
      cursor: 'id',
      description: 'The tasks that hold resources now (staging, starting, running, killing, unreachable), oldest first',
      query: { where: { state: { in: activeStates } }, orderBy: [{ stagedAt: 'asc' }, { id: 'asc' }] },
      totalCount: true,
    }),
    tasksStaged: t.relationCount('tasks', { where: { state: { in: ['STAGING', 'STARTING'] } } }),
    tasksRunning: t.relationCount('tasks', { where: { state: 'RUNNING' } }),
    tasksHealthy: t.relationCount('tasks', { where: { state: 'RUNNING', health: 'HEALTHY' } }),
    tasksUnhealthy: t.relationCount('tasks', { where: { state: 'RUNNING', health: 'UNHEALTHY' } }),
    status: t.field({
      type: AppStatusEnum,
      description: 'As Marathon shows it',
      select: {
        version: true,
        spec: true,
        launchDelayUntil: true,
        placementFailures: true,
        tasks: { where: { state: { in: activeStates } }, select: { state: true, appVersion: true } },
      },
      resolve: (app) => appStatus(app, app.tasks),
    }),
    queue: t.field({
      type: QueueRef,
      nullable: true,
      description: 'Tasks waiting for a place or for their launch delay; null when none wait',
      select: { launchDelayUntil: true, placementFailures: true },
      resolve: (app) => queueOf(app),
    }),
    lastTaskFailure: t.field({
      type: TaskFailureRef,
      nullable: true,
      description: 'The most recent task that failed, was lost, ended in error or was killed for failing its health checks, as Marathon shows it',
      // A task its agent killed for failing health checks counts, as in Marathon.
      select: {
        tasks: {
          where: { OR: [{ state: { in: failedStates } }, { state: 'KILLED', health: 'UNHEALTHY' }] },
          orderBy: { finishedAt: { sort: 'desc', nulls: 'last' } },
          take: 1,
        },
      },
      resolve: (app) => app.tasks[0] ?? null,
    }),
    deployments: t.relation('deployments', {
      description: 'Deployments under way (at most one: a newer one supersedes it)',
      query: { where: { status: 'RUNNING' }, orderBy: { createdAt: 'desc' } },
    }),
    versions: t.relatedConnection('versions', {
      cursor: 'id',
      description: 'Every definition ever applied, newest first',
      query: { orderBy: { version: 'desc' } },
      totalCount: true,
    }),
  }),
});

const TaskFailureRef = builder.prismaObject('Task', {
  variant: 'TaskFailure',
  description: 'How a task ended badly',
  fields: (t) => ({
    taskId: t.exposeID('id'),
    appVersion: t.exposeInt('appVersion'),
    state: t.exposeString('state'),
    host: t.exposeString('host', { nullable: true }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    at: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('AppVersion', {
  fields: (t) => ({
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    definition: t.field({ type: AppDefinitionRef, resolve: (version) => specOf(version) }),
  }),
});

const DeletedApp = builder.objectRef<AppChange>('DeletedApp').implement({
  fields: (t) => ({
    id: t.id({ resolve: (change) => change.app.id }),
    version: t.int({ description: 'The version in force when it was deleted', resolve: (change) => change.app.version }),
    deployment: t.prismaField({
      type: 'Deployment',
      nullable: true,
      description: 'Stops its tasks; the app is gone from the API at once',
      resolve: (query, change, _args, ctx) => deploymentAsAsked(ctx, query, change.deployment),
    }),
  }),
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
    resolve: (query, _root, args, ctx) => ctx.db.prisma.app.findFirst({ ...query, where: { id: normalizeAppId(String(args.id)), deletedAt: null } }),
  }),
}));

builder.mutationFields((t) => ({
  createApp: t.field({
    type: AppChangeRef,
    description: 'Stores a new app as version 1 and deploys it',
    errors: { types: [InvalidInput, AppAlreadyExists, AppStillStopping] },
    args: {
      input: t.arg({ type: AppInput, description: 'The definition, typed' }),
      definition: t.arg({
        type: 'JSON',
        description: 'Or the definition as a Marathon app JSON object, as it is: read-only fields are ignored, unknown ones ignored with a warning',
      }),
    },
    resolve: (_root, args, ctx) => createApp(ctx.db.prisma, oneDefinition(args)),
  }),
  updateApp: t.field({
    type: AppChangeRef,
    description: 'Changes the given fields, stores the result as the next version and deploys it rolling',
    errors: { types: [InvalidInput, AppNotFound] },
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: AppUpdateInput, description: 'The fields to change, typed' }),
      definition: t.arg({ type: 'JSON', description: 'Or the fields to change as Marathon app JSON, as it is' }),
    },
    resolve: (_root, args, ctx) => updateApp(ctx.db.prisma, String(args.id), oneDefinition(args)),
  }),
  scaleApp: t.field({
    type: AppChangeRef,
    description: 'Runs this many instances; running tasks stay (0 suspends the app)',
    errors: { types: [InvalidInput, AppNotFound] },
    args: { id: t.arg.id({ required: true }), instances: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => scaleApp(ctx.db.prisma, String(args.id), args.instances),
  }),
  restartApp: t.field({
    type: AppChangeRef,
    description: 'Replaces every task with a new one, rolling, as upgradeStrategy allows',
    errors: { types: [InvalidInput, AppNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => restartApp(ctx.db.prisma, String(args.id)),
  }),
  rollbackApp: t.field({
    type: AppChangeRef,
    description: 'Makes the definition of an earlier version the next version and deploys it rolling',
    errors: { types: [InvalidInput, AppNotFound, AppVersionNotFound] },
    args: { id: t.arg.id({ required: true }), version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => rollbackApp(ctx.db.prisma, String(args.id), args.version),
  }),
  deleteApp: t.field({
    type: DeletedApp,
    description: 'Removes the app and its versions; its tasks are killed',
    errors: { types: [InvalidInput, AppNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteApp(ctx.db.prisma, String(args.id)),
  }),
}));

/** The definition of a createApp or updateApp: `input` or `definition`, exactly one. */
function oneDefinition(args: { input?: unknown; definition?: unknown }): Record<string, unknown> {
  const given = [args.input, args.definition].filter((value) => value !== undefined && value !== null);
  if (given.length !== 1)
    throw new InvalidInput([
      { field: 'input', message: given.length === 0 ? 'give the definition as input or as definition' : 'give input or definition, not both' },
    ]);
  const definition = given[0];
  if (typeof definition !== 'object' || Array.isArray(definition))
    throw new InvalidInput([{ field: 'definition', message: 'must be a JSON object (an app definition)' }]);
  return definition as Record<string, unknown>;
}

/** Apps not deleted, under a group when `prefix` names one. */
const appsUnder = (prefix: string | null | undefined) => appsInGroup(prefix ? normalizeAppId(prefix) : '/');
