import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';

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

builder.queryFields((t) => ({
  events: t.connection({
    type: EventRef,
    description: 'The event log, oldest first. Cursors are sequence numbers.',
    args: { type: t.arg.string(), subject: t.arg.string() },
    resolve: (_root, args, ctx) =>
      resolveCursorConnection({ args, toCursor: (event) => String(event.sequence) }, ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
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
      }),
  }),
}));

builder.subscriptionFields((t) => ({
  events: t.field({
    type: EventRef,
    description: 'Events after `after` (replayed from the log), then live ones, each once. Without `after`, only new events.',
    args: {
      after: t.arg({ type: 'BigInt' }),
      types: t.arg.stringList(),
      subject: t.arg.string(),
    },
    subscribe: (_root, args, ctx) => ctx.events.follow(args.after ?? undefined, { types: args.types ?? undefined, subject: args.subject ?? undefined }),
    resolve: (event) => event,
  }),
}));
