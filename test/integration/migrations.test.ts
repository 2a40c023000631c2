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

  it("keep a kill ordered before them as the task's desired state, and the agent's last report as its reported state", async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    const migrations = readMigrations();
    const at = migrations.findIndex((migration) => migration.name.endsWith('_desired_and_reported_state'));
    await applyMigrations(db, migrations.slice(0, at));
    await db.withSession(async (session) => {
      await session.exec(`INSERT INTO "App" (id, spec, version, "updatedAt") VALUES ('/web', '{}', 1, now())`);
      // Killed by the gateway (killAt set); killed by its agent for failing health checks (no killAt); running.
      await session.exec(`INSERT INTO "Task" (id, "appId", "appVersion", state, cpus, mem, disk, "killAt") VALUES
        ('web.1', '/web', 1, 'KILLING', 0.1, 32, 0, now()), ('web.2', '/web', 1, 'KILLING', 0.1, 32, 0, NULL), ('web.3', '/web', 1, 'RUNNING', 0.1, 32, 0, NULL)`);
      await session.exec(`INSERT INTO "TaskStatus" (id, "taskId", state, timestamp) VALUES
        (gen_random_uuid(), 'web.1', 'STARTING', '2026-11-01T10:00:00Z'), (gen_random_uuid(), 'web.1', 'RUNNING', '2026-11-01T10:00:01Z'),
        (gen_random_uuid(), 'web.2', 'RUNNING', '2026-11-01T10:00:01Z'), (gen_random_uuid(), 'web.2', 'KILLING', '2026-11-01T10:00:09Z')`);
    });

    expect(await applyMigrations(db)).toEqual(migrations.slice(at).map((migration) => migration.name));
    const tasks = await db.withSession((session) =>
      session.query<{ id: string; state: string; desiredState: string; reportedState: string | null }>(
        'SELECT id, state, "desiredState", "reportedState" FROM "Task" ORDER BY id',
      ),
    );
    expect(tasks).toEqual([
      { id: 'web.1', state: 'KILLING', desiredState: 'KILL', reportedState: 'RUNNING' },
      { id: 'web.2', state: 'KILLING', desiredState: 'RUN', reportedState: 'KILLING' },
      { id: 'web.3', state: 'RUNNING', desiredState: 'RUN', reportedState: null },
    ]);
  });
});
