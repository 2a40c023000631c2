import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/db/index.ts';

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
    return { kind, target: { dataDir }, cliArgs: ['dev', '--data', dataDir], drop: async () => rmSync(home, { recursive: true, force: true }) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `corral_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    target: { url: url.toString() },
    // Tests of tokens say so; the others talk to the API as a trusted caller.
    cliArgs: ['server', '--database-url', url.toString(), '--no-auth'],
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
