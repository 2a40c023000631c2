import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';

// A gateway holds a pooled connection between two statements of a transaction or session. When
// PostgreSQL shuts down then, the server's farewell reaches that connection while nobody waits on
// it: it crashed the gateway (the chaos test of a PostgreSQL restart, under CI load).
describe('a PostgreSQL connection lost while the gateway holds it between statements', () => {
  let postgres: PrivatePostgres;
  let db: Database;

  beforeAll(async () => {
    postgres = await startPrivatePostgres({ port: chaosPorts(5)[0] });
    db = await openDatabase({ url: await postgres.createDatabase('connection_loss') });
  });
  afterAll(async () => {
    await db?.close();
    await postgres?.destroy();
  });

  it('fails the work that held it, crashes nothing, and later work gets a new connection', async () => {
    const lentOut = db.withSession(async (session) => {
      await session.query('SELECT 1');
      await postgres.stop('fast'); // the server says goodbye to this connection while it sits idle
      await new Promise((resolve) => setTimeout(resolve, 200));
      return session.query('SELECT 1');
    });
    await expect(lentOut).rejects.toThrow();
    const inTransaction = db.prisma.$transaction(async (tx) => {
      await postgres.start();
      await tx.$queryRaw`SELECT 1`;
      await postgres.stop('fast');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return tx.$queryRaw`SELECT 1`;
    });
    await expect(inTransaction).rejects.toThrow();

    await postgres.start();
    expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await db.prisma.$queryRaw`SELECT 2 AS two`).toEqual([{ two: 2 }]);
  });
});
