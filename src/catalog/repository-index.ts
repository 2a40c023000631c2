import { packageVersionFrom, type PackageLayout, type PackageVersion } from './package-meta.ts';
import { compareVersions } from './versions.ts';

/**
 * index.json at a repository's root: every package version with what search
 * and describe need, so that one read (one HTTP request) lists the
 * repository. Each entry is the version's package.json plus where its folder
 * is. `npm run catalog:index -- <folder>` writes it from the folders.
 */
export interface CatalogIndex {
  corralCatalogIndex: 1;
  packages: IndexEntry[];
}

export type IndexEntry = Record<string, unknown> & { name: string; version: string; path: string; layout: PackageLayout; revision?: number };

export function isCatalogIndex(json: unknown): json is CatalogIndex {
  return typeof json === 'object' && json !== null && (json as CatalogIndex).corralCatalogIndex === 1 && Array.isArray((json as CatalogIndex).packages);
}

/** The package versions an index lists, and a problem for each entry it cannot use. */
export function readIndex(index: CatalogIndex, repository: string): { packages: PackageVersion[]; problems: string[] } {
  const packages: PackageVersion[] = [];
  const problems: string[] = [];
  for (const entry of index.packages) {
    const layout = entry.layout === 'DCOS' ? 'DCOS' : 'CORRAL';
    const read = packageVersionFrom(entry, {
      repository,
      path: typeof entry.path === 'string' ? entry.path : '',
      layout,
      revision: typeof entry.revision === 'number' ? entry.revision : undefined,
    });
    if ('problem' in read) problems.push(`index.json: ${read.problem}`);
    else packages.push(read);
  }
  return { packages: newestFirst(packages), problems };
}

/** The index of these package versions, as index.json holds it. */
export function indexOf(packages: { json: Record<string, unknown>; version: PackageVersion }[]): CatalogIndex {
  return {
    corralCatalogIndex: 1,
    packages: packages.map(({ json, version }) => ({
      ...json,
      name: version.name,
      version: version.version,
      path: version.path,
      layout: version.layout,
      ...(version.revision !== undefined && { revision: version.revision }),
    })),
  };
}

/**
 * By name, then newest version first. DC/OS orders a package's versions by
 * revision folder, and of two revisions of the same version keeps the newer.
 */
export function newestFirst(packages: PackageVersion[]): PackageVersion[] {
  const sorted = [...packages].sort(
    (a, b) =>
      a.name.localeCompare(b.name) || (a.revision !== undefined && b.revision !== undefined ? b.revision - a.revision : compareVersions(b.version, a.version)),
  );
  const seen = new Set<string>();
  return sorted.filter((found) => {
    const key = `${found.name}\n${found.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
