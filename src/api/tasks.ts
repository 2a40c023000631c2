import { GraphQLError } from 'graphql';
import { parseAppId } from '../apps/index.ts';
import type { Event } from '../generated/prisma/client.ts';
import { TaskDesiredState, TaskHealth, TaskState } from '../generated/prisma/enums.ts';
import { payloadOf } from '../events/index.ts';
import { builder } from './builder.ts';
import { followLog } from './events.ts';
import { CheckResultRef, type StoredCheckResult } from './check-result-types.ts';

export const TaskStateEnum = builder.enumType(TaskState, { name: 'TaskState', description: 'Mesos task states' });
export const TaskHealthEnum = builder.enumType(TaskHealth, { name: 'TaskHealth' });
const TaskDesiredStateEnum = builder.enumType(TaskDesiredState, {
  name: 'TaskDesiredState',
  description: "What the gateway wants of a task (Nomad's desired status): RUN, or KILL once it ordered the task killed",
});

interface HealthChange {
  health: TaskHealth;
  cause: string | null;
  at: Date;
}

const HealthChangeRef = builder.objectRef<HealthChange>('HealthChange').implement({
  fields: (t) => ({
    health: t.field({ type: TaskHealthEnum, resolve: (change) => change.health }),
    cause: t.exposeString('cause', { nullable: true, description: 'Why the check failed: "HTTP 500", "timeout after 20 s", "connection refused"' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the agent saw it' }),
  }),
});

/** The reports of health healthHistory reads: a change each, mostly (the agent reports health when it changes). */
const HEALTH_REPORTS_SHOWN = 100;

/** Status updates that repeat the health they carry (a state change of a healthy task) are not changes. */
function changesOf(statuses: { health: TaskHealth | null; healthCause: string | null; timestamp: Date }[]): HealthChange[] {
  const changes: HealthChange[] = [];
  for (const { health, healthCause, timestamp } of statuses) {
    const last = changes.at(-1);
    if (health === null || (last && last.health === health && last.cause === healthCause)) continue;
    changes.push({ health, cause: healthCause, at: timestamp });
  }
  return changes;
}

builder.prismaObject('Task', {
  description: 'One running copy of an app, on one agent',
  fields: (t) => ({
    id: t.exposeID('id'),
    appId: t.exposeID('appId'),
    appVersion: t.exposeInt('appVersion'),
    state: t.expose('state', {
      type: TaskStateEnum,
      description:
        'Its state: what its agent last reported, KILLING while a kill the gateway ordered is under way, or LOST, UNREACHABLE, GONE as the gateway found',
    }),
    desiredState: t.expose('desiredState', { type: TaskDesiredStateEnum }),
    reportedState: t.expose('reportedState', {
      type: TaskStateEnum,
      nullable: true,
      description: "The state in its agent's last status update; null before the first",
    }),
    health: t.expose('health', { type: TaskHealthEnum }),
    healthCause: t.exposeString('healthCause', { nullable: true, description: 'Why the last health check failed' }),
    ready: t.exposeBoolean('ready', { description: 'Whether it passed its readiness checks (false until one passes)' }),
    checkResult: t.field({
      type: CheckResultRef,
      nullable: true,
      description: "The last result of the app's Mesos check (its `check`), when it has one and it has run",
      select: { checkResult: true },
      resolve: (task) => task.checkResult as StoredCheckResult | null,
    }),
    healthHistory: t.field({
      type: [HealthChangeRef],
      description: `Each change of its health as its agent reported it, oldest first, from its last ${HEALTH_REPORTS_SHOWN} reports of health`,
      // A task that flaps for months reports its health without end: the list is of the last reports only.
      select: {
        statuses: {
          where: { health: { not: null } },
          orderBy: [{ timestamp: 'desc' }, { receivedAt: 'desc' }],
          take: HEALTH_REPORTS_SHOWN,
          select: { health: true, healthCause: true, timestamp: true },
        },
      },
      resolve: (task) => changesOf(task.statuses.toReversed()),
    }),
    host: t.exposeString('host', { nullable: true }),
    ports: t.exposeIntList('ports'),
    agent: t.relation('agent', { nullable: true }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    stagedAt: t.expose('stagedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('TaskStatus', {
  fields: (t) => ({
    state: t.expose('state', { type: TaskStateEnum }),
    health: t.expose('health', { type: TaskHealthEnum, nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
  }),
});

const TaskHealthChangeRef = builder.objectRef<Event>('TaskHealthChange').implement({
  description: "A task's health or readiness changed (a task.health event)",
  fields: (t) => {
    // The subscription follows task.health events only.
    const payload = (event: Event) => payloadOf(event, 'task.health')!;
    return {
      sequence: t.expose('sequence', { type: 'BigInt', description: "The event's sequence: resume after it" }),
      taskId: t.id({ resolve: (event) => payload(event).taskId }),
      appId: t.id({ resolve: (event) => payload(event).appId }),
      health: t.field({ type: TaskHealthEnum, resolve: (event) => payload(event).health }),
      previousHealth: t.field({ type: TaskHealthEnum, resolve: (event) => payload(event).previousHealth }),
      cause: t.string({ nullable: true, resolve: (event) => payload(event).cause }),
      ready: t.boolean({ resolve: (event) => payload(event).ready }),
      at: t.expose('createdAt', { type: 'DateTime' }),
    };
  },
});

builder.subscriptionFields((t) => ({
  taskHealthChanged: t.field({
    type: TaskHealthChangeRef,
    description:
      "Changes of health or readiness of the app's tasks, read from the event log: after `after` (replayed), then live ones. Without `after`, only new ones.",
    args: { appId: t.arg.id({ required: true }), after: t.arg({ type: 'BigInt' }) },
    subscribe: (_root, args, ctx) => {
      const parsed = parseAppId(String(args.appId));
      if ('problem' in parsed) throw new GraphQLError(`appId: ${parsed.problem}`, { extensions: { code: 'BAD_USER_INPUT', field: 'appId' } });
      const appId = parsed.id;
      return followLog(ctx, args.after, { types: ['task.health'], where: (event) => payloadOf(event, 'task.health')?.appId === appId });
    },
    resolve: (event) => event,
  }),
}));
