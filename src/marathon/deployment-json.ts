import type { DeploymentWithSteps } from '../deployments/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

type ActionName = 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication';

/** What Marathon calls a step of a Corral deployment of this kind (START_TASKS, STOP_OLD_TASKS, STOP_TASKS). */
export function actionOf(kind: string, stepAction: string | undefined): ActionName {
  if (kind === 'DELETE') return 'StopApplication';
  if (kind === 'CREATE') return 'StartApplication';
  if (kind === 'SCALE' || stepAction === 'STOP_TASKS') return 'ScaleApplication';
  return 'RestartApplication';
}

/**
 * Marathon's deployment JSON for Corral's deployments, in two statements
 * whatever their number. A Corral deployment changes one app: each is one
 * Marathon deployment whose steps are its steps, one action each. `version`
 * is the time of the app version it deploys.
 */
export async function marathonDeployments(prisma: PrismaClient, deployments: DeploymentWithSteps[]): Promise<Record<string, unknown>[]> {
  const versions =
    deployments.length === 0
      ? []
      : await prisma.appVersion.findMany({
          where: { OR: deployments.map((deployment) => ({ appId: deployment.appId, version: deployment.toVersion })) },
          select: { appId: true, version: true, createdAt: true },
        });
  const timeOf = (deployment: DeploymentWithSteps) =>
    (versions.find((row) => row.appId === deployment.appId && row.version === deployment.toVersion)?.createdAt ?? deployment.createdAt).toISOString();
  return deployments.map((deployment) => {
    const app = deployment.appId;
    const steps = [...deployment.steps].sort((a, b) => a.position - b.position);
    // A deployment with nothing to wait for (a new app of 0 instances) is still one step in Marathon.
    const actions = steps.length === 0 ? [actionOf(deployment.kind, undefined)] : steps.map((step) => actionOf(deployment.kind, step.action));
    const current = Math.max(
      0,
      steps.findIndex((step) => step.status === 'RUNNING' || step.status === 'PENDING'),
    );
    return {
      id: deployment.id,
      version: timeOf(deployment),
      affectedApps: [app],
      affectedPods: [],
      steps: actions.map((action) => ({ actions: [{ action, app }] })),
      currentActions: [{ action: actions[current], app, readinessCheckResults: [] }],
      currentStep: current + 1,
      totalSteps: actions.length,
    };
  });
}

/** The running deployments, oldest first: Marathon lists only those. */
export async function runningDeployments(prisma: PrismaClient): Promise<Record<string, unknown>[]> {
  const running = await prisma.deployment.findMany({ where: { status: 'RUNNING' }, include: { steps: true }, orderBy: { createdAt: 'asc' } });
  return marathonDeployments(prisma, running);
}
