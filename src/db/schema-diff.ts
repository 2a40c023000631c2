import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export const schemaPath = new URL('../../prisma/schema.prisma', import.meta.url).pathname;

let instantiated: Promise<void> | undefined;

/** Loads the wasm by hand, so no --experimental-wasm-modules flag is needed. */
function loadEngine(): Promise<void> {
  instantiated ??= (async () => {
    const pkg = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = readFileSync(join(dirname(pkg), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings as never });
    (bindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  })();
  return instantiated;
}

const filters = { externalTables: [], externalEnums: [] };

/**
 * The SQL that takes the database behind `adapter` to schema.prisma; an empty
 * string when they already agree.
 */
export async function diffDatabaseToSchema(adapter: SqlMigrationAwareDriverAdapterFactory, schema = readFileSync(schemaPath, 'utf8')): Promise<string> {
  await loadEngine();
  const files = [{ path: 'schema.prisma', content: schema }];
  const engine: SchemaEngine = await (bindings as unknown as typeof import('@prisma/schema-engine-wasm')).SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: '.' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters,
    } as never);
    const sql = (result as { stdout: string }).stdout;
    return sql.includes('This is an empty migration') ? '' : sql;
  } finally {
    engine.free();
  }
}
