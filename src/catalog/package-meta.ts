// What a catalog knows of one version of a package, whichever layout it came from.

export type PackageLayout = 'CORRAL' | 'DCOS';

export interface PackageLicense {
  name: string;
  url?: string;
}

/** One version of a package as listed in a repository's index: enough to search and describe it. */
export interface PackageVersion {
  /** The repository it came from */
  repository: string;
  name: string;
  version: string;
  description: string;
  tags: string[];
  maintainer?: string;
  licenses: PackageLicense[];
  minCorralVersion?: string;
  /** Programs an agent must have: each becomes a constraint on the agent attribute `program.<name>` */
  requires: { programs: string[] };
  preInstallNotes?: string;
  postInstallNotes?: string;
  /** DC/OS' "framework": true: the app is a Mesos framework scheduler, which needs a Mesos master */
  framework: boolean;
  layout: PackageLayout;
  /** The package's folder, relative to the repository (empty for a DC/OS repository file, whose packages are inline) */
  path: string;
  /** DC/OS: the revision folder (repo/packages/<L>/<name>/<revision>); newer revisions win for the same version */
  revision?: number;
}

/** The files of a package version that install needs, read when asked for. */
export interface PackageFiles {
  /** JSON Schema of the options (config.schema.json, or DC/OS config.json); {} when the package has none */
  configSchema: Record<string, unknown>;
  /** apps.json.mustache, or DC/OS marathon.json.mustache; none for a CLI-only DC/OS package */
  template?: string;
  /** resource.json (artifacts: assets.uris, assets.sha256), relative URIs resolved against the package's folder */
  resource: Record<string, unknown>;
  readme?: string;
}

/** Builds a PackageVersion from a package.json (Corral's or DC/OS's), or says what is wrong with it. */
export function packageVersionFrom(
  raw: unknown,
  where: { repository: string; path: string; layout: PackageLayout; revision?: number },
): PackageVersion | { problem: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: `${where.path || 'package'}: package.json is not a JSON object` };
  const json = raw as Record<string, unknown>;
  if (typeof json.name !== 'string' || json.name === '') return { problem: `${where.path}: package.json has no name` };
  if (typeof json.version !== 'string' || json.version === '') return { problem: `${where.path}: package.json has no version` };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const requires = (json.requires ?? {}) as { programs?: unknown };
  return {
    repository: where.repository,
    name: json.name,
    version: json.version,
    description: text(json.description) ?? '',
    tags: Array.isArray(json.tags) ? json.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    maintainer: text(json.maintainer),
    licenses: Array.isArray(json.licenses) ? json.licenses.flatMap(licenseOf) : [],
    minCorralVersion: text(json.minCorralVersion),
    requires: { programs: Array.isArray(requires.programs) ? requires.programs.filter((name): name is string => typeof name === 'string') : [] },
    preInstallNotes: text(json.preInstallNotes),
    postInstallNotes: text(json.postInstallNotes),
    framework: json.framework === true,
    layout: where.layout,
    path: where.path,
    ...(where.revision !== undefined && { revision: where.revision }),
  };
}

function licenseOf(raw: unknown): PackageLicense[] {
  if (typeof raw === 'string') return [{ name: raw }];
  if (typeof raw !== 'object' || raw === null || typeof (raw as PackageLicense).name !== 'string') return [];
  const { name, url } = raw as PackageLicense;
  return [{ name, ...(typeof url === 'string' && { url }) }];
}
