import { killTasks } from '../apps/index.ts';
import { TasksNotFound } from '../tasks/index.ts';
import { builder } from './builder.ts';
import { DeploymentRef } from './deployments.ts';
import { ErrorInterface } from './errors.ts';

builder.objectType(TasksNotFound, {
  name: 'TasksNotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ taskIds: t.exposeIDList('taskIds', { description: 'The ids that name no running task' }) }),
});

const KilledTasksRef = builder.objectRef<Awaited<ReturnType<typeof killTasks>>>('KilledTasks').implement({
  fields: (t) => ({
    tasks: t.prismaField({
      type: ['Task'],
      description: 'The tasks, now KILLING, their desiredState KILL',
      resolve: (query, result, _args, ctx) =>
        ctx.db.prisma.task.findMany({ ...query, where: { id: { in: result.tasks.map((task) => task.id) } }, orderBy: { id: 'asc' } }),
    }),
    deployments: t.field({ type: [DeploymentRef], description: 'With scale: the scale-down of each app', resolve: (result) => result.deployments }),
  }),
});

builder.mutationFields((t) => ({
  killTasks: t.field({
    type: KilledTasksRef,
    description: "Kills these tasks; they are replaced, unless `scale`, which lowers each app's instances by the tasks killed. All or nothing.",
    errors: { types: [TasksNotFound] },
    args: { ids: t.arg.idList({ required: true }), scale: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => killTasks(ctx.db.prisma, args.ids.map(String), args.scale ?? false),
  }),
}));
