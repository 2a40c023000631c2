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
  /**
   * `work` in one transaction, committed when it resolves and rolled back when it throws. `lastStatement`,
   * asked once `work` resolved, is a statement without parameters (values as literals: `sqlLiteral`) that
   * goes to the server with the COMMIT, in one message: whatever it locks is held to the commit without
   * waiting on this process in between (the event log's lock: see events/record.ts).
   */
  transaction<T>(work: (sql: TransactionSql) => Promise<T>, lastStatement?: () => string | undefined): Promise<T>;
}

/**
 * A transaction's statements. Each message to PostgreSQL is a round trip, and on a busy machine a
 * round trip waits for a core twice (the server's backend, then this process): in a burst, 30 to 60
 * ms each for a gateway that serves agents. So BEGIN goes with the first statement when that one has
 * no parameters, and a write whose answer is not needed goes with the COMMIT: an agents' status batch
 * is two messages, not five (bench/README.md, scale).
 */
export interface TransactionSql extends SqlQueries {
  /** `statement`, without parameters, sent with the COMMIT (before `lastStatement`), in the same message. */
  atCommit(statement: string): void;
}

/**
 * A string as an SQL literal, for a statement sent without parameters. As pg's escapeLiteral, but
 * with two replaces: its loop added the text to the literal a character at a time, which for the
 * megabytes of a large placement's events held the leader for tens of milliseconds and a few hundred
 * megabytes of string pieces. With backslashes, E'' reads the same whatever standard_conforming_strings says.
 */
export function sqlLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
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
    transaction: async (work, lastStatement) => {
      const client = await pool.connect();
      const sql = on(client);
      const atCommit: string[] = [];
      let begun = false;
      /** Without parameters, BEGIN and the statement go as one simple query; its rows are the statement's. */
      const begin = async <Row>(text: string): Promise<Row[]> => {
        begun = true;
        statements.add();
        const results = (await client.query(`BEGIN;\n${text}`)) as unknown as pg.QueryResult[];
        return (results.at(-1)?.rows ?? []) as Row[];
      };
      const tx: TransactionSql = {
        query: async <Row>(text: string, values?: readonly unknown[]) => {
          if (begun) return sql.query<Row>(text, values);
          if (values === undefined || values.length === 0) return begin<Row>(text);
          begun = true;
          await sql.query('BEGIN');
          return sql.query<Row>(text, values);
        },
        atCommit: (statement) => void atCommit.push(statement),
      };
      let broken: Error | undefined;
      try {
        const value = await work(tx);
        const last = lastStatement?.();
        const tail = [...atCommit, ...(last ? [last] : [])];
        if (!begun && tail.length === 0) return value;
        // As one simple query: should a statement fail, the server skips the rest and the COMMIT.
        const message = [...(begun ? [] : ['BEGIN']), ...tail, 'COMMIT'].join(';\n');
        begun = true;
        await sql.query(message);
        return value;
      } catch (error) {
        // A connection whose ROLLBACK fails is in no known state: it goes, rather than back to the pool.
        if (begun) await sql.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
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
    transaction: (work, lastStatement) =>
      lite.transaction(async (tx) => {
        const atCommit: string[] = [];
        const value = await work({ ...on(tx), atCommit: (statement) => void atCommit.push(statement) });
        const last = lastStatement?.();
        const tail = [...atCommit, ...(last ? [last] : [])];
        if (tail.length > 0) await (statements.add(), tx.exec(tail.join(';\n')));
        return value;
      }),
  };
}
