import { Counter, type Registry } from 'prom-client';
import type { Database } from '../db/index.ts';

/**
 * The database counts statements as a plain number (the cheapest thing on
 * its hot path); the counter reads it at each scrape. Registered before the
 * gauges, it is read before their own queries go out, so a scrape adds the
 * same few statements to the next one and nothing to itself.
 */
export function registerDatabaseStatements(registry: Registry, db: Database): void {
  new Counter({
    name: 'corral_database_statements_total',
    help: 'SQL statements this gateway sent to its database (those of Prisma, batched ones included, and of its raw sessions)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(db.statementsSent());
    },
  });
}
