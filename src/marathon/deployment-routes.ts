import { cancelDeployment } from '../apps/index.ts';
import { DeploymentNotFound, DeploymentNotRunning } from '../deployments/index.ts';
import { runningDeployments } from './deployment-json.ts';
import { MarathonError } from './errors.ts';
import { flag, ok, type MarathonRequest, type MarathonRoute } from './route.ts';

const unknownDeployment = (id: string) => new MarathonError(404, { message: `DeploymentPlan ${id} does not exist` });

/**
 * Marathon's DELETE /v2/deployments/{id}: a new deployment reverts the change
 * (200 with its id); with ?force=true the deployment only stops (202, no body).
 * One that already ended is no longer a deployment to Marathon: 404.
 */
async function cancel(request: MarathonRequest) {
  const { params, deps } = request;
  const force = flag(request, 'force');
  try {
    const { rollback } = await cancelDeployment(deps.db.prisma, params.id!, force);
    if (force || !rollback) return { status: 202 };
    const version = await deps.db.prisma.appVersion.findUnique({
      where: { appId_version: { appId: rollback.appId, version: rollback.toVersion } },
      select: { createdAt: true },
    });
    return ok({ deploymentId: rollback.id, version: (version?.createdAt ?? rollback.createdAt).toISOString() });
  } catch (error) {
    if (error instanceof DeploymentNotFound || error instanceof DeploymentNotRunning) throw unknownDeployment(params.id!);
    throw error;
  }
}

export const deploymentRoutes: MarathonRoute[] = [
  { method: 'GET', path: /^\/v2\/deployments\/?$/, role: 'VIEWER', handle: async ({ deps }) => ok(await runningDeployments(deps.db.prisma)) },
  { method: 'DELETE', path: /^\/v2\/deployments\/(?<id>[^/]+)$/, role: 'OPERATOR', handle: cancel },
];
