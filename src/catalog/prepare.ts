import { InvalidInput } from '../apps/index.ts';
import { corralVersion } from './corral-version.ts';
import { packageApps, type PackageApps } from './package-apps.ts';
import { resolveOptions } from './options.ts';
import { renderApps } from './render.ts';
import type { FoundPackage } from './search.ts';
import { compareVersions } from './versions.ts';

/** A package made ready to install: its options with defaults, and its apps as checked definitions. */
export interface PreparedPackage {
  pkg: FoundPackage;
  options: Record<string, unknown>;
  apps: PackageApps;
}

/** Checks the options, renders the template and checks the apps it made; writes nothing. */
export async function preparePackage(pkg: FoundPackage, givenOptions: unknown, appId?: string | null): Promise<PreparedPackage> {
  if (pkg.minCorralVersion && compareVersions(pkg.minCorralVersion, corralVersion) > 0) {
    throw new InvalidInput([{ field: 'version', message: `${pkg.name} ${pkg.version} needs Corral ${pkg.minCorralVersion} or newer (this is ${corralVersion})` }], 'package');
  }
  const files = await pkg.files();
  const options = resolveOptions(pkg, files.configSchema, givenOptions);
  const rendered = renderApps(files.template, { options, resource: files.resource, pkg });
  return { pkg, options, apps: packageApps(pkg, rendered, appId) };
}
