import { AgentState, OperatingSystem, TaskHealth, TaskState } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';

export const TaskStateEnum = builder.enumType(TaskState, { name: 'TaskState', description: 'Mesos task states' });
export const TaskHealthEnum = builder.enumType(TaskHealth, { name: 'TaskHealth' });
export const AgentStateEnum = builder.enumType(AgentState, { name: 'AgentState' });
export const OperatingSystemEnum = builder.enumType(OperatingSystem, { name: 'OperatingSystem' });

builder.prismaObject('Task', {
  description: 'One running copy of an app, on one agent',
  fields: (t) => ({
    id: t.exposeID('id'),
    appId: t.exposeID('appId'),
    appVersion: t.exposeInt('appVersion'),
    state: t.expose('state', { type: TaskStateEnum }),
    health: t.expose('health', { type: TaskHealthEnum }),
    healthCause: t.exposeString('healthCause', { nullable: true, description: 'Why the last health check failed' }),
    ready: t.exposeBoolean('ready'),
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
