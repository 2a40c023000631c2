import type { EventType } from '../events/index.ts';
import { isUuid } from '../db/index.ts';
import { cancelDeployment, normalizeAppId, type AppChange } from '../apps/index.ts';
import { DeploymentNotFound, DeploymentNotRunning, type DeploymentWithSteps } from '../deployments/index.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { DeploymentStatus, DeploymentStepStatus } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';
import type { GatewayContext } from './context.ts';
import { ErrorInterface } from './errors.ts';

const DeploymentStatusEnum = builder.enumType(DeploymentStatus, { name: 'DeploymentStatus' });
const DeploymentStepStatusEnum = builder.enumType(DeploymentStepStatus, { name: 'DeploymentStepStatus' });
const DeploymentKindEnum = builder.enumType('DeploymentKind', {
  description: 'What started a deployment',
  values: ['CREATE', 'UPDATE', 'SCALE', 'RESTART', 'ROLLBACK', 'DELETE'] as const,
});
const DeploymentActionEnum = builder.enumType('DeploymentAction', {
  values: {
    START_TASKS: { description: '`target` tasks of the new version running, and healthy and ready where the app checks' },
    STOP_OLD_TASKS: { description: 'at most `target` tasks of earlier versions left' },
    STOP_TASKS: { description: 'at most `target` tasks left (scaling down)' },
  } as const,
});

type StepDetail = { target: number; description: string };

