import { isUuid } from '../db/index.ts';
import { activateAgent, AgentNotFound, drainAgent } from '../fleet/index.ts';
import { activeStates } from '../tasks/index.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';
import { AgentState, OperatingSystem } from '../generated/prisma/enums.ts';

export const AgentStateEnum = builder.enumType(AgentState, { name: 'AgentState' });
export const OperatingSystemEnum = builder.enumType(OperatingSystem, { name: 'OperatingSystem' });

const Resources = builder.objectRef<{ cpus: number; mem: number; disk: number; gpus: number }>('Resources').implement({
  fields: (t) => ({
    cpus: t.exposeFloat('cpus'),
    mem: t.exposeFloat('mem', { description: 'MiB' }),
    disk: t.exposeFloat('disk', { description: 'MiB' }),
    gpus: t.exposeInt('gpus'),
  }),
});

const AgentRef = builder.prismaObject('Agent', {
  description: 'A machine that runs tasks',
  fields: (t) => ({
    id: t.exposeID('id'),
    hostname: t.exposeString('hostname'),
    os: t.expose('os', { type: OperatingSystemEnum }),
    arch: t.exposeString('arch'),
    version: t.exposeString('version'),
    state: t.field({
      type: AgentStateEnum,
      description: 'ACTIVE, DRAINING (reachable and drained), UNREACHABLE or GONE',
      select: { state: true, drainingSince: true },
      resolve: (agent) => (agent.state === 'ACTIVE' && agent.drainingSince ? 'DRAINING' : agent.state),
    }),
    drainingSince: t.expose('drainingSince', { type: 'DateTime', nullable: true, description: 'Since when it takes no new task and its tasks move elsewhere' }),
    attributes: t.expose('attributes', { type: 'JSON' }),
    roles: t.exposeStringList('roles', {
      description:
        'The resource roles it offers ("*": unreserved): an app with acceptedResourceRoles goes only to agents with one of them, one without to agents with "*"',
    }),
    portRanges: t.expose('portRanges', { type: 'JSON' }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    resources: t.field({ type: Resources, description: 'What the agent offers', resolve: (agent) => agent }),
    used: t.field({
      type: Resources,
      description: 'What its active tasks take',
      select: { tasks: { where: { state: { in: activeStates } }, select: { cpus: true, mem: true, disk: true, gpus: true } } },
      resolve: ({ tasks }) => ({
        cpus: tasks.reduce((sum, task) => sum + task.cpus, 0),
        mem: tasks.reduce((sum, task) => sum + task.mem, 0),
        disk: tasks.reduce((sum, task) => sum + task.disk, 0),
        gpus: tasks.reduce((sum, task) => sum + task.gpus, 0),
      }),
    }),
    tasks: t.relatedConnection('tasks', {
      cursor: 'id',
      description: 'The tasks that hold resources on it now, oldest first',
      query: { where: { state: { in: activeStates } }, orderBy: [{ stagedAt: 'asc' }, { id: 'asc' }] },
      totalCount: true,
    }),
  }),
});

builder.queryFields((t) => ({
  agents: t.prismaConnection({
    type: 'Agent',
    cursor: 'id',
    description: 'Every agent that ever registered, by hostname',
    totalCount: (_root, _args, ctx) => ctx.db.prisma.agent.count(),
    resolve: (query, _root, _args, ctx) => ctx.db.prisma.agent.findMany({ ...query, orderBy: [{ hostname: 'asc' }, { id: 'asc' }] }),
  }),
  agent: t.prismaField({
    type: 'Agent',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => (isUuid(String(args.id)) ? ctx.db.prisma.agent.findUnique({ ...query, where: { id: String(args.id) } }) : null),
  }),
}));

builder.objectType(AgentNotFound, {
  name: 'AgentNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ agentId: t.exposeID('agentId') }),
});

builder.mutationFields((t) => ({
  // Plain fields, not prismaFields: behind the errors plugin's union, a selection of __typename
  // alone gave Prisma an empty select (an internal error after the change had committed). The
  // agent row is whole; relations asked for are loaded by the Prisma plugin's fallback.
  drainAgent: t.field({
    type: AgentRef,
    description:
      "The agent takes no new task; its tasks are replaced elsewhere, rolling as each app's upgradeStrategy allows. It stays drained until activateAgent.",
    errors: { types: [AgentNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => drainAgent(ctx.db.prisma, String(args.id)),
  }),
  activateAgent: t.field({
    type: AgentRef,
    description: 'A drained agent takes tasks again',
    errors: { types: [AgentNotFound] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => activateAgent(ctx.db.prisma, String(args.id)),
  }),
}));
