import { insertApp, type AppChange } from '../apps/index.ts';
import { recordChange } from '../events/index.ts';
import type { InstalledPackage, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { PackageAlreadyInstalled, PackageNotFound, PackageNotInstallable } from './errors.ts';
import type { RepositoryAccess } from './internal-addresses.ts';
import { frameworkProblem, preparePackage } from './prepare.ts';
import { qualifyingAgents, type QualifyingAgents } from './qualifying-agents.ts';
import { findPackage } from './search.ts';

export interface InstallRequest {
  name: string;
  /** The newest when not given */
  version?: string | null;
  options?: unknown;
  /** The app (or group) id to install the package as */
  appId?: string | null;
  /** The repository to take it from; by default the first that has it */
  repository?: string | null;
}

/** What an install (or upgrade) did. */
export interface PackageInstallation {
  installed: InstalledPackage;
  /** Each app created or changed, with the deployment that carries it out */
  changes: AppChange[];
  /** Apps an upgrade removed because the new version no longer has them */
  removedAppIds: string[];
  qualifying: QualifyingAgents;
  postInstallNotes?: string;
  /** What the caller should know, such as which of several repositories the package was taken from */
  notices: string[];
}

/**
 * Installs a package: its options checked and defaulted, its apps rendered
 * and created, in dependency order, in one transaction with the
 * InstalledPackage that links them, so that either all exist or nothing does.
 */
export async function installPackage(prisma: PrismaClient, access: RepositoryAccess, request: InstallRequest): Promise<PackageInstallation> {
  const pkg = await findPackage(prisma, access, request.name, request.version, request.repository);
  if (!pkg) throw new PackageNotFound(request.name, request.version ?? undefined, request.repository ?? undefined);
  // Refused, not installed with a warning: the scheduler would run, find no Mesos master, and never serve.
  if (pkg.framework) throw new PackageNotInstallable(pkg.name, pkg.version, frameworkProblem);
  const { options, apps, notices } = await preparePackage(pkg, request.options, request.appId);
  const { installed, changes } = await recordChange(prisma, async (tx, emit) => {
    const taken = await tx.installedPackage.findUnique({ where: { appId: apps.appId } });
    if (taken) throw new PackageAlreadyInstalled(apps.appId, taken.name);
    const installed = await tx.installedPackage
      .create({ data: { name: pkg.name, version: pkg.version, repository: pkg.repository, options: options as Prisma.InputJsonValue, appId: apps.appId } })
      .catch((error: { code?: string }) => {
        // Another install of the same appId committed first.
        throw error.code === 'P2002' ? new PackageAlreadyInstalled(apps.appId, pkg.name) : error;
      });
    const changes: AppChange[] = [];
    for (const spec of apps.specs) changes.push(await insertApp(tx, emit, spec, installed.id));
    emit({
      type: 'package.installed',
      subject: apps.appId,
      payload: { name: pkg.name, version: pkg.version, repository: pkg.repository, apps: apps.specs.map((spec) => spec.id) },
    });
    return { installed, changes };
  });
  return { installed, changes, removedAppIds: [], qualifying: await qualifyingAgents(prisma, apps.specs), postInstallNotes: pkg.postInstallNotes, notices };
}
