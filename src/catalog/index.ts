// The package catalog (DC/OS Universe's, for Corral): repositories of
// packages, each version a template of app definitions with an options
// schema; search, describe, render, install, upgrade, uninstall.
export type { PackageFiles, PackageLayout, PackageLicense, PackageVersion } from './package-meta.ts';
export {
  BUILT_IN_REPOSITORY,
  builtInRepository,
  listRepositories,
  readRepositories,
  addRepository,
  removeRepository,
  type CatalogRepositoryInfo,
} from './repositories.ts';
export { cachedRepository } from './repository-cache.ts';
export { defaultRepositoryAccess, type RepositoryAccess } from './internal-addresses.ts';
export { MAX_REPOSITORY_FILE_BYTES } from './repository-http.ts';
export { loadRepository, type LoadedRepository } from './load-repository.ts';
export { searchPackages, findPackage, repositoryNotice, type FoundPackage, type PackageQuery } from './search.ts';
export { preparePackage, type PreparedPackage } from './prepare.ts';
export { resolveOptions, schemaDefaults } from './options.ts';
export { renderApps, jsonStringContent, MAX_PACKAGE_APPS, type RenderContext } from './render.ts';
export { packageApps, packageLabels, programAttribute, type PackageApps } from './package-apps.ts';
export { installPackage, type InstallRequest, type PackageInstallation } from './install.ts';
export { uninstallPackage, type PackageUninstall } from './uninstall.ts';
export { upgradePackage, type UpgradeRequest } from './upgrade.ts';
export { qualifyingAgents, type QualifyingAgents } from './qualifying-agents.ts';
export { buildIndexText } from './build-index.ts';
export { compareVersions } from './versions.ts';
export { corralVersion } from './corral-version.ts';
export {
  CatalogRepositoryBuiltIn,
  CatalogRepositoryExists,
  CatalogRepositoryNotFound,
  CatalogRepositoryUnreadable,
  PackageAlreadyInstalled,
  PackageNotFound,
  PackageNotInstallable,
  PackageNotInstalled,
  PackageRenderFailed,
} from './errors.ts';
