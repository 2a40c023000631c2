import { normalizeAppId, removeApp } from '../apps/index.ts';
import { recordChange } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { PackageNotInstalled } from './errors.ts';

export interface PackageUninstall {
  appId: string;
  name: string;
  version: string;
  removedAppIds: string[];
}

/** Removes every app of an installed package, and the installation, in one transaction. */
export function uninstallPackage(prisma: PrismaClient, rawAppId: string): Promise<PackageUninstall> {
  const appId = normalizeAppId(rawAppId);
  return recordChange(prisma, async (tx, emit) => {
    const installed = await tx.installedPackage.findUnique({ where: { appId }, include: { apps: { select: { id: true }, orderBy: { id: 'desc' } } } });
    if (!installed) throw new PackageNotInstalled(appId);
    for (const app of installed.apps) await removeApp(tx, emit, app.id);
    await tx.installedPackage.delete({ where: { id: installed.id } });
    const removedAppIds = installed.apps.map((app) => app.id);
    emit({ type: 'package.uninstalled', subject: appId, payload: { name: installed.name, version: installed.version, apps: removedAppIds } });
    return { appId, name: installed.name, version: installed.version, removedAppIds };
  });
}
