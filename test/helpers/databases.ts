import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, createScratchDatabase, openDatabase, type Database, type DatabaseTarget } from '../../src/db/index.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** Every database kind this run can test: PGlite always, PostgreSQL when DATABASE_URL names a server. */
export const databaseKinds: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface ScratchDatabase {
  kind: DatabaseKind;
  target: DatabaseTarget;
  /** For a CLI: the flags that point `corral dev` or `corral server` at this database. */
  cliArgs: string[];
  drop(): Promise<void>;
}

/** An empty database of the given kind that nobody else uses: a new PGlite directory or a new PostgreSQL database. */
export async function scratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  if (kind === 'pglite') {
    // corral dev keeps its agent token and the local agent's work dir beside the data dir: all inside `home`.
    const home = mkdtempSync(join(tmpdir(), 'corral-pglite-'));
    const dataDir = join(home, 'data');
    // As for PostgreSQL below: tests of tokens say so; the others talk to the API as a trusted caller.
    return { kind, target: { dataDir }, cliArgs: ['dev', '--data', dataDir, '--no-auth'], drop: async () => rmSync(home, { recursive: true, force: true }) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const scratch = await createScratchDatabase(serverUrl, 'corral_test');
  return {
    kind,
    target: { url: scratch.url },
    // Tests of tokens say so; the others talk to the API as a trusted caller.
    cliArgs: ['server', '--database-url', scratch.url, '--no-auth'],
    drop: scratch.drop,
  };
}

/** A scratch database of `kind`, opened with its schema in place, for tests that write rows without a gateway; `drop` closes and drops it. */
export async function migratedDatabase(kind: DatabaseKind): Promise<{ db: Database; drop(): Promise<void> }> {
  const scratch = await scratchDatabase(kind);
  const db = await openDatabase(scratch.target);
  await applyMigrations(db);
  return {
    db,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/** migratedDatabase for the tests of one describe block: made before them and dropped after them; the database while they run. */
export function migratedDatabaseForSuite(kind: DatabaseKind): () => Database {
  let database: Awaited<ReturnType<typeof migratedDatabase>> | undefined;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(async () => database?.drop());
  return () => database!.db;
}
