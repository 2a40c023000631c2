import { InvalidInput } from '../apps/index.ts';
import { TasksNotFound } from '../tasks/index.ts';
import { builder } from './builder.ts';
import type { GatewayContext } from './context.ts';
import { ErrorInterface } from './errors.ts';

/** The file could not be read: the agent is away, or refused (no such file, a path out of the sandbox). */
class TaskFileUnavailable extends Error {
  override name = 'TaskFileUnavailable';
  constructor(
    readonly taskId: string,
    readonly path: string,
    reason: string,
  ) {
    super(`cannot read ${path} of task ${taskId}: ${reason}`);
  }
}

builder.objectType(TaskFileUnavailable, {
  name: 'TaskFileUnavailableError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ taskId: t.exposeID('taskId'), path: t.exposeString('path') }),
});

interface FileChunk {
  taskId: string;
  path: string;
  offset: number;
  data: Buffer;
  size: number;
}

const FileChunkRef = builder.objectRef<FileChunk>('TaskFileChunk').implement({
  description: "A piece of a file in a task's sandbox; read on from nextOffset to follow it as it grows",
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    path: t.exposeString('path'),
    offset: t.exposeInt('offset'),
    text: t.string({ description: 'The bytes read, as UTF-8', resolve: (chunk) => chunk.data.toString('utf8') }),
    base64: t.string({ description: 'The bytes read, exactly', resolve: (chunk) => chunk.data.toString('base64') }),
    size: t.int({ description: "The whole file's size now", resolve: (chunk) => chunk.size }),
    nextOffset: t.int({ resolve: (chunk) => chunk.offset + chunk.data.length }),
  }),
});

const MAX_LENGTH = 1024 * 1024;

builder.queryFields((t) => ({
  taskFile: t.field({
    type: FileChunkRef,
    description: "Reads a file of a task's sandbox (stdout, stderr, or any path inside it) through its agent",
    errors: { types: [TasksNotFound, TaskFileUnavailable, InvalidInput] },
    args: {
      taskId: t.arg.id({ required: true }),
      path: t.arg.string({ defaultValue: 'stdout' }),
      offset: t.arg.int({ defaultValue: 0, description: 'From the start; negative counts from the end (-4096: the last 4 KiB)' }),
      length: t.arg.int({ defaultValue: 65_536, description: `At most ${MAX_LENGTH} bytes` }),
    },
    resolve: (_root, args, ctx) => readTaskFile(ctx, String(args.taskId), args.path ?? 'stdout', args.offset ?? 0, args.length ?? 65_536),
  }),
}));

async function readTaskFile(ctx: GatewayContext, taskId: string, path: string, offset: number, length: number): Promise<FileChunk> {
  if (length < 0 || length > MAX_LENGTH) throw new InvalidInput([{ field: 'length', message: `must be between 0 and ${MAX_LENGTH}` }]);
  const task = await ctx.db.prisma.task.findUnique({ where: { id: taskId }, include: { agent: true } });
  if (!task) throw new TasksNotFound([taskId]);
  if (!task.agent) throw new TaskFileUnavailable(taskId, path, 'it never reached an agent');
  if (task.agent.state === 'UNREACHABLE' || task.agent.state === 'GONE')
    throw new TaskFileUnavailable(taskId, path, `its agent ${task.agent.hostname} is ${task.agent.state.toLowerCase()}`);
  try {
    if (offset < 0) {
      // The size is known only to the agent: ask for it first.
      const { size } = await ctx.sandboxFiles.read(task.agent.id, taskId, path, 0, 0);
      offset = Math.max(0, size + offset);
    }
    const { data, size } = await ctx.sandboxFiles.read(task.agent.id, taskId, path, offset, length);
    return { taskId, path, offset, data, size };
  } catch (error) {
    throw new TaskFileUnavailable(taskId, path, (error as Error).message);
  }
}
