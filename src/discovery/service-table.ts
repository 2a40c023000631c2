import { createHash } from 'node:crypto';
import type { ServiceRoute, ServiceTable } from '../agent/index.ts';
import { type AppSpec, specOf } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { endpointsOf } from './endpoints.ts';

/**
 * The table every agent's service proxy follows: for each service port of an
 * app, the endpoints that take traffic now. Its version is a hash of its
 * content, so an agent holding the same table is sent nothing.
 */
export async function serviceTable(prisma: PrismaClient): Promise<ServiceTable> {
  const withServicePorts = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "App"
    WHERE "deletedAt" IS NULL AND jsonb_path_exists(spec, '$.portDefinitions[*].servicePort ? (@ > 0)')`;
  const apps = await prisma.app.findMany({
    where: { id: { in: withServicePorts.map((app) => app.id) } },
    select: { id: true, spec: true, tasks: { where: { state: 'RUNNING' }, select: { id: true, host: true, ports: true, state: true, health: true } } },
  });
  return versioned(apps.flatMap((app) => routesOf(app.id, specOf(app), app.tasks)));
}

function routesOf(appId: string, spec: AppSpec, tasks: Parameters<typeof endpointsOf>[1]): ServiceRoute[] {
  const endpoints = endpointsOf(spec, tasks).filter((endpoint) => endpoint.healthy);
  return spec.portDefinitions.flatMap((definition, portIndex): ServiceRoute[] => {
    if (!definition.servicePort) return [];
    const routes = endpoints.filter((endpoint) => endpoint.portIndex === portIndex).map(({ host, port }) => ({ host, port }));
    return [
      { appId, portIndex, servicePort: definition.servicePort, endpoints: routes.sort((a, b) => `${a.host}:${a.port}`.localeCompare(`${b.host}:${b.port}`)) },
    ];
  });
}

/** In a stable order, with the hash of what it holds as its version. */
export function versioned(routes: ServiceRoute[]): ServiceTable {
  const services = [...routes].sort((a, b) => a.servicePort - b.servicePort);
  const version = createHash('sha256').update(JSON.stringify(services)).digest('base64url').slice(0, 22);
  return { version, services };
}
