import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { StatementCount } from './statement-count.ts';

/** Statements with `$1`-style parameters, answered with their rows. */
export interface SqlQueries {
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/**
 * SQL beside Prisma, for the few paths every poll and every placement takes. Prisma turns each
 * query's parameters into JSON and back and each row into an object through its query plan: for a
 * status batch or a placement of thousands of rows that cost more than the database's work. Rows
 * come as the driver reads them (timestamps as Date, json parsed, arrays as arrays); int8 differs
 * between the drivers (a string, a number), so queries cast it to text.
 */
export interface PlainSql extends SqlQueries {
  /** `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: (sql: SqlQueries) => Promise<T>): Promise<T>;
}

export function poolSql(pool: pg.Pool, statements: StatementCount): PlainSql {
  const on = (client: pg.Pool | pg.PoolClient): SqlQueries => ({
    query: async <Row>(text: string, values?: readonly unknown[]) => {
      statements.add();
      return (await client.query(text, values as unknown[])).rows as Row[];
    },
  });
  return {
    ...on(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      const sql = on(client);
      let broken: Error | undefined;
      try {
        await sql.query('BEGIN');
        const value = await work(sql);
        await sql.query('COMMIT');
        return value;
      } catch (error) {
        // A connection whose ROLLBACK fails is in no known state: it goes, rather than back to the pool.
        await sql.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

export function pgliteSql(lite: PGlite, statements: StatementCount): PlainSql {
  const on = (client: Pick<PGlite, 'query'>): SqlQueries => ({
    query: async <Row>(text: string, values?: readonly unknown[]) => {
      statements.add();
      return (await client.query<Row>(text, values as unknown[])).rows;
    },
  });
  return {
    ...on(lite),
    transaction: (work) => lite.transaction((tx) => work(on(tx))),
  };
}
