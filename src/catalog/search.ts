import type { PrismaClient } from '../generated/prisma/client.ts';
import { CatalogRepositoryNotFound } from './errors.ts';
import type { RepositoryAccess } from './internal-addresses.ts';
import type { PackageFiles, PackageVersion } from './package-meta.ts';
import { readRepositories } from './repositories.ts';

/** A package version found in the catalog, with the other versions its repository has and its files. */
export interface FoundPackage extends PackageVersion {
  /** Every version its repository has, newest first */
  versions: string[];
  /** The other repositories with a package of this name, when none was named: this one was taken because it comes first */
  alsoIn: string[];
  files(): Promise<PackageFiles>;
}

/** What to tell whoever did not name a repository and got this package from one of several. */
export function repositoryNotice(pkg: FoundPackage): string | undefined {
  if (pkg.alsoIn.length === 0) return undefined;
  return `package ${pkg.name} is in repositories ${[pkg.repository, ...pkg.alsoIn].join(', ')}: took ${pkg.repository}'s, the first; name a repository to take another`;
}

export interface PackageQuery {
  /** Words to look for in names, tags and descriptions */
  search?: string | null;
  /** Only packages with this tag */
  tag?: string | null;
  /** Only packages of this repository */
  repository?: string | null;
}

/**
 * The newest version of each package, in order of relevance to `search`: an
 * exact name, then a name that contains it, then a tag, then the description
 * (then by name). Where two repositories have a package of the same name,
 * the earlier repository's wins, as in DC/OS.
 */
export async function searchPackages(prisma: PrismaClient, access: RepositoryAccess, query: PackageQuery): Promise<FoundPackage[]> {
  const term = query.search?.trim().toLowerCase() ?? '';
  const tag = query.tag?.trim().toLowerCase();
  const ranked = (await packagesByName(prisma, access, query.repository ?? undefined))
    .map((found) => ({ found, rank: term ? relevance(found, term) : 0 }))
    .filter(({ found, rank }) => rank !== undefined && (!tag || found.tags.some((candidate) => candidate.toLowerCase() === tag)));
  return ranked.sort((a, b) => a.rank! - b.rank! || a.found.name.localeCompare(b.found.name)).map(({ found }) => found);
}

/**
 * A version of a package (the newest when none is named), from the named
 * repository, else from the first repository that has it (the others that
 * have the name are in `alsoIn`). A repository named that does not exist is
 * CatalogRepositoryNotFound.
 */
export async function findPackage(
  prisma: PrismaClient,
  access: RepositoryAccess,
  name: string,
  version?: string | null,
  repository?: string | null,
): Promise<FoundPackage | undefined> {
  const repositories = await readRepositories(prisma, access);
  if (repository && !repositories.some(({ info }) => info.name === repository)) throw new CatalogRepositoryNotFound(repository);
  let chosen: FoundPackage | undefined;
  const alsoIn: string[] = [];
  for (const { loaded } of repositories) {
    if (!loaded || (repository && loaded.name !== repository)) continue;
    const versions = loaded.packages.filter((candidate) => candidate.name === name);
    if (versions.length === 0) continue;
    const wanted = version ? versions.find((candidate) => candidate.version === version) : versions[0];
    if (!chosen && wanted) chosen = found(wanted, versions, loaded.files);
    else if (wanted) alsoIn.push(loaded.name);
  }
  return chosen && { ...chosen, alsoIn };
}

async function packagesByName(prisma: PrismaClient, access: RepositoryAccess, repository?: string): Promise<FoundPackage[]> {
  const byName = new Map<string, FoundPackage>();
  for (const { loaded } of await readRepositories(prisma, access)) {
    if (!loaded || (repository && loaded.name !== repository)) continue;
    for (const candidate of loaded.packages) {
      if (byName.has(candidate.name)) continue;
      byName.set(
        candidate.name,
        found(
          candidate,
          loaded.packages.filter((other) => other.name === candidate.name),
          loaded.files,
        ),
      );
    }
  }
  return [...byName.values()];
}

function found(pkg: PackageVersion, versions: PackageVersion[], files: (pkg: PackageVersion) => Promise<PackageFiles>): FoundPackage {
  return { ...pkg, versions: versions.map((other) => other.version), alsoIn: [], files: () => files(pkg) };
}

function relevance(pkg: PackageVersion, term: string): number | undefined {
  const name = pkg.name.toLowerCase();
  if (name === term) return 0;
  if (name.includes(term)) return 1;
  if (pkg.tags.some((tag) => tag.toLowerCase().includes(term))) return 2;
  if (pkg.description.toLowerCase().includes(term)) return 3;
  return undefined;
}
