import type { AppSpec } from '../apps/index.ts';
import type { Task } from '../generated/prisma/client.ts';

/**
 * Whether a task takes traffic, as marathon-lb decides: it runs, and where
 * the app has health checks it has passed them. A task that failed its
 * checks never does, even of a version without checks.
 */
export function servesTraffic(task: Pick<Task, 'state' | 'health'>, spec: Pick<AppSpec, 'healthChecks'>): boolean {
  if (task.state !== 'RUNNING' || task.health === 'UNHEALTHY') return false;
  return task.health === 'HEALTHY' || spec.healthChecks.length === 0;
}
