import type { MarathonRoute } from './route.ts';
import { pingRoutes } from './ping-routes.ts';
import { groupRoutes } from './group-routes.ts';
import { deploymentRoutes } from './deployment-routes.ts';
import { infoRoutes } from './info-routes.ts';
import { eventRoutes } from './event-stream.ts';
import { appRoutes } from './app-routes.ts';
import { taskRoutes } from './task-routes.ts';
import { queueRoutes } from './queue-routes.ts';

/** Every route, the more specific first: /v2/apps/{id}/restart before /v2/apps/{id}. */
export function marathonRoutes(): MarathonRoute[] {
  return [...pingRoutes, ...groupRoutes, ...deploymentRoutes, ...infoRoutes, ...eventRoutes, ...taskRoutes, ...appRoutes, ...queueRoutes];
}
