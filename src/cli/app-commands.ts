import type { Command } from 'commander';
import {
  AppDocument,
  AppsDocument,
  AppTasksDocument,
  AppVersionsDocument,
  CreateAppFromDefinitionDocument,
  DeleteAppDocument,
  RestartAppDocument,
  RollbackAppDocument,
  ScaleAppDocument,
  UpdateAppFromDefinitionDocument,
  type DeploymentFieldsFragment,
  type GatewayClient,
} from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { watchDeployment } from './deployment-progress.ts';
import { CommandError } from './failure.ts';
import { printFields, printJson, printTable } from './output.ts';
import { everyNode } from './pages.ts';
import { parseCount, readJsonFile, unwrap } from './results.ts';
import { printTasks } from './task-commands.ts';

type Flags = ConnectionFlags & { wait?: boolean };

export function addAppCommands(program: Command): void {
  const app = program.command('app').description('launch, change, scale and stop apps');

  change(app.command('add <file>').description('create an app from a Corral or Marathon app JSON file'), async (client, [file]) => {
    // Sent as it is: the gateway reads Marathon's app JSON, read-only fields and all, and warns of what it ignores.
    const { createApp } = await client.request(CreateAppFromDefinitionDocument, { definition: readJsonFile(file!) });
    return unwrap(createApp);
  });
  change(
    app.command('update <id> <file>').description('change the fields the JSON file gives; the rest stay (a new version, deployed rolling)'),
    async (client, [id, file]) => {
      const { updateApp } = await client.request(UpdateAppFromDefinitionDocument, { id: id!, definition: readJsonFile(file!) });
      return unwrap(updateApp);
    },
  );
  change(app.command('scale <id> <instances>').description('run this many instances'), async (client, [id, instances]) => {
    const { scaleApp } = await client.request(ScaleAppDocument, { id: id!, instances: parseCount(instances!, 'instances') });
    return unwrap(scaleApp);
  });
  change(app.command('stop <id>').description('suspend the app: scale it to 0'), async (client, [id]) =>
    unwrap((await client.request(ScaleAppDocument, { id: id!, instances: 0 })).scaleApp),
  );
  change(app.command('restart <id>').description('replace every task, rolling'), async (client, [id]) =>
    unwrap((await client.request(RestartAppDocument, { id: id! })).restartApp),
  );
  change(app.command('rollback <id> <version>').description('deploy the definition of an earlier version as the next one'), async (client, [id, version]) => {
    const { rollbackApp } = await client.request(RollbackAppDocument, { id: id!, version: parseCount(version!, 'version') });
    return unwrap(rollbackApp);
  });

  withConnection(app.command('remove <id>').description('remove the app; its tasks are killed'))
    .option('--wait', 'follow the deployment that stops its tasks until it ends')
    .action((id: string, flags: Flags) =>
      withClient(flags, async (client) => {
        const removed = unwrap((await client.request(DeleteAppDocument, { id })).deleteApp);
        const deployment = flags.wait && removed.deployment ? await watchDeployment(client, removed.deployment.id, { quiet: flags.json }) : removed.deployment;
        if (flags.json) printJson({ ...removed, deployment });
        else process.stdout.write(`Removed ${removed.id} (it was at version ${removed.version})\n`);
      }),
    );

  withConnection(app.command('list').description('apps with their status and tasks'))
    .option('--prefix <group>', 'only apps under this group, such as /shop')
    .action((flags: Flags & { prefix?: string }) =>
      withClient(flags, async (client) => {
        const nodes = await everyNode(async (after) => (await client.request(AppsDocument, { prefix: flags.prefix, first: 100, after })).apps);
        if (flags.json) return printJson(nodes);
        printTable(
          ['ID', 'STATUS', 'RUNNING', 'HEALTHY', 'UNHEALTHY', 'VERSION', 'CPUS', 'MEM'],
          nodes.map((node) => [
            node.id,
            node.status,
            `${node.tasksRunning}/${node.definition.instances}`,
            node.tasksHealthy,
            node.tasksUnhealthy,
            node.version,
            node.definition.cpus,
            node.definition.mem,
          ]),
        );
      }),
    );

  withConnection(app.command('show <id>').description("an app's definition, status and tasks")).action((id: string, flags: Flags) =>
    withClient(flags, async (client) => {
      const [{ app: definition }, { app: status }] = await Promise.all([client.request(AppDocument, { id }), client.request(AppTasksDocument, { id })]);
      if (!definition || !status) throw new CommandError(`app ${id} does not exist`);
      if (flags.json) return printJson({ ...definition, ...status });
      printFields([
        ['id', definition.id],
        ['version', definition.version],
        ['status', status.status],
        ['instances', `${status.tasksRunning} running of ${status.definition.instances} (${status.tasksHealthy} healthy, ${status.tasksUnhealthy} unhealthy)`],
        ['command', definition.definition.cmd ?? definition.definition.args?.join(' ')],
        ['resources', `${definition.definition.cpus} cpus, ${definition.definition.mem} MiB mem, ${definition.definition.disk} MiB disk`],
        ['waiting', status.queue?.summary],
        [
          'deployment',
          status.deployments[0] ? `${status.deployments[0].id} (${status.deployments[0].stepsDone}/${status.deployments[0].totalSteps} steps)` : undefined,
        ],
        [
          'last failure',
          status.lastTaskFailure ? `${status.lastTaskFailure.state} ${status.lastTaskFailure.message ?? ''} (${status.lastTaskFailure.at ?? ''})` : undefined,
        ],
      ]);
      if (status.tasks.nodes.length > 0) {
        process.stdout.write('\n');
        printTasks(status.tasks.nodes);
      }
      // A large app's tasks are many pages: its first is shown, and where the rest are.
      if (status.tasks.pageInfo.hasNextPage) {
        process.stdout.write(
          `(the first ${status.tasks.nodes.length} of ${status.tasks.totalCount} tasks: corral task list --app ${definition.id} lists them all)\n`,
        );
      }
    }),
  );

  withConnection(app.command('versions <id>').description('every definition the app had, newest first')).action((id: string, flags: Flags) =>
    withClient(flags, async (client) => {
      const { app: found } = await client.request(AppVersionsDocument, { id, first: 100 });
      if (!found) throw new CommandError(`app ${id} does not exist`);
      const versions = found.versions.edges.map((edge) => edge.node);
      if (flags.json) return printJson(versions);
      printTable(
        ['VERSION', 'CREATED', 'INSTANCES'],
        versions.map((version) => [
          version.version === found.version ? `${version.version} (current)` : version.version,
          version.createdAt,
          (version.definition.json as { instances?: number }).instances,
        ]),
      );
    }),
  );
}

type Change = (
  client: GatewayClient,
  args: string[],
) => Promise<{ app: { id: string; version: number }; deployment?: DeploymentFieldsFragment | null; warnings?: string[] }>;

/** A command that changes an app: prints what it did and its deployment, and with --wait follows that to its end. */
function change(command: Command, run: Change): void {
  withConnection(command)
    .option('--wait', 'follow the deployment until it ends, with a progress bar')
    .action((...parameters: unknown[]) => {
      const flags = parameters.at(-2) as Flags;
      const args = parameters.slice(0, -2) as string[];
      return withClient(flags, async (client) => {
        const result = await run(client, args);
        for (const warning of result.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
        const deployment = flags.wait && result.deployment ? await watchDeployment(client, result.deployment.id, { quiet: flags.json }) : result.deployment;
        if (flags.json) return printJson({ app: result.app, deployment });
        const what = deployment
          ? `deployment ${deployment.id} ${deployment.status === 'RUNNING' ? 'started' : deployment.status.toLowerCase()}`
          : 'nothing changed';
        process.stdout.write(`${result.app.id} version ${result.app.version}: ${what}\n`);
      });
    });
}
