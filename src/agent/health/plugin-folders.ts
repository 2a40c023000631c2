import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROTOCOL_NAME, type CorralPlugin } from '../../plugin-api/index.ts';

/** A plugin folder that cannot be used: the agent does not start with it. */
export class PluginLoadError extends Error {
  override name = 'PluginLoadError';
}

/** index.js first: a bundled agent (plain node) loads plugins built to JavaScript; under tsx or vitest index.ts works too. */
const ENTRY_FILES = ['index.js', 'index.mjs', 'index.ts'];

/** Imports each folder's index and checks that it default-exports a plugin (definePlugin's shape). */
export async function loadPluginFolders(folders: string[]): Promise<CorralPlugin[]> {
  const plugins: CorralPlugin[] = [];
  for (const folder of folders) {
    const dir = resolve(folder);
    const entry = ENTRY_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
    if (!entry) throw new PluginLoadError(`plugin folder ${dir} has no ${ENTRY_FILES.join(', ')}`);
    let module: { default?: unknown };
    try {
      module = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { default?: unknown };
    } catch (error) {
      throw new PluginLoadError(`cannot load the plugin in ${dir}: ${(error as Error).message}`);
    }
    const problem = shapeProblem(module.default);
    if (problem) throw new PluginLoadError(`${entry} does not default-export a plugin: ${problem}`);
    plugins.push(module.default as CorralPlugin);
  }
  return plugins;
}

function shapeProblem(plugin: unknown): string | undefined {
  if (typeof plugin !== 'object' || plugin === null) return 'export default definePlugin({ name, healthChecks })';
  const { name, healthChecks, readinessChecks } = plugin as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') return 'it needs a name';
  for (const [field, checkers] of Object.entries({ healthChecks, readinessChecks })) {
    if (checkers === undefined) continue;
    if (typeof checkers !== 'object' || checkers === null) return `${field} must map protocol names to functions`;
    for (const [protocol, checker] of Object.entries(checkers)) {
      if (!PROTOCOL_NAME.test(protocol)) return `${field}.${protocol}: protocol names are capitals, digits and _ (HTTP, MY_CHECK)`;
      if (typeof checker !== 'function') return `${field}.${protocol} must be a function`;
    }
  }
  return undefined;
}
