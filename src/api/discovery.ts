import { specOf } from '../apps/index.ts';
import { endpointsOf, type AppEndpoint } from '../discovery/index.ts';
import { builder } from './builder.ts';

const EndpointRef = builder.objectRef<AppEndpoint>('Endpoint').implement({
  description: 'Where one port of a running task of an app can be reached',
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    host: t.exposeString('host', { description: 'The hostname of the agent that runs the task' }),
    port: t.exposeInt('port', { description: 'The host port the task listens on' }),
    portIndex: t.exposeInt('portIndex', { description: "Its position in the app's portDefinitions" }),
    portName: t.exposeString('portName', { nullable: true }),
    servicePort: t.exposeInt('servicePort', {
      nullable: true,
      description: "Where every agent's service proxy listens for this port of the app (127.0.0.1:servicePort)",
    }),
    healthy: t.exposeBoolean('healthy', { description: 'Running, and healthy where the app has health checks: the service proxy forwards only to these' }),
  }),
});

builder.prismaObjectField('App', 'endpoints', (t) =>
  t.field({
    type: [EndpointRef],
    description: 'Every port of every running task, healthy or not (GET /v1/discovery/<app id> lists the healthy ones as host:port)',
    select: {
      spec: true,
      tasks: { where: { state: 'RUNNING' }, orderBy: { stagedAt: 'asc' }, select: { id: true, host: true, ports: true, state: true, health: true } },
    },
    resolve: (app) => endpointsOf(specOf(app), app.tasks),
  }),
);
