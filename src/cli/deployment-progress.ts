import { DeploymentProgressDocument, type DeploymentFieldsFragment, type GatewayClient } from '../client/index.ts';
import { CommandError } from './failure.ts';

const BAR_WIDTH = 20;

export function progressLine(deployment: DeploymentFieldsFragment): string {
  const total = Math.max(deployment.totalSteps, 1);
  const done = deployment.totalSteps === 0 ? 1 : deployment.stepsDone;
  const filled = Math.round((done / total) * BAR_WIDTH);
  const what = deployment.status === 'RUNNING' ? (deployment.currentStep?.description ?? 'starting') : deployment.status.toLowerCase();
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${deployment.stepsDone}/${deployment.totalSteps} ${deployment.appId} ${deployment.kind.toLowerCase()} v${deployment.toVersion}: ${what}`;
}

/**
 * Follows a deployment until it ends, drawing a progress bar: redrawn in place
 * on a terminal, one line per change otherwise (logs, scripts). Fails unless
 * it succeeds.
 */
export async function watchDeployment(client: GatewayClient, id: string, { quiet = false } = {}): Promise<DeploymentFieldsFragment> {
  const tty = process.stderr.isTTY === true;
  let last: DeploymentFieldsFragment | undefined;
  let lastLine = '';
  for await (const { deploymentProgress } of client.subscribe(DeploymentProgressDocument, { id })) {
    if (!deploymentProgress) throw new CommandError(last ? `deployment ${id} is gone: its app was removed` : `no deployment ${id}`);
    last = deploymentProgress;
    const line = progressLine(deploymentProgress);
    if (!quiet && line !== lastLine) process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    lastLine = line;
    if (deploymentProgress.status !== 'RUNNING') break;
  }
  if (tty && !quiet) process.stderr.write('\n');
  if (!last) throw new CommandError(`the gateway ended the progress of deployment ${id} without a word`);
  if (last.status !== 'SUCCEEDED')
    throw new CommandError(`deployment ${id} ${last.status === 'SUPERSEDED' ? 'was superseded by a newer change' : `ended ${last.status.toLowerCase()}`}`);
  return last;
}
