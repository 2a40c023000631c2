import { normalizeAppId } from '../apps/index.ts';
import { activeStates } from '../tasks/index.ts';
import { builder } from './builder.ts';

builder.queryFields((t) => ({
  task: t.prismaField({
    type: 'Task',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.prisma.task.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
  tasks: t.prismaConnection({
    type: 'Task',
    cursor: 'id',
    description: 'Tasks by app and start time; without `ended`, those holding resources now (as Marathon lists them), with it those that ended too',
    args: { appId: t.arg.id(), ended: t.arg.boolean({ defaultValue: false }) },
    totalCount: (_root, args, ctx) => ctx.db.prisma.task.count({ where: tasksWhere(args) }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.prisma.task.findMany({ ...query, where: tasksWhere(args), orderBy: [{ appId: 'asc' }, { stagedAt: 'asc' }, { id: 'asc' }] }),
  }),
}));

function tasksWhere(args: { appId?: string | number | null; ended?: boolean | null }) {
  return {
    ...(args.appId && { appId: normalizeAppId(String(args.appId)) }),
    ...(!args.ended && { state: { in: activeStates } }),
  };
}
