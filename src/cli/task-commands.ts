import type { Command } from 'commander';
import { KillTasksDocument, TaskFileDocument, TasksDocument, type GatewayClient, type TaskFieldsFragment } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { CommandError } from './failure.ts';
import { printJson, printTable } from './output.ts';
import { everyNode } from './pages.ts';
import { parseCount, unwrap } from './results.ts';

export function printTasks(tasks: TaskFieldsFragment[]): void {
  printTable(
    ['ID', 'APP', 'VERSION', 'STATE', 'HEALTH', 'HOST', 'PORTS', 'STARTED'],
    tasks.map((task) => [task.id, task.appId, task.appVersion, task.state, task.health, task.host, task.ports.join(','), task.startedAt]),
  );
}

export function addTaskCommands(program: Command): void {
  const task = program.command('task').description('list, kill and read the logs of tasks');

  withConnection(task.command('list').description('tasks holding resources now'))
    .option('--app <id>', 'only the tasks of this app')
    .option('--ended', 'include tasks that have ended')
    .action((flags: ConnectionFlags & { app?: string; ended?: boolean }) =>
      withClient(flags, async (client) => {
        const tasks = await everyNode(
          async (after) => (await client.request(TasksDocument, { appId: flags.app, ended: flags.ended ?? false, first: 200, after })).tasks,
        );
        if (flags.json) printJson(tasks);
        else printTasks(tasks);
      }),
    );

  withConnection(task.command('kill <ids...>').description('kill tasks; they are replaced unless --scale'))
    .option('--scale', "lower each app's instances by the tasks killed instead of replacing them")
    .action((ids: string[], flags: ConnectionFlags & { scale?: boolean }) =>
      withClient(flags, async (client) => {
        const killed = unwrap((await client.request(KillTasksDocument, { ids, scale: flags.scale ?? false })).killTasks);
        if (flags.json) return printJson(killed);
        for (const one of killed.tasks) process.stdout.write(`Killing ${one.id}\n`);
        for (const deployment of killed.deployments) process.stdout.write(`${deployment.appId} scaled down: deployment ${deployment.id}\n`);
      }),
    );

  withConnection(task.command('logs <id>').description("print a task's stdout (or stderr) from its sandbox"))
    .option('--stderr', 'stderr instead of stdout')
    .option('--tail <bytes>', 'only the last bytes', '0')
    .option('-f, --follow', 'keep printing what the task writes, until Ctrl-C')
    .action((id: string, flags: ConnectionFlags & { stderr?: boolean; tail: string; follow?: boolean }) =>
      withClient(flags, (client) => printLog(client, id, flags.stderr ? 'stderr' : 'stdout', parseCount(flags.tail, '--tail'), flags.follow ?? false)),
    );
}

const CHUNK = 256 * 1024;

/** Reads the file chunk by chunk; following, it asks again for what came after, as `tail -f` does. */
async function printLog(client: GatewayClient, taskId: string, path: string, tail: number, follow: boolean): Promise<void> {
  let offset = tail > 0 ? -tail : 0;
  for (;;) {
    const chunk = unwrap((await client.request(TaskFileDocument, { taskId, path, offset, length: CHUNK })).taskFile);
    process.stdout.write(chunk.text);
    offset = chunk.nextOffset;
    if (chunk.nextOffset < chunk.size) continue;
    if (!follow) return;
    if (chunk.nextOffset > chunk.size) throw new CommandError(`${path} of ${taskId} shrank: it was truncated`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
