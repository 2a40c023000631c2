// Errors a caller can act on; each names what was wrong. Nothing was written when one is thrown.

export class CatalogRepositoryNotFound extends Error {
  override name = 'CatalogRepositoryNotFound';
  constructor(readonly repository: string) {
    super(`there is no catalog repository named ${repository}`);
  }
}

export class CatalogRepositoryExists extends Error {
  override name = 'CatalogRepositoryExists';
  constructor(readonly repository: string) {
    super(`a catalog repository named ${repository} already exists`);
  }
}

export class CatalogRepositoryBuiltIn extends Error {
  override name = 'CatalogRepositoryBuiltIn';
  constructor(readonly repository: string) {
    super(`${repository} is the built-in repository: it is always there and cannot be removed`);
  }
}

export class CatalogRepositoryUnreadable extends Error {
  override name = 'CatalogRepositoryUnreadable';
  constructor(
    readonly repository: string,
    readonly uri: string,
    readonly reason: string,
  ) {
    super(`catalog repository ${repository} (${uri}) cannot be read: ${reason}`);
  }
}

export class PackageNotFound extends Error {
  override name = 'PackageNotFound';
  constructor(
    readonly packageName: string,
    readonly version?: string,
    /** The repository it was looked for in, when one was named */
    readonly repository?: string,
  ) {
    const where = repository ? `catalog repository ${repository} has` : 'no catalog repository has';
    const what = version ? `version ${version} of package ${packageName}` : `a package named ${packageName}`;
    super(repository ? `${where} no ${what.replace(/^a /, '')}` : `${where} ${what}`);
  }
}

/**
 * The package is in the catalog but is not something Corral can install:
 * it has no app template (a CLI-only package), or it is a Mesos framework
 * scheduler. Nothing was written.
 */
export class PackageNotInstallable extends Error {
  override name = 'PackageNotInstallable';
  constructor(
    readonly packageName: string,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`package ${packageName} ${version} cannot be installed: ${reason}`);
  }
}

/** The package's files do not make app definitions: its schema, its template, or what the template rendered. */
export class PackageRenderFailed extends Error {
  override name = 'PackageRenderFailed';
  constructor(
    readonly packageName: string,
    readonly version: string,
    readonly reason: string,
  ) {
    super(`package ${packageName} ${version} cannot be rendered: ${reason}`);
  }
}

export class PackageAlreadyInstalled extends Error {
  override name = 'PackageAlreadyInstalled';
  constructor(
    readonly appId: string,
    readonly packageName: string,
  ) {
    super(`package ${packageName} is already installed as ${appId}: upgrade or uninstall it, or install under another appId`);
  }
}

export class PackageNotInstalled extends Error {
  override name = 'PackageNotInstalled';
  constructor(readonly appId: string) {
    super(`no package is installed as ${appId}`);
  }
}
