import type { ServiceBinding } from '../agent/index.ts';
import { type AppSpec, specOf } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** The service ports of the apps `spec` depends on: what its tasks reach them through, on their own machine. */
export async function dependencyServices(prisma: PrismaClient, spec: Pick<AppSpec, 'dependencies'>): Promise<ServiceBinding[]> {
  if (spec.dependencies.length === 0) return [];
  const apps = await prisma.app.findMany({ where: { id: { in: spec.dependencies }, deletedAt: null }, select: { id: true, spec: true } });
  return apps
    .sort((a, b) => spec.dependencies.indexOf(a.id) - spec.dependencies.indexOf(b.id))
    .flatMap((app) =>
      specOf(app).portDefinitions.flatMap((definition, portIndex): ServiceBinding[] =>
        definition.servicePort
          ? [{ appId: app.id, portIndex, ...(definition.name && { portName: definition.name }), servicePort: definition.servicePort }]
          : [],
      ),
    );
}
