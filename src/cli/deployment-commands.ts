import type { Command } from 'commander';
import { CancelDeploymentDocument, DeploymentsDocument } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { progressLine, watchDeployment } from './deployment-progress.ts';
import { printJson, printTable } from './output.ts';
import { unwrap } from './results.ts';

export function addDeploymentCommands(program: Command): void {
  const deployment = program.command('deployment').description('the changes being carried out');

  withConnection(deployment.command('list').description('deployments under way (--all: recent ones too)'))
    .option('--app <id>', 'only those of this app')
    .option('--all', 'include deployments that have ended')
    .action((flags: ConnectionFlags & { app?: string; all?: boolean }) =>
      withClient(flags, async (client) => {
        const { deployments } = await client.request(DeploymentsDocument, { appId: flags.app, running: flags.all ? undefined : true, first: 100 });
        const nodes = deployments.edges.map((edge) => edge.node);
        if (flags.json) return printJson(nodes);
        printTable(
          ['ID', 'APP', 'KIND', 'STATUS', 'VERSIONS', 'STEPS', 'CREATED'],
          nodes.map((node) => [
            node.id,
            node.appId,
            node.kind,
            node.status,
            `${node.fromVersion ?? '-'} -> ${node.toVersion}`,
            `${node.stepsDone}/${node.totalSteps}`,
            node.createdAt,
          ]),
        );
      }),
    );

  withConnection(deployment.command('watch <id>').description('a live progress bar until the deployment ends (exit 1 unless it succeeds)')).action(
    (id: string, flags: ConnectionFlags) =>
      withClient(flags, async (client) => {
        const ended = await watchDeployment(client, id, { quiet: flags.json });
        if (flags.json) printJson(ended);
        else process.stdout.write(`${progressLine(ended)}\n`);
      }),
  );

  withConnection(deployment.command('cancel <id>').description('stop a deployment and revert its app to where it came from'))
    .option('--force', 'stop it without reverting anything')
    .action((id: string, flags: ConnectionFlags & { force?: boolean }) =>
      withClient(flags, async (client) => {
        const result = unwrap((await client.request(CancelDeploymentDocument, { id, force: flags.force ?? false })).cancelDeployment);
        if (flags.json) return printJson(result);
        const outcome = result.rollback
          ? `rolling back with deployment ${result.rollback.id}`
          : result.removedAppId
            ? `app ${result.removedAppId} removed`
            : 'nothing reverted';
        process.stdout.write(`Canceled ${result.canceled.id}: ${outcome}\n`);
      }),
    );
}
