import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, diffDatabaseToSchema, openDatabase, readMigrations, type Database } from '../../src/db/index.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;

  afterEach(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('take an empty database to exactly prisma/schema.prisma, once', async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);

    const applied = await applyMigrations(db);
    expect(applied).toEqual(readMigrations().map((migration) => migration.name));
    expect(await diffDatabaseToSchema(db.adapter)).toBe('');

    expect(await applyMigrations(db)).toEqual([]);
    const recorded = await db.withSession((session) => session.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations'));
    expect(recorded.map((row) => row.migration_name)).toEqual(applied);
  });
});
