import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RepositoryAccess } from './internal-addresses.ts';
import { MAX_REPOSITORY_FILE_BYTES, readOverHttp, RepositoryFileTooLarge } from './repository-http.ts';

/** Reads a repository's files, from a folder or over HTTP. */
export interface RepositorySource {
  /** The repository's root as a URL ending in "/" (file: or http(s):): relative asset URIs resolve against it */
  base: URL;
  /** The file's text, or undefined when there is no such file */
  readText(path: string): Promise<string | undefined>;
  /** The subfolders of a folder (folders only: HTTP cannot list) */
  listFolders?(path: string): Promise<string[]>;
}

/** A source for a repository URI: an http(s) URL (fetched as `access` allows), a file: URL or a path on the gateway's machine. */
export function sourceFor(uri: string, access: RepositoryAccess): RepositorySource {
  if (/^https?:\/\//i.test(uri)) return httpSource(new URL(uri.endsWith('/') ? uri : `${uri}/`), access);
  const folder = uri.startsWith('file:') ? fileURLToPath(uri) : resolve(uri);
  return folderSource(folder);
}

/** An http(s) URI or the absolute path of a folder or file, as stored for a repository. */
export function normalizeRepositoryUri(uri: string): string {
  const trimmed = uri.trim();
  if (/^https?:\/\//i.test(trimmed)) return new URL(trimmed).toString();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !trimmed.startsWith('file:')) throw new Error(`"${trimmed}" is neither an http(s) URL nor a folder`);
  return trimmed.startsWith('file:') ? fileURLToPath(trimmed) : resolve(trimmed);
}

function folderSource(root: string): RepositorySource {
  // Index entries name package folders: none may lead outside the repository.
  const inside = (path: string) => {
    const full = resolve(root, path);
    const rel = relative(root, full);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) throw new Error(`${path} is outside the repository`);
    return full;
  };
  return {
    base: pathToFileURL(root.endsWith(sep) ? root : `${root}${sep}`),
    readText: async (path) => {
      try {
        const full = inside(path);
        if ((await stat(full)).size > MAX_REPOSITORY_FILE_BYTES) throw new RepositoryFileTooLarge(full, MAX_REPOSITORY_FILE_BYTES);
        return await readFile(full, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    listFolders: async (path) => {
      const full = inside(path);
      if (!(await stat(full).catch(() => undefined))?.isDirectory()) return [];
      const entries = await readdir(full, { withFileTypes: true });
      return entries
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort();
    },
  };
}

function httpSource(base: URL, access: RepositoryAccess): RepositorySource {
  return { base, readText: (path) => readOverHttp(new URL(path, base), access) };
}
