import { InvalidInput } from '../apps/index.ts';
import { corralVersion } from './corral-version.ts';
import { PackageNotInstallable } from './errors.ts';
import { packageApps, type PackageApps } from './package-apps.ts';
import { resolveOptions } from './options.ts';
import { renderApps } from './render.ts';
import { repositoryNotice, type FoundPackage } from './search.ts';
import { compareVersions } from './versions.ts';

/** A package made ready to install: its options with defaults, and its apps as checked definitions. */
export interface PreparedPackage {
  pkg: FoundPackage;
  options: Record<string, unknown>;
  apps: PackageApps;
  /** What the caller should know: which repository was taken, that it is a framework */
  notices: string[];
}

/** A framework's scheduler registers with a Mesos master, which Corral does not have: its app would run and never work. */
export const frameworkProblem =
  'it is a Mesos framework scheduler ("framework": true in its package.json): it needs a Mesos master to register with, which Corral is not';

/** Checks the options, renders the template and checks the apps it made; writes nothing. */
export async function preparePackage(pkg: FoundPackage, givenOptions: unknown, appId?: string | null): Promise<PreparedPackage> {
  if (pkg.minCorralVersion && compareVersions(pkg.minCorralVersion, corralVersion) > 0) {
    throw new InvalidInput(
      [{ field: 'version', message: `${pkg.name} ${pkg.version} needs Corral ${pkg.minCorralVersion} or newer (this is ${corralVersion})` }],
      'package',
    );
  }
  const files = await pkg.files();
  if (files.template === undefined) {
    throw new PackageNotInstallable(
      pkg.name,
      pkg.version,
      'it has no app template (marathon.json.mustache or apps.json.mustache): it is a CLI-only package, for a DC/OS command line, with no app to run',
    );
  }
  const options = resolveOptions(pkg, files.configSchema, givenOptions);
  const rendered = renderApps(files.template, { options, resource: files.resource, pkg });
  const notices = [repositoryNotice(pkg), pkg.framework ? `package ${pkg.name} cannot be installed: ${frameworkProblem}` : undefined].filter(
    (notice) => notice !== undefined,
  );
  return { pkg, options, apps: packageApps(pkg, rendered, appId), notices };
}
