import { packageVersionFrom, type PackageVersion } from './package-meta.ts';
import type { RepositorySource } from './repository-source.ts';

export interface ScannedPackage {
  json: Record<string, unknown>;
  version: PackageVersion;
}

/**
 * Finds every package version in a repository folder that has no index.json:
 * packages/<name>/<version>/package.json (Corral) or, in DC/OS Universe's
 * layout, [repo/]packages/<L>/<name>/<revision>/package.json.
 */
export async function scanFolder(source: RepositorySource, repository: string): Promise<{ packages: ScannedPackage[]; problems: string[] }> {
  const list = source.listFolders!;
  const root = (await list('repo/packages')).length > 0 ? 'repo/packages' : 'packages';
  const packages: ScannedPackage[] = [];
  const problems: string[] = [];
  const add = async (path: string, layout: 'CORRAL' | 'DCOS', revision?: number) => {
    const text = await source.readText(`${path}/package.json`);
    if (text === undefined) return false;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push(`${path}/package.json is not JSON: ${(error as Error).message}`);
      return true;
    }
    const version = packageVersionFrom(json, { repository, path, layout, revision });
    if ('problem' in version) problems.push(version.problem);
    else packages.push({ json: json as Record<string, unknown>, version });
    return true;
  };
  for (const first of await list(root)) {
    for (const second of await list(`${root}/${first}`)) {
      if (await add(`${root}/${first}/${second}`, 'CORRAL')) continue;
      // DC/OS: <L>/<name>/<revision>, the revision a whole number
      for (const third of await list(`${root}/${first}/${second}`)) {
        if (/^\d+$/.test(third)) await add(`${root}/${first}/${second}/${third}`, 'DCOS', Number(third));
      }
    }
  }
  return { packages, problems };
}
