import { InvalidInput, killTasks } from '../apps/index.ts';
import { TasksNotFound } from '../tasks/index.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';
import { MAX_PAGE_SIZE } from './paging.ts';

builder.objectType(TasksNotFound, {
  name: 'TasksNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ taskIds: t.exposeIDList('taskIds', { description: 'The ids that name no running task' }) }),
});

const KilledTasksRef = builder.objectRef<Awaited<ReturnType<typeof killTasks>>>('KilledTasks').implement({
  fields: (t) => ({
    tasks: t.prismaField({
      type: ['Task'],
      description: `The tasks, now KILLING, their desiredState KILL: those named, so at most ${MAX_PAGE_SIZE}`,
      resolve: (query, result, _args, ctx) =>
        ctx.db.prisma.task.findMany({ ...query, where: { id: { in: result.tasks.map((task) => task.id) } }, orderBy: { id: 'asc' } }),
    }),
    deployments: t.prismaField({
      type: ['Deployment'],
      description: `With scale: the scale-down of each app (one per app of the tasks named, so at most ${MAX_PAGE_SIZE})`,
      // Read again with what the request selects: those made have every step included (see deploymentAsAsked).
      resolve: (query, result, _args, ctx) =>
        ctx.db.prisma.deployment.findMany({
          ...query,
          where: { id: { in: result.deployments.map((deployment) => deployment.id) } },
          orderBy: { appId: 'asc' },
        }),
    }),
  }),
});

builder.mutationFields((t) => ({
  killTasks: t.field({
    type: KilledTasksRef,
    description: `Kills these tasks (at most ${MAX_PAGE_SIZE} a call); they are replaced, unless \`scale\`, which lowers each app's instances by the tasks killed. All or nothing.`,
    errors: { types: [InvalidInput, TasksNotFound] },
    args: { ids: t.arg.idList({ required: true }), scale: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => {
      refuseTooManyTasks(args.ids.length);
      return killTasks(ctx.db.prisma, args.ids.map(String), args.scale ?? false);
    },
  }),
}));

/** Its answer lists every task it killed: as many as a page holds, so the answer is no larger than one (Marathon's own API takes any number). */
function refuseTooManyTasks(count: number): void {
  if (count > MAX_PAGE_SIZE) throw new InvalidInput([{ field: 'ids', message: `${count} tasks named: at most ${MAX_PAGE_SIZE} a call` }]);
}
