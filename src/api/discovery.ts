import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { type AppSpec, specOf } from '../apps/index.ts';
import { endpointsOf, type AppEndpoint } from '../discovery/index.ts';
import { builder } from './builder.ts';
import type { GatewayContext } from './context.ts';
import { pageSizes, totalCountOf } from './paging.ts';

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

/** An endpoint's place in the list: its task and its port there. The task id comes last, so it may hold any character. */
interface EndpointPlace {
  taskId: string;
  portIndex: number;
}

const cursorOf = (endpoint: AppEndpoint) => `${endpoint.portIndex}:${endpoint.taskId}`;

function placeOf(cursor: string | undefined, name: 'after' | 'before'): EndpointPlace | undefined {
  if (cursor === undefined) return undefined;
  const found = /^(\d+):(.+)$/s.exec(cursor);
  if (!found) throw new GraphQLError(`${name}: "${cursor}" is not a cursor of this list`, { extensions: { code: 'BAD_USER_INPUT', field: name } });
  return { portIndex: Number(found[1]), taskId: found[2]! };
}

/** Whether `endpoint` lies beyond `place` going the way the page is read (by task id, then port; backwards when inverted). */
function beyond(endpoint: AppEndpoint, place: EndpointPlace | undefined, backwards: boolean): boolean {
  if (!place || endpoint.taskId !== place.taskId) return true;
  return backwards ? endpoint.portIndex < place.portIndex : endpoint.portIndex > place.portIndex;
}

/** How many endpoints the app has: a port of a running task each (a port of 0 is none, as endpointsOf has it). */
async function countEndpoints(ctx: GatewayContext, appId: string): Promise<number> {
  const [row] = await ctx.db.prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Task" t, unnest(t.ports) AS p(port)
    WHERE t."appId" = ${appId} AND t.state = 'RUNNING' AND t.host IS NOT NULL AND p.port <> 0`;
  return row?.count ?? 0;
}

/**
 * A page of the app's endpoints: its running tasks by id, each task's ports in order. Tasks are
 * read a page at a time from the cursor's task on; the database compares the ids (as it sorts
 * them), this only the ports of the cursor's own task.
 */
async function endpointsPage(ctx: GatewayContext, app: { id: string; spec: unknown }, page: ResolveCursorConnectionArgs): Promise<AppEndpoint[]> {
  const spec: AppSpec = specOf(app);
  const from = placeOf(page.inverted ? page.before : page.after, page.inverted ? 'before' : 'after');
  const to = placeOf(page.inverted ? page.after : page.before, page.inverted ? 'after' : 'before');
  const [lower, upper] = page.inverted ? ['lte', 'gte'] : ['gte', 'lte'];
  const found: AppEndpoint[] = [];
  for (let lastTask: string | undefined; found.length < page.limit; ) {
    const tasks = await ctx.db.prisma.task.findMany({
      where: {
        appId: app.id,
        state: 'RUNNING',
        // A task without ports has no endpoint: skipped here, else an app of 10,000 of them took a hundred reads to show none.
        ports: { isEmpty: false },
        id: { ...(from && { [lower]: from.taskId }), ...(to && { [upper]: to.taskId }) },
      },
      orderBy: { id: page.inverted ? 'desc' : 'asc' },
      ...(lastTask && { cursor: { id: lastTask }, skip: 1 }),
      // One more than the page: the cursor's own task may have no port left beyond it.
      take: page.limit + 1,
      select: { id: true, host: true, ports: true, state: true, health: true },
    });
    // Backwards, each task's ports go backwards too.
    const ordered = page.inverted ? endpointsOf(spec, tasks.toReversed()).toReversed() : endpointsOf(spec, tasks);
    found.push(...ordered.filter((endpoint) => beyond(endpoint, from, page.inverted) && beyond(endpoint, to, !page.inverted)));
    if (tasks.length <= page.limit) break;
    lastTask = tasks.at(-1)!.id;
  }
  return found.slice(0, page.limit);
}

builder.prismaObjectField('App', 'endpoints', (t) =>
  t.connection(
    {
      type: EndpointRef,
      description: 'Every port of every running task, healthy or not, by task id then port (GET /v1/discovery/<app id> lists the healthy ones as host:port)',
      select: { id: true, spec: true },
      resolve: async (app, args, ctx) => ({
        ...(await resolveCursorConnection<Promise<AppEndpoint[]>>({ args, ...pageSizes, toCursor: cursorOf }, (page) => endpointsPage(ctx, app, page))),
        totalCount: () => countEndpoints(ctx, app.id),
      }),
    },
    // Counted only when asked for: a read of every port of the app's running tasks.
    { fields: (c) => ({ totalCount: c.int({ resolve: totalCountOf }) }) },
  ),
);
