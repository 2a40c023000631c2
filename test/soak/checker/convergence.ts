import { within } from '../clock.ts';
import { ACTIVE, query } from '../store.ts';
import { verdict, type Verdict } from './verdict.ts';

interface AppState {
  id: string;
  instances: number;
  healthy: number;
  active: number;
  deploying: number;
}

/**
 * Every app of the run, once the faults are over, runs its latest
 * definition's instance count: that many tasks, all RUNNING and healthy,
 * none more starting or stopping, no deployment left running.
 */
export async function awaitConvergence(databaseUrl: string, appPrefix: string, timeoutMs: number): Promise<{ verdict: Verdict; convergedAt?: number }> {
  let last: AppState[] = [];
  const convergedAt = await within(
    timeoutMs,
    async () => {
      last = await appStates(databaseUrl, appPrefix);
      return last.every(converged) ? Date.now() : undefined;
    },
    1000,
  );
  const violations = convergedAt
    ? []
    : last
        .filter((app) => !converged(app))
        .map((app) => `${app.id}: ${app.healthy} healthy of ${app.instances} (${app.active} active tasks, ${app.deploying} deployments running)`);
  return { verdict: verdict('every app converges to its instance count, healthy', violations, `${last.length} apps`), ...(convergedAt && { convergedAt }) };
}

const converged = (app: AppState) => app.healthy === app.instances && app.active === app.instances && app.deploying === 0;

function appStates(databaseUrl: string, appPrefix: string): Promise<AppState[]> {
  return query<AppState>(
    databaseUrl,
    `SELECT a.id, (a.spec->>'instances')::int AS instances,
       (SELECT count(*)::int FROM "Task" t WHERE t."appId" = a.id AND t.state = 'RUNNING' AND t.health = 'HEALTHY') AS healthy,
       (SELECT count(*)::int FROM "Task" t WHERE t."appId" = a.id AND t.state IN ${ACTIVE}) AS active,
       (SELECT count(*)::int FROM "Deployment" d WHERE d."appId" = a.id AND d.status = 'RUNNING') AS deploying
     FROM "App" a WHERE a.id LIKE $1 AND a."deletedAt" IS NULL`,
    [`${appPrefix}%`],
  );
}
