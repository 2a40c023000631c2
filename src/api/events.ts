import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { EventsCompacted, type EventFilter } from '../events/index.ts';
import type { Event } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import type { GatewayContext } from './context.ts';
import { pageSizes } from './paging.ts';

const EventRef = builder.prismaObject('Event', {
  description: 'One entry of the append-only log of every change',
  fields: (t) => ({
    sequence: t.expose('sequence', { type: 'BigInt', description: 'Increases with every event; resume a subscription after it' }),
    type: t.exposeString('type'),
    subject: t.exposeString('subject', { nullable: true, description: 'The id of the app, task, agent or deployment concerned' }),
    payload: t.expose('payload', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

function sequenceArg(name: string, value: string | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new GraphQLError(`${name}: "${value}" is not an event sequence number`, { extensions: { code: 'BAD_USER_INPUT', field: name } });
  return BigInt(value);
}

/**
 * The log after `after`, then live events, for a subscription. A cursor behind the log's horizon
 * (events/compaction.ts) ends it with EVENTS_COMPACTED and the oldest sequence kept: the subscriber
 * reads the state again and follows from there, as a Kubernetes watch told "too old" lists again.
 */
export function followLog(ctx: GatewayContext, after: bigint | null | undefined, filter: EventFilter): AsyncIterableIterator<Event> {
  const events = ctx.events.follow(after ?? undefined, filter);
  return {
    next: () =>
      events.next().catch((error: unknown) => {
        if (!(error instanceof EventsCompacted)) throw error;
        throw new GraphQLError(error.message, { extensions: { code: 'EVENTS_COMPACTED', field: 'after', oldestKept: String(error.oldestKept) } });
      }),
    return: (value?: unknown) => events.return!(value),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

builder.queryFields((t) => ({
  events: t.connection({
    type: EventRef,
    description: 'The event log, oldest first. Cursors are sequence numbers.',
    args: { type: t.arg.string(), subject: t.arg.string() },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection(
        { args, ...pageSizes, toCursor: (event) => String(event.sequence) },
        ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
          const gt = sequenceArg('after', after);
          const lt = sequenceArg('before', before);
          return ctx.db.prisma.event.findMany({
            where: {
              sequence: { ...(gt !== undefined && { gt }), ...(lt !== undefined && { lt }) },
              ...(args.type && { type: args.type }),
              ...(args.subject && { subject: args.subject }),
            },
            orderBy: { sequence: inverted ? 'desc' : 'asc' },
            take: limit,
          });
        },
      ),
  }),
}));

builder.subscriptionFields((t) => ({
  events: t.field({
    type: EventRef,
    description:
      'Events after `after` (replayed from the log), then live ones, each once. Without `after`, only new events. An `after` the log no longer keeps (by default it keeps the newest 100,000 events and the last 10 minutes, whichever reaches further) ends it with the error EVENTS_COMPACTED, whose oldestKept says where the log begins.',
    args: {
      after: t.arg({ type: 'BigInt' }),
      types: t.arg.stringList(),
      subject: t.arg.string(),
    },
    subscribe: (_root, args, ctx) => followLog(ctx, args.after, { types: args.types ?? undefined, subject: args.subject ?? undefined }),
    resolve: (event) => event,
  }),
}));
