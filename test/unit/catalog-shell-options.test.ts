import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInput, type AppSpec } from '../../src/apps/index.ts';
import { loadRepository, packageApps, renderApps, resolveOptions, schemaDefaults, type PackageFiles, type PackageVersion } from '../../src/catalog/index.ts';

// Bad input: an option that would reach a shell is passed as data, never interpreted. Every package of
// the built-in universe (whatever it holds when this runs) is rendered with hostile values in each of
// its string options, one at a time; each app's cmd then runs under /bin/sh with the rendered env, its
// programs replaced by stubs, and no command smuggled in a value may have run.

type Json = Record<string, unknown>;
const universe = fileURLToPath(new URL('../../universe', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'corral-shell-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Values that run `touch <canary>/<name>` wherever a shell reads them as code (relative: a cmd that makes the path makes it in its sandbox). */
function hostileValues(canary: string): Record<string, string> {
  const touch = (name: string) => `touch '${canary}/${name}'`;
  return {
    semicolon: `data; ${touch('semicolon')}; echo`,
    substitution: `data/$(${touch('substitution')})`,
    backticks: `data/\`${touch('backticks')}\``,
    singleQuote: `it's'; ${touch('single-quote')}; echo '`,
    doubleQuote: `data"; ${touch('double-quote')}; echo "`,
    newline: `data\n${touch('newline')}\n`,
    ampersand: `data && ${touch('ampersand')} || ${touch('ampersand')}`,
  };
}

/** The dotted paths of the schema's string options that take free text (no enum). */
function stringOptions(schema: Json, prefix: string[] = []): string[][] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).flatMap(([name, property]) => {
    if (property.type === 'object' || property.properties) return stringOptions(property, [...prefix, name]);
    return property.type === 'string' && !property.enum ? [[...prefix, name]] : [];
  });
}

/**
 * Options that satisfy the schema's required options without defaults (postgresql's password), with
 * every absolute path moved under `root`: the cmds run here make their data directories.
 */
function baseOptions(schema: Json, root: string, defaults: Json = schemaDefaults(schema)): Json {
  const filled: Json = { ...defaults };
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, property] of Object.entries(properties)) {
    if (property.type === 'object' || property.properties) filled[name] = baseOptions(property, join(root, name), (defaults[name] ?? {}) as Json);
    else if (typeof filled[name] === 'string' && (filled[name] as string).startsWith('/')) filled[name] = join(root, name);
    // An empty directory option means one the cmd derives on the agent (/var/lib/postgresql/corral/<app id>, Debian's bin dir): here, one of ours.
    else if (filled[name] === '' && name.endsWith('_dir')) filled[name] = join(root, name);
    else if (filled[name] === undefined && ((schema.required as string[] | undefined) ?? []).includes(name)) {
      filled[name] = property.type === 'string' ? 'a long enough secret' : property.type === 'boolean' ? false : (property.minimum ?? 1);
    }
  }
  return filled;
}

function withValue(options: Json, path: string[], value: string): Json {
  const copy = structuredClone(options);
  let node = copy;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[path.at(-1)!] = value;
  return copy;
}

/** Runs the app's cmd as an agent would (/bin/sh -c in its sandbox, with its env), its programs stubbed; resolves when it ends or after 10 s. */
async function runCmd(app: AppSpec, sandbox: string): Promise<void> {
  const stubs = join(sandbox, '.stubs');
  mkdirSync(stubs, { recursive: true });
  // Stand-ins for the servers the cmd ends in, so nothing real starts: they record nothing and exit.
  const programs = new Set([...app.cmd!.matchAll(/\bexec\s+([\w.+-]+)/g)].map((match) => match[1]!));
  for (const program of [
    ...programs,
    'initdb',
    'postgres',
    'pg_ctl',
    'mariadbd',
    'mysqld',
    'mariadb-install-db',
    'mysql_install_db',
    'redis-server',
    'memcached',
    'nginx',
    'node',
    'java',
  ]) {
    writeFileSync(join(stubs, program), '#!/bin/sh\nexit 0\n');
    chmodSync(join(stubs, program), 0o755);
  }
  const env: Record<string, string> = {
    PATH: `${stubs}:/usr/bin:/bin`,
    HOME: sandbox,
    MESOS_SANDBOX: sandbox,
    PORT0: '39901',
    PORT1: '39902',
    PORT: '39901',
    HOST: '127.0.0.1',
  };
  for (const [name, value] of Object.entries(app.env)) if (typeof value === 'string') env[name] = value;
  await new Promise<void>((resolve) => {
    const child = spawn('/bin/sh', ['-c', app.cmd!], { cwd: sandbox, env, detached: true, stdio: 'ignore' });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    child.on('exit', () => {
      clearTimeout(timer);
      // What the cmd left in the background (a writer waiting on a named pipe for a stubbed server) goes with it.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // nothing left
      }
      resolve();
    });
  });
}

