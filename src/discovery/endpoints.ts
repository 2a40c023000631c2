import { type AppSpec, specOf } from '../apps/index.ts';
import type { PrismaClient, Task } from '../generated/prisma/client.ts';
import { servesTraffic } from './serving.ts';

/** Where one port of one task of an app can be reached. */
export interface AppEndpoint {
  taskId: string;
  host: string;
  port: number;
  /** The port's position in portDefinitions, its name there, and its service port */
  portIndex: number;
  portName?: string;
  servicePort?: number;
  /** Running, and healthy where the app has health checks: what the service proxy forwards to */
  healthy: boolean;
}

type EndpointTask = Pick<Task, 'id' | 'host' | 'ports' | 'state' | 'health'>;

/** Every port of every running task of the app, in task and port order. */
export function endpointsOf(spec: AppSpec, tasks: EndpointTask[]): AppEndpoint[] {
  return tasks
    .filter((task) => task.state === 'RUNNING' && task.host)
    .flatMap((task) =>
      task.ports.flatMap((port, portIndex): AppEndpoint[] => {
        if (!port) return [];
        const definition = spec.portDefinitions[portIndex];
        return [
          {
            taskId: task.id,
            host: task.host!,
            port,
            portIndex,
            portName: definition?.name,
            servicePort: definition?.servicePort || undefined,
            healthy: servesTraffic(task, spec),
          },
        ];
      }),
    );
}

/** The endpoints of an app; null when there is no such app. */
export async function appEndpoints(prisma: PrismaClient, appId: string): Promise<AppEndpoint[] | null> {
  const app = await prisma.app.findFirst({
    where: { id: appId, deletedAt: null },
    select: {
      spec: true,
      tasks: { where: { state: 'RUNNING' }, orderBy: { stagedAt: 'asc' }, select: { id: true, host: true, ports: true, state: true, health: true } },
    },
  });
  return app ? endpointsOf(specOf(app), app.tasks) : null;
}
