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
  ) {
    super(version ? `no catalog repository has version ${version} of package ${packageName}` : `no catalog repository has a package named ${packageName}`);
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
