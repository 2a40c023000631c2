import { basename, dirname } from 'node:path';
import { inlineKey, isDcosRepositoryFile, readDcosRepositoryFile } from './dcos-repository-file.ts';
import { CatalogRepositoryUnreadable, PackageRenderFailed } from './errors.ts';
import { defaultRepositoryAccess, type RepositoryAccess } from './internal-addresses.ts';
import type { PackageFiles, PackageVersion } from './package-meta.ts';
import { isCatalogIndex, newestFirst, readIndex } from './repository-index.ts';
import { sourceFor, type RepositorySource } from './repository-source.ts';
import { scanFolder } from './scan-folder.ts';

/** A repository as read: its package versions (by name, newest first) and how to read their files. */
export interface LoadedRepository {
  name: string;
  uri: string;
  packages: PackageVersion[];
  /** Package versions that could not be read (the others are usable) */
  problems: string[];
  files(pkg: PackageVersion): Promise<PackageFiles>;
}

/**
 * Reads a repository: index.json at its root if there is one; else, for a
 * folder, its packages/ folders (Corral's or DC/OS Universe's layout); a URI
 * ending in .json, or an HTTP URL without index.json, may be a DC/OS Universe
 * repository file.
 */
export async function loadRepository(name: string, uri: string, access: RepositoryAccess = defaultRepositoryAccess): Promise<LoadedRepository> {
  try {
    return await load(name, uri, access);
  } catch (error) {
    if (error instanceof CatalogRepositoryUnreadable) throw error;
    throw new CatalogRepositoryUnreadable(name, uri, (error as Error).message);
  }
}

async function load(name: string, uri: string, access: RepositoryAccess): Promise<LoadedRepository> {
  if (/\.json$/i.test(pathOf(uri))) return fromFile(name, uri, access);
  const source = sourceFor(uri, access);
  const index = await source.readText('index.json');
  if (index !== undefined) return fromJson(name, uri, source, parse(index, 'index.json'));
  if (source.listFolders) {
    const scanned = await scanFolder(source, name);
    if (scanned.packages.length === 0 && scanned.problems.length === 0) throw new Error('it has no index.json and no packages/ folder with packages');
    return withFolderFiles(name, uri, source, newestFirst(scanned.packages.map((found) => found.version)), scanned.problems);
  }
  // A Universe server answers the repository's own URL with its repository file.
  const repositoryFile = await fromFile(name, uri, access).catch(() => undefined);
  if (repositoryFile) return repositoryFile;
  throw new Error('it has no index.json (write one with `npm run catalog:index -- <folder>`) and is not a DC/OS Universe repository file');
}

async function fromFile(name: string, uri: string, access: RepositoryAccess): Promise<LoadedRepository> {
  const http = /^https?:\/\//i.test(uri);
  const folder = http ? new URL('.', uri).toString() : dirname(uri);
  const file = http ? new URL(uri).pathname.split('/').pop()! + new URL(uri).search : basename(uri);
  const source = sourceFor(folder, access);
  const text = await source.readText(file);
  if (text === undefined) throw new Error(`${uri} does not exist`);
  return fromJson(name, uri, source, parse(text, file));
}

function fromJson(name: string, uri: string, source: RepositorySource, json: unknown): LoadedRepository {
  if (isCatalogIndex(json)) {
    const { packages, problems } = readIndex(json, name);
    return withFolderFiles(name, uri, source, packages, problems);
  }
  if (isDcosRepositoryFile(json)) {
    const inline = readDcosRepositoryFile(json as { packages: unknown[] }, name);
    return {
      name,
      uri,
      packages: newestFirst(inline.packages),
      problems: inline.problems,
      files: async (pkg) => withResolvedAssets(inline.files.get(inlineKey(pkg))!, source.base),
    };
  }
  throw new Error('its index is neither a Corral index.json ({"corralCatalogIndex": 1, "packages": [...]}) nor a DC/OS Universe repository file');
}

function withFolderFiles(name: string, uri: string, source: RepositorySource, packages: PackageVersion[], problems: string[]): LoadedRepository {
  // Read once per package while this reading of the repository is fresh (see repository-cache.ts); a failure is tried again.
  const read = new Map<string, Promise<PackageFiles>>();
  const files = (pkg: PackageVersion) => {
    const key = `${pkg.path}\n${pkg.name}\n${pkg.version}`;
    let reading = read.get(key);
    if (!reading) {
      reading = readPackageFiles(source, pkg);
      read.set(key, reading);
      reading.catch(() => read.delete(key));
    }
    return reading;
  };
  return { name, uri, packages, problems, files };
}

/** A package folder's files; Corral's names first, then DC/OS's (config.json, marathon.json.mustache). */
async function readPackageFiles(source: RepositorySource, pkg: PackageVersion): Promise<PackageFiles> {
  const read = async (...names: string[]) => {
    for (const file of names) {
      const text = await source.readText(`${pkg.path}/${file}`);
      if (text !== undefined) return { file, text };
    }
    return undefined;
  };
  const broken = (reason: string) => new PackageRenderFailed(pkg.name, pkg.version, reason);
  const json = (found: { file: string; text: string } | undefined) => {
    if (!found) return {};
    try {
      return JSON.parse(found.text) as Record<string, unknown>;
    } catch (error) {
      throw broken(`${found.file} is not JSON: ${jsonProblem(error as Error)}`);
    }
  };
  const [schema, template, resource, readme] = await Promise.all([
    read('config.schema.json', 'config.json'),
    read('apps.json.mustache', 'marathon.json.mustache'),
    read('resource.json'),
    read('README.md'),
  ]);
  // No template is a CLI-only package: described as it is, refused when installed (prepare.ts).
  const files: PackageFiles = {
    configSchema: json(schema),
    ...(template && { template: template.text }),
    resource: json(resource),
    ...(readme && { readme: readme.text }),
  };
  return withResolvedAssets(files, new URL(`${pkg.path}/`, source.base));
}

/** A relative artifact URI in resource.json names a file beside the package: it becomes an absolute URL. */
function withResolvedAssets(files: PackageFiles, base: URL): PackageFiles {
  const uris = (files.resource.assets as { uris?: Record<string, unknown> } | undefined)?.uris;
  if (!uris || typeof uris !== 'object') return files;
  const resolved = Object.fromEntries(
    Object.entries(uris).map(([key, value]) => [
      key,
      typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(value) ? new URL(value, base).toString() : value,
    ]),
  );
  const assets = { ...(files.resource.assets as object), uris: resolved };
  return { ...files, resource: { ...files.resource, assets } };
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${jsonProblem(error as Error)}`);
  }
}

/** Where JSON.parse stopped, without the text it quotes: a file that is not JSON may be one that is not the catalog's to show. */
function jsonProblem(error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  return position ? `it stops being JSON at character ${position[1]}` : 'it is not complete JSON';
}

const pathOf = (uri: string) => (/^https?:\/\//i.test(uri) ? new URL(uri).pathname : uri);
