import type { SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

const MARK = '/* corral: sent with the COMMIT */\n';

/**
 * `sql`, a statement without parameters, marked so that the Prisma transaction it runs in holds it
 * back and sends it with its COMMIT, in one message (PostgreSQL skips the COMMIT if it fails). What
 * it locks is then held for the server's work alone, not for a round trip through this process's
 * event loop, as PlainSql.transaction's `lastStatement` does on the plain SQL path. Without the
 * adapter below (PGlite, in process), it runs where it stands.
 */
export function withTheCommit(sql: string): string {
  return MARK + sql;
}

/** The adapter, its transactions holding back the statements `withTheCommit` marks until their COMMIT. */
export function sendingWithTheCommit<Factory extends SqlMigrationAwareDriverAdapterFactory>(factory: Factory): Factory {
  return returning(factory, 'connect', (adapter) => returning(adapter, 'startTransaction', holdingUntilCommit));
}

function holdingUntilCommit(transaction: Transaction): Transaction {
  let held: string | undefined;
  const executeRaw = async (query: SqlQuery): Promise<number> => {
    if (query.sql.startsWith(MARK) && query.args.length === 0) {
      held = held === undefined ? query.sql : `${held};\n${query.sql}`;
      return 0;
    }
    if (held === undefined || query.sql !== 'COMMIT') {
      if (query.sql === 'ROLLBACK') held = undefined;
      return transaction.executeRaw(query);
    }
    const sql = `${held};\nCOMMIT`;
    held = undefined;
    try {
      return await transaction.executeRaw({ ...query, sql });
    } catch (error) {
      // The server skipped the COMMIT: the transaction is still open, and its connection goes back to the pool.
      await transaction.executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] }).catch(() => undefined);
      throw error;
    }
  };
  return new Proxy(transaction, {
    get: (object, key) => (key === 'executeRaw' ? executeRaw : bound(object, key)),
  });
}

/** `target`, whose method `key` gives what `change` makes of its result. */
function returning<T extends object, R extends object>(target: T, key: PropertyKey, change: (result: R) => R): T {
  return new Proxy(target, {
    get: (object, property) => {
      if (property !== key) return bound(object, property);
      const method = Reflect.get(object, property, object) as (...args: unknown[]) => Promise<R>;
      return async (...args: unknown[]) => change(await method.apply(object, args));
    },
  });
}

function bound(object: object, key: PropertyKey): unknown {
  const value: unknown = Reflect.get(object, key, object);
  return typeof value === 'function' ? value.bind(object) : value;
}
