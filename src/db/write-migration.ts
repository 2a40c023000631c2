// `npm run db:migration -- <name>`: writes the next migration from the change to schema.prisma.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './connect.ts';
import { applyMigrations, migrationsDir } from './migrations.ts';
import { diffDatabaseToSchema } from './schema-diff.ts';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/i.test(name)) {
  console.error('usage: npm run db:migration -- <name>   (letters, digits and _)');
  process.exit(2);
}

// Replay every migration into a throwaway embedded database, then diff it against the schema.
const db = await openDatabase({ memory: true });
try {
  await applyMigrations(db);
  const sql = await diffDatabaseToSchema(db.adapter);
  if (!sql) {
    console.log('schema.prisma and the migrations agree: nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), sql);
    console.log(`wrote ${dir}/migration.sql`);
  }
} finally {
  await db.close();
}
