import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** The calls of a driver adapter, or of a connection or transaction it gives, that each send one statement. */
const SENDS_A_STATEMENT = new Set<PropertyKey>(['queryRaw', 'executeRaw']);
/**
 * A transaction's end: Prisma sends COMMIT or ROLLBACK through executeRaw and then calls these to
 * give the connection back, except for an adapter whose driver ends transactions itself ("phantom"
 * statements, as PGlite's): then these send it.
 */
const ENDS_A_TRANSACTION = new Set<PropertyKey>(['commit', 'rollback']);
/** The calls whose result is itself a connection or a transaction, whose statements count too. */
const GIVES_A_CONNECTION = new Set<PropertyKey>(['connect', 'connectToShadowDb', 'startTransaction']);

/**
 * How many SQL statements this process has sent, for /metrics and the benchmarks: Prisma's
 * statements are counted at its driver adapter, the plain SQL path's where it sends them. Not from
 * Prisma's query log: with it on, Prisma writes every query's parameters as JSON for the log, which
 * for a status batch or a placement of thousands of rows cost more than the statement itself.
 */
export class StatementCount {
  sent = 0;

  add(): void {
    this.sent++;
  }

  /** The adapter, counting every statement Prisma sends through it (a transaction's COMMIT included, as Prisma's log did). */
  adapter<Factory extends SqlMigrationAwareDriverAdapterFactory>(factory: Factory): Factory {
    return this.counted(factory);
  }

  private counted<T extends object>(target: T): T {
    // One wrapper per method and connection, made at its first call: every statement goes through here.
    const wrappers = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key, object);
        if (typeof value !== 'function') return value;
        let wrapper = wrappers.get(key);
        if (!wrapper) wrappers.set(key, (wrapper = this.wrapped(object, key, value as (...args: unknown[]) => unknown)));
        return wrapper;
      },
    });
  }

  private wrapped(object: object, key: PropertyKey, method: (...args: unknown[]) => unknown): unknown {
    if (SENDS_A_STATEMENT.has(key) || (ENDS_A_TRANSACTION.has(key) && endsItself(object))) {
      return (...args: unknown[]) => {
        this.add();
        return method.apply(object, args);
      };
    }
    if (GIVES_A_CONNECTION.has(key)) return async (...args: unknown[]) => this.counted((await method.apply(object, args)) as object);
    return method.bind(object);
  }
}

function endsItself(transaction: object): boolean {
  return (transaction as { options?: { usePhantomQuery?: boolean } }).options?.usePhantomQuery === true;
}
