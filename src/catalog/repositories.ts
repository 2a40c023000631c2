import { fileURLToPath } from 'node:url';
import { recordChange } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { InvalidInput } from '../apps/index.ts';
import { CatalogRepositoryBuiltIn, CatalogRepositoryExists, CatalogRepositoryNotFound, CatalogRepositoryUnreadable } from './errors.ts';
import { checkHost, InternalAddressRefused, type RepositoryAccess } from './internal-addresses.ts';
import type { LoadedRepository } from './load-repository.ts';
import { cachedRepository } from './repository-cache.ts';
import { normalizeRepositoryUri } from './repository-source.ts';

/** A repository the catalog reads, in the order packages are looked up (the built-in one first). */
export interface CatalogRepositoryInfo {
  name: string;
  uri: string;
  position: number;
  builtIn: boolean;
}

export const BUILT_IN_REPOSITORY = 'universe';

/** universe/ at the top of the project: always present. */
export const builtInRepository: CatalogRepositoryInfo = {
  name: BUILT_IN_REPOSITORY,
  uri: fileURLToPath(new URL('../../universe', import.meta.url)),
  position: 0,
  builtIn: true,
};

export async function listRepositories(prisma: PrismaClient): Promise<CatalogRepositoryInfo[]> {
  const added = await prisma.catalogRepository.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  return [builtInRepository, ...added.map((row) => ({ name: row.name, uri: row.uri, position: row.position, builtIn: false }))];
}

/** Every repository as read, and the problem of each that could not be (the others still serve). */
export async function readRepositories(
  prisma: PrismaClient,
  access: RepositoryAccess,
): Promise<{ info: CatalogRepositoryInfo; loaded?: LoadedRepository; problem?: string }[]> {
  const repositories = await listRepositories(prisma);
  return Promise.all(
    repositories.map(async (info) => {
      try {
        return { info, loaded: await cachedRepository(info.name, info.uri, access) };
      } catch (error) {
        return { info, problem: (error as Error).message };
      }
    }),
  );
}

const repositoryName = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;

/** Adds a repository after the others, once it has been read: one that cannot be read is refused, and so is one on an internal address (unless `access` allows those) before anything is fetched. */
export async function addRepository(prisma: PrismaClient, rawName: string, rawUri: string, access: RepositoryAccess): Promise<CatalogRepositoryInfo> {
  const name = rawName.trim();
  const problems = [];
  if (!repositoryName.test(name))
    problems.push({ field: 'name', message: 'use lowercase letters, digits, ".", "_" and "-", starting and ending with a letter or digit' });
  let uri = '';
  try {
    uri = normalizeRepositoryUri(rawUri);
  } catch (error) {
    problems.push({ field: 'uri', message: (error as Error).message });
  }
  if (problems.length > 0) throw new InvalidInput(problems, 'catalog repository');
  if (name === BUILT_IN_REPOSITORY) throw new CatalogRepositoryExists(name);
  if (/^https?:\/\//i.test(uri)) {
    await checkHost(new URL(uri), access).catch((error: Error) => {
      if (error instanceof InternalAddressRefused) throw new InvalidInput([{ field: 'uri', message: error.message }], 'catalog repository');
      throw new CatalogRepositoryUnreadable(name, uri, `cannot fetch ${uri}`);
    });
  }
  await cachedRepository(name, uri, access, { fresh: true });
  return recordChange(prisma, async (tx, emit) => {
    if (await tx.catalogRepository.findUnique({ where: { name } })) throw new CatalogRepositoryExists(name);
    const last = await tx.catalogRepository.aggregate({ _max: { position: true } });
    const row = await tx.catalogRepository.create({ data: { name, uri, position: (last._max.position ?? 0) + 1 } });
    emit({ type: 'catalog.repository.added', subject: name, payload: { uri } });
    return { name: row.name, uri: row.uri, position: row.position, builtIn: false };
  });
}

export function removeRepository(prisma: PrismaClient, rawName: string): Promise<CatalogRepositoryInfo> {
  const name = rawName.trim();
  if (name === BUILT_IN_REPOSITORY) throw new CatalogRepositoryBuiltIn(name);
  return recordChange(prisma, async (tx, emit) => {
    const row = await tx.catalogRepository.findUnique({ where: { name } });
    if (!row) throw new CatalogRepositoryNotFound(name);
    await tx.catalogRepository.delete({ where: { name } });
    emit({ type: 'catalog.repository.removed', subject: name, payload: { uri: row.uri } });
    return { name: row.name, uri: row.uri, position: row.position, builtIn: false };
  });
}
