import type { RepositoryAccess } from './internal-addresses.ts';
import { loadRepository, type LoadedRepository } from './load-repository.ts';

// Repositories are read again after a while, so a changed folder or index
// shows without a restart; within that time searches cost no I/O. The
// database keeps which repositories there are: this is only a cache.
const FRESH_MS = 15_000;

const cache = new Map<string, { at: number; loading: Promise<LoadedRepository> }>();

/** The repository as read within the last seconds, or read now (`fresh` always reads it now). */
export function cachedRepository(name: string, uri: string, access: RepositoryAccess, { fresh = false } = {}): Promise<LoadedRepository> {
  // Gateways of one process (tests) may allow different hosts: each reads for itself.
  const key = `${name}\n${uri}\n${access.allowInternal}`;
  const hit = cache.get(key);
  if (hit && !fresh && Date.now() - hit.at < FRESH_MS) return hit.loading;
  const loading = loadRepository(name, uri, access);
  cache.set(key, { at: Date.now(), loading });
  // A failure is not kept: the next look tries again.
  loading.catch(() => {
    if (cache.get(key)?.loading === loading) cache.delete(key);
  });
  return loading;
}
