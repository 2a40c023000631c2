// The database: embedded PGlite by default, PostgreSQL when given a URL, and
// the migrations that bring either to prisma/schema.prisma.
export { openDatabase, redactUrl, type Database, type DatabaseTarget, type SqlSession, type Lease, type Presence } from './connect.ts';
export { applyMigrations, readMigrations, type Migration } from './migrations.ts';
export { StartupError } from './startup-error.ts';
export { sqlLiteral, type PlainSql, type SqlQueries, type TransactionSql } from './plain-sql.ts';
export { withTheCommit } from './with-the-commit.ts';
export { isUuid } from './ids.ts';
export { advisoryLocks } from './advisory-locks.ts';
export { createScratchDatabase, type ScratchServerDatabase } from './scratch-database.ts';
export type { PrismaClient } from '../generated/prisma/client.ts';
export { diffDatabaseToSchema } from './schema-diff.ts';
