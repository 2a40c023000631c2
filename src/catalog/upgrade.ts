import { isDeepStrictEqual } from 'node:util';
import { insertApp, lockApp, normalizeAppId, removeApp, storeVersion, type AppChange } from '../apps/index.ts';
import { recordChange } from '../events/index.ts';
import type { InstalledPackage, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { PackageNotFound, PackageNotInstallable, PackageNotInstalled } from './errors.ts';
import type { RepositoryAccess } from './internal-addresses.ts';
import type { PackageInstallation } from './install.ts';
import { defaultOptions } from './options.ts';
import { frameworkProblem, preparePackage } from './prepare.ts';
import { qualifyingAgents } from './qualifying-agents.ts';
import { findPackage } from './search.ts';

export interface UpgradeRequest {
  appId: string;
  /** The newest when not given */
  version?: string | null;
  /** Merged into the options it was installed with (objects merge, other values replace) */
  options?: unknown;
  /** The options given replace those it was installed with */
  replaceOptions?: boolean | null;
}

type Json = Record<string, unknown>;

/**
 * Rolls an installed package forward (or back) to another version or other
 * options: each app it keeps gets the new definition as its next version and
 * deploys rolling; apps the version adds are created, apps it no longer has
 * are removed; all in one transaction.
 */
export async function upgradePackage(prisma: PrismaClient, access: RepositoryAccess, request: UpgradeRequest): Promise<PackageInstallation> {
  const appId = normalizeAppId(request.appId);
  const current = await prisma.installedPackage.findUnique({ where: { appId } });
  if (!current) throw new PackageNotInstalled(appId);
  // The repository it came from may have been removed since: then the first that has it.
  const pkg =
    (await findPackage(prisma, access, current.name, request.version, current.repository).catch(() => undefined)) ??
    (await findPackage(prisma, access, current.name, request.version));
  if (!pkg) throw new PackageNotFound(current.name, request.version ?? undefined);
  if (pkg.framework) throw new PackageNotInstallable(pkg.name, pkg.version, frameworkProblem);
  const given = request.options ?? {};
  const options = request.replaceOptions || !isObject(given) ? given : merged(await chosenOptions(prisma, access, current), given);
  const prepared = await preparePackage(pkg, options, appId);

  const { installed, changes, removedAppIds } = await recordChange(prisma, async (tx, emit) => {
    const installed = await tx.installedPackage.findUnique({ where: { appId }, include: { apps: { select: { id: true } } } });
    if (!installed) throw new PackageNotInstalled(appId);
    const owned = new Set(installed.apps.map((app) => app.id));
    const changes: AppChange[] = [];
    for (const spec of prepared.apps.specs) {
      if (owned.has(spec.id)) changes.push(await storeVersion(tx, emit, await lockApp(tx, spec.id), spec, { event: 'app.updated', kind: 'UPDATE' }));
      else changes.push(await insertApp(tx, emit, spec, installed.id));
    }
    const kept = new Set(prepared.apps.specs.map((spec) => spec.id));
    const removedAppIds = [...owned]
      .filter((id) => !kept.has(id))
      .sort()
      .reverse();
    for (const id of removedAppIds) await removeApp(tx, emit, id);
    const updated = await tx.installedPackage.update({
      where: { id: installed.id },
      data: { version: pkg.version, repository: pkg.repository, options: prepared.options as Prisma.InputJsonValue },
    });
    emit({
      type: 'package.upgraded',
      subject: appId,
      payload: { name: pkg.name, fromVersion: installed.version, toVersion: pkg.version, apps: [...kept], removedApps: removedAppIds },
    });
    return { installed: updated, changes, removedAppIds };
  });
  return {
    installed,
    changes,
    removedAppIds,
    qualifying: await qualifyingAgents(prisma, prepared.apps.specs),
    postInstallNotes: pkg.postInstallNotes,
    notices: prepared.notices,
  };
}

/**
 * The options an installation was given, as near as can be told: stored are
 * the options after defaults, and a value equal to the default of the
 * version installed is taken as not chosen, so that the new version's
 * default applies to it. When that version is gone, all of them are kept.
 */
async function chosenOptions(prisma: PrismaClient, access: RepositoryAccess, current: InstalledPackage): Promise<Json> {
  const stored = current.options as Json;
  const installed = await findPackage(prisma, access, current.name, current.version, current.repository).catch(() => undefined);
  if (!installed) return stored;
  const defaults = await installed
    .files()
    .then((files) => defaultOptions(installed, files.configSchema))
    .catch(() => ({}));
  return withoutDefaults(stored, defaults);
}

function withoutDefaults(options: Json, defaults: Json): Json {
  const chosen: Json = {};
  for (const [key, value] of Object.entries(options)) {
    const fallback = defaults[key];
    if (isObject(value) && isObject(fallback)) {
      const inner = withoutDefaults(value, fallback);
      if (Object.keys(inner).length > 0) chosen[key] = inner;
    } else if (!isDeepStrictEqual(value, fallback)) chosen[key] = value;
  }
  return chosen;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `changes` over `base`: objects merge key by key, anything else replaces. */
function merged(base: Json, changes: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const before = result[key];
    result[key] = isObject(before) && isObject(value) ? merged(before, value) : value;
  }
  return result;
}
