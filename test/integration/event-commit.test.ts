import { describe, expect, it } from 'vitest';
import { sqlLiteral } from '../../src/db/index.ts';
import { recordChange, recordChangeInSql, type Emit } from '../../src/events/index.ts';
import { databaseKinds, migratedDatabaseForSuite } from '../helpers/databases.ts';

// A change's events are inserted with its COMMIT, in one message. When they cannot be stored, the
// server skips the COMMIT: the change must be rolled back, and its connection fit for the next.
describe.each(databaseKinds)('a change whose events cannot be stored, on %s', (kind) => {
  const database = migratedDatabaseForSuite(kind);
  // PostgreSQL's jsonb refuses \u0000: the events' INSERT fails, after the change's own statements succeeded.
  const unstorable = { type: 'token.created', subject: 'bad', payload: { tokenId: 'bad', name: 'nul \u0000 inside', role: 'VIEWER' } } as const;

  it('leaves nothing of the change, through Prisma or plain SQL, and every connection serves the next change', async () => {
    const db = database();
    const tokenNames = async () => (await db.prisma.apiToken.findMany({ orderBy: { name: 'asc' } })).map((token) => token.name);
    const loggedNames = async () =>
      (await db.prisma.event.findMany({ where: { type: 'token.created' }, orderBy: { sequence: 'asc' } })).map(
        (event) => (event.payload as { name: string }).name,
      );
    const through = {
      prisma: (name: string, events: (id: string) => Parameters<Emit>[0] | undefined) =>
        recordChange(db.prisma, async (tx, emit) => {
          const token = await tx.apiToken.create({ data: { name, role: 'VIEWER', hash: `hash-${name}` } });
          const event = events(token.id);
          if (event) emit(event);
        }),
      sql: (name: string, events: (id: string) => Parameters<Emit>[0] | undefined) =>
        recordChangeInSql(db.sql, async (tx, emit) => {
          const [token] = await tx.query<{ id: string }>(
            `INSERT INTO "ApiToken" (id, name, role, hash) VALUES (gen_random_uuid(), $1, 'VIEWER', $2) RETURNING id::text`,
            [name, `hash-${name}`],
          );
          const event = events(token!.id);
          if (event) emit(event);
        }),
      // As an agents' status batch: its first statement (no parameters) goes with the BEGIN, its write with the COMMIT.
      batched: (name: string, events: (id: string) => Parameters<Emit>[0] | undefined) =>
        recordChangeInSql(db.sql, async (tx, emit) => {
          const [row] = await tx.query<{ id: string }>('SELECT gen_random_uuid()::text AS id');
          tx.atCommit(
            `INSERT INTO "ApiToken" (id, name, role, hash) VALUES (${sqlLiteral(row!.id)}, ${sqlLiteral(name)}, 'VIEWER', ${sqlLiteral(`hash-${name}`)})`,
          );
          const event = events(row!.id);
          if (event) emit(event);
        }),
    };
    const stored = (id: string, name: string): Parameters<Emit>[0] => ({ type: 'token.created', subject: id, payload: { tokenId: id, name, role: 'VIEWER' } });

    const paths = ['batched', 'prisma', 'sql'] as const;
    for (const path of paths) {
      // More failures than the pool has connections, then as many changes: one connection left in
      // its aborted transaction would fail a change that follows.
      for (let i = 0; i < 12; i++) await expect(through[path](`${path}-bad-${i}`, () => unstorable)).rejects.toThrow();
      expect(await tokenNames()).not.toContainEqual(expect.stringContaining(`${path}-bad`));
      for (let i = 0; i < 12; i++) {
        const name = `${path}-good-${String(i).padStart(2, '0')}`;
        await through[path](name, (id) => stored(id, name));
      }
    }
    const good = paths.flatMap((path) => Array.from({ length: 12 }, (_, i) => `${path}-good-${String(i).padStart(2, '0')}`));
    expect(await tokenNames()).toEqual(good);
    expect(await loggedNames()).toEqual(good);
  });

  it('leaves nothing when a write sent with the COMMIT fails, its events neither', async () => {
    const db = database();
    const before = await db.prisma.event.count();
    const change = recordChangeInSql(db.sql, async (tx, emit) => {
      await tx.query('SELECT 1');
      // ApiToken.hash is unique: the second INSERT fails after the first succeeded, in the same message.
      for (const name of ['twin-a', 'twin-b'])
        tx.atCommit(`INSERT INTO "ApiToken" (id, name, role, hash) VALUES (gen_random_uuid(), '${name}', 'VIEWER', 'same-hash')`);
      emit({ type: 'token.created', subject: 'twin', payload: { tokenId: 'twin', name: 'twin', role: 'VIEWER' } });
    });
    await expect(change).rejects.toThrow(/duplicate key|unique/i);
    expect(await db.prisma.apiToken.count({ where: { name: { startsWith: 'twin' } } })).toBe(0);
    expect(await db.prisma.event.count()).toBe(before);
  });
});
