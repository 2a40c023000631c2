import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Reads a repository's files, from a folder or over HTTP. */
export interface RepositorySource {
  /** The repository's root as a URL ending in "/" (file: or http(s):): relative asset URIs resolve against it */
  base: URL;
  /** The file's text, or undefined when there is no such file */
  readText(path: string): Promise<string | undefined>;
  /** The subfolders of a folder (folders only: HTTP cannot list) */
  listFolders?(path: string): Promise<string[]>;
}

const HTTP_TIMEOUT_MS = 15_000;

/** A source for a repository URI: an http(s) URL, a file: URL or a path on the gateway's machine. */
export function sourceFor(uri: string): RepositorySource {
  if (/^https?:\/\//i.test(uri)) return httpSource(new URL(uri.endsWith('/') ? uri : `${uri}/`));
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
        return await readFile(inside(path), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    listFolders: async (path) => {
      const full = inside(path);
      if (!(await stat(full).catch(() => undefined))?.isDirectory()) return [];
      const entries = await readdir(full, { withFileTypes: true });
      return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
    },
  };
}

function httpSource(base: URL): RepositorySource {
  return {
    base,
    readText: async (path) => {
      const url = new URL(path, base);
      const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), headers: { accept: 'application/json, text/plain, */*' } }).catch((error: Error) => {
        throw new Error(`cannot fetch ${url}: ${(error.cause as Error | undefined)?.message ?? error.message}`);
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
      return response.text();
    },
  };
}
