import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type DatabaseTarget } from '../src/db/index.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface ScratchDatabase {
  kind: DatabaseKind;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * An empty database for one benchmark run, so no run sees another's rows: a
 * new PGlite directory, or a new database on the server DATABASE_URL names
 * (its role may create databases). `drop` removes it.
 */
export async function scratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  if (kind === 'pglite') {
    const home = mkdtempSync(join(tmpdir(), 'corral-bench-'));
    return { kind, target: { dataDir: join(home, 'data') }, drop: async () => rmSync(home, { recursive: true, force: true }) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('--database postgres needs DATABASE_URL (a role that may create databases)');
  const scratch = await createScratchDatabase(serverUrl, 'corral_bench');
  return { kind, target: { url: scratch.url }, drop: scratch.drop };
}