const DeploymentStepRef = builder.prismaObject('DeploymentStep', {
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'From 0, in the order the steps are taken' }),
    action: t.field({ type: DeploymentActionEnum, resolve: (step) => step.action as 'START_TASKS' }),
    target: t.int({ resolve: (step) => (step.detail as StepDetail).target }),
    description: t.string({ resolve: (step) => (step.detail as StepDetail).description }),
    status: t.expose('status', { type: DeploymentStepStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('Deployment', {
  description: 'A change to an app being carried out: steps that start new tasks and stop old ones, as Marathon deploys',
  fields: (t) => ({
    id: t.exposeID('id'),
    appId: t.exposeID('appId'),
    app: t.relation('app'),
    kind: t.field({ type: DeploymentKindEnum, resolve: (deployment) => deployment.kind as 'CREATE' }),
    status: t.expose('status', { type: DeploymentStatusEnum }),
    fromVersion: t.exposeInt('fromVersion', { nullable: true }),
    toVersion: t.exposeInt('toVersion'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    // Two steps a batch: rolling 10,000 instances one at a time (minimumHealthCapacity 1, maximumOverCapacity 0) is 20,000 steps.
    steps: t.relatedConnection('steps', {
      cursor: 'id',
      description: 'In the order they are taken',
      query: { orderBy: { position: 'asc' } },
      totalCount: true,
    }),
    currentStep: t.field({
      type: DeploymentStepRef,
      nullable: true,
      description: 'The step being taken (or next to be); null once the deployment has ended',
      // Steps finish in order (deployments/progress.ts): the first not finished is the one under way.
      select: { steps: { where: { status: { in: ['RUNNING', 'PENDING'] } }, orderBy: { position: 'asc' }, take: 1 } },
      resolve: (deployment) => deployment.steps[0] ?? null,
    }),
    totalSteps: t.relationCount('steps'),
    stepsDone: t.relationCount('steps', { where: { status: 'DONE' } }),
  }),
});

/**
 * A deployment a change made, read again with what the request selects. The change's own has every
 * step included, and the Prisma plugin would take those for the page of `steps` asked for.
 */
export function deploymentAsAsked(ctx: GatewayContext, query: Omit<Prisma.DeploymentFindUniqueArgs, 'where'>, made: { id: string } | null | undefined) {
  return made ? ctx.db.prisma.deployment.findUnique({ ...query, where: { id: made.id } }) : null;
}

export const AppChangeRef = builder.objectRef<AppChange>('AppChange').implement({
  description: 'An app as a change left it, and the deployment that carries the change out',
  fields: (t) => ({
    app: t.prismaField({
      type: 'App',
      resolve: (query, change, _args, ctx) => ctx.db.prisma.app.findUniqueOrThrow({ ...query, where: { id: change.app.id } }),
    }),
    deployment: t.prismaField({
      type: 'Deployment',
      nullable: true,
      description: 'None when the change changed nothing',
      resolve: (query, change, _args, ctx) => deploymentAsAsked(ctx, query, change.deployment),
    }),
    warnings: t.stringList({
      description: 'What the definition held that Corral ignored, one line each ("executor: not a field Corral knows; ignored")',
      resolve: (change) => change.warnings ?? [],
    }),
  }),
});

const CanceledDeploymentRef = builder
  .objectRef<{ canceled: DeploymentWithSteps; rollback: DeploymentWithSteps | null; removedAppId: string | null }>('CanceledDeployment')
  .implement({
    fields: (t) => ({
      canceled: t.prismaField({
        type: 'Deployment',
        resolve: (query, result, _args, ctx) => ctx.db.prisma.deployment.findUniqueOrThrow({ ...query, where: { id: result.canceled.id } }),
      }),
      rollback: t.prismaField({
        type: 'Deployment',
        nullable: true,
        description: 'The deployment that reverts the app (for a new app, the one that removes it); none with force',
        resolve: (query, result, _args, ctx) => deploymentAsAsked(ctx, query, result.rollback),
      }),
      removedAppId: t.id({
        nullable: true,
        description: 'The app removed because its first deployment was canceled',
        resolve: (result) => result.removedAppId,
      }),
    }),
  });

builder.objectType(DeploymentNotFound, {
  name: 'DeploymentNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ deploymentId: t.exposeID('deploymentId') }),
});

builder.objectType(DeploymentNotRunning, {
  name: 'DeploymentNotRunningError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ deploymentId: t.exposeID('deploymentId'), status: t.exposeString('status') }),
});

builder.queryFields((t) => ({
  deployments: t.prismaConnection({
    type: 'Deployment',
    cursor: 'id',
    description: 'Deployments, newest first; `running` keeps those under way (as Marathon lists them), `appId` those of one app',
    args: { appId: t.arg.id(), running: t.arg.boolean() },
    totalCount: (_root, args, ctx) => ctx.db.prisma.deployment.count({ where: deploymentsWhere(args) }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.deployment.findMany({ ...query, where: deploymentsWhere(args), orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  }),
  deployment: t.prismaField({
    type: 'Deployment',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => (isUuid(String(args.id)) ? ctx.db.prisma.deployment.findUnique({ ...query, where: { id: String(args.id) } }) : null),
  }),
}));

function deploymentsWhere(args: { appId?: string | number | null; running?: boolean | null }) {
  return {
    ...(args.appId && { appId: normalizeAppId(String(args.appId)) }),
    ...(args.running === true && { status: 'RUNNING' as const }),
    ...(args.running === false && { status: { not: 'RUNNING' as const } }),
  };
}

builder.mutationFields((t) => ({
  cancelDeployment: t.field({
    type: CanceledDeploymentRef,
    description: 'Stops a running deployment and reverts the app to the version it came from (a new app is removed); with force, reverts nothing',
    errors: { types: [DeploymentNotFound, DeploymentNotRunning] },
    args: { id: t.arg.id({ required: true }), force: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => cancelDeployment(ctx.db.prisma, String(args.id), args.force ?? false),
  }),
}));

builder.subscriptionFields((t) => ({
  deploymentProgress: t.prismaField({
    type: 'Deployment',
    nullable: true,
    description: 'The deployment now, then again at every step, until it has ended; null if there is no such deployment (or its app was deleted)',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => deploymentUpdates(ctx, String(args.id)),
    resolve: (query, id: string, _args, ctx) => ctx.db.prisma.deployment.findUnique({ ...query, where: { id } }),
  }),
}));

const progressEvents: EventType[] = ['deployment.step', 'deployment.succeeded', 'deployment.superseded', 'deployment.canceled', 'app.deleted'];

/** Yields the deployment's id at the start and after each of its events, and ends once it has ended (or its app is gone). */
async function* deploymentUpdates(ctx: GatewayContext, id: string): AsyncGenerator<string> {
  const ended = async () => {
    if (!isUuid(id)) return true;
    const deployment = await ctx.db.prisma.deployment.findUnique({ where: { id }, select: { status: true } });
    return deployment?.status !== 'RUNNING';
  };
  // Events compacted away unread may have been this deployment's: the next event read looks again.
  let compacted = false;
  const updates = ctx.events.follow(await ctx.events.head(), { types: progressEvents }, { onCompacted: () => (compacted = true) });
  try {
    // Ended is asked before each yield, not after: asked after, a deployment that ended between the
    // yield's read and the question closed the subscription with its last state shown as RUNNING.
    // Asked before, the yield's read is as new or newer, and an end after it comes as an event.
    let over = await ended();
    yield id;
    if (over) return;
    for await (const event of updates) {
      if (event.subject === id || compacted) {
        compacted = false;
        over = await ended();
        yield id;
        if (over) return;
      } else if (event.type === 'app.deleted' && (await ended())) {
        yield id; // null: the deployment went with its app
        return;
      }
    }
  } finally {
    await updates.return?.();
  }
}
