import { advisoryLocks } from './advisory-locks.ts';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, SqlSession } from './connect.ts';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = new URL('../../prisma/migrations/', import.meta.url).pathname;

/** Advisory lock key shared by every gateway applying migrations ("corral-migrate"). */

export function readMigrations(dir = migrationsDir): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies the migrations not yet applied, each in its own transaction, under an
 * advisory lock so that gateways starting together apply each one once. The
 * bookkeeping table is Prisma's, so `prisma migrate deploy` agrees with it.
 */
export async function applyMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [advisoryLocks.migration]);
    try {
      await ensureBookkeeping(session);
      const applied = new Set(
        (
          await session.query<{ migration_name: string }>(
            'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
          )
        ).map((row) => row.migration_name),
      );
      const pending = migrations.filter((migration) => !applied.has(migration.name));
      for (const migration of pending) await applyOne(session, migration);
      return pending.map((migration) => migration.name);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [advisoryLocks.migration]);
    }
  });
}

async function ensureBookkeeping(session: SqlSession): Promise<void> {
  await session.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
}

async function applyOne(session: SqlSession, migration: Migration): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
  }
}