/** Each string option of the package set to each hostile value in turn: what became of it ("refused" or "data"); fails the test where a shell ran one. */
async function probe(pkg: PackageVersion, files: PackageFiles): Promise<string[]> {
  const base = baseOptions(files.configSchema, join(work, `${pkg.name}-paths`));
  const outcomes: string[] = [];
  for (const path of stringOptions(files.configSchema)) {
    const option = path.join('.');
    const canary = mkdtempSync(join(work, `${pkg.name}-canary-`));
    for (const [kind, value] of Object.entries(hostileValues(canary))) {
      let specs: AppSpec[];
      try {
        const options = resolveOptions(pkg, files.configSchema, withValue(base, path, value));
        specs = packageApps(pkg, renderApps(files.template!, { options, resource: files.resource, pkg }), `/${pkg.name}-probe`).specs;
      } catch (error) {
        // Refused before anything runs, naming the option (schema) or the app field it reached.
        expect(error, `${option} ${kind}`).toBeInstanceOf(InvalidInput);
        outcomes.push(`${option} ${kind}: refused`);
        continue;
      }
      for (const app of specs) {
        // Never spliced into what a shell parses: cmd and COMMAND checks.
        expect(app.cmd ?? '', `${app.id} cmd with ${option} ${kind}`).not.toContain(canary);
        for (const check of app.healthChecks) expect(JSON.stringify(check), `${app.id} health check with ${option} ${kind}`).not.toContain(canary);
        if (!app.cmd) continue;
        const sandbox = mkdtempSync(join(work, `${pkg.name}-sandbox-`));
        await runCmd(app, sandbox);
        expect(readdirSync(canary), `${app.id} ran a command smuggled in ${option} (${kind})`).toEqual([]);
        rmSync(sandbox, { recursive: true, force: true });
      }
      outcomes.push(`${option} ${kind}: data`);
    }
  }
  return outcomes;
}

describe('options that would reach a shell, in every built-in package', async () => {
  const repository = await loadRepository('universe', universe);
  const names = [...new Set(repository.packages.map((found) => found.name))];

  it('covers the packages that put options in cmd or in env read by cmd', () => {
    expect(names).toEqual(expect.arrayContaining(['memcached', 'nginx', 'postgresql', 'redis', 'spark']));
  });

  it.each(names)(
    '%s: each hostile value is refused by the schema, refused as an app field, or kept as data that no shell runs',
    async (name) => {
      const pkg = repository.packages.find((found) => found.name === name)!;
      const files = await repository.files(pkg);
      const outcomes = await probe(pkg, files);
      // Every string option was tried with every hostile value.
      expect(outcomes.length).toBe(stringOptions(files.configSchema).length * Object.keys(hostileValues('x')).length);
    },
    180_000,
  );

  it('the probe itself catches a template that splices an option into cmd, and one whose cmd evaluates an env value', async () => {
    const schema = { type: 'object', properties: { root: { type: 'string', default: 'www' } } };
    const pkg = { ...repository.packages[0]!, name: 'spliced' };
    const resource = {};
    for (const template of ['{ "id": "s", "cmd": "ls {{root}}" }', '{ "id": "s", "cmd": "eval ls \\"$ROOT\\"", "env": { "ROOT": "{{root}}" } }']) {
      const failure = await probe(pkg, { configSchema: schema, template, resource }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failure, template).toMatch(/cmd with root|ran a command smuggled in root/);
    }
  });
});
