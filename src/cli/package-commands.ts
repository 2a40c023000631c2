import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import {
  InstalledPackagesDocument,
  InstallPackageDocument,
  PackageDocument,
  PackagesDocument,
  RenderPackageDocument,
  UninstallPackageDocument,
  type GatewayClient,
} from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { CommandError } from './failure.ts';
import { printFields, printJson, printTable } from './output.ts';
import { everyNode } from './pages.ts';
import { readJsonFile, unwrap } from './results.ts';

interface InstallFlags extends ConnectionFlags {
  version?: string;
  repository?: string;
  options?: string;
  appId?: string;
  yes?: boolean;
}

export function addPackageCommands(program: Command): void {
  const pkg = program.command('package').description('install packaged services from the catalog');

  withConnection(pkg.command('search [query]').description('packages by name, tag and description, best match first'))
    .option('--tag <tag>', 'only packages with this tag')
    .option('--repository <name>', 'only packages of this repository')
    .action((query: string | undefined, flags: ConnectionFlags & { tag?: string; repository?: string }) =>
      withClient(flags, async (client) => {
        const { packages } = await client.request(PackagesDocument, { search: query, tag: flags.tag, repository: flags.repository, first: 100 });
        const found = packages.edges.map((edge) => edge.node);
        if (flags.json) return printJson(found);
        printTable(
          ['NAME', 'VERSION', 'REPOSITORY', 'TAGS', 'DESCRIPTION'],
          found.map((one) => [one.name, one.version, one.repository, one.tags.join(','), one.description]),
        );
      }),
    );

  withConnection(pkg.command('describe <name>').description('a package: versions, what it needs, and its options'))
    .option('--version <version>', 'a version other than the newest')
    .option('--repository <name>', 'the repository to take it from (default: the first that has it)')
    .action((name: string, flags: ConnectionFlags & { version?: string; repository?: string }) =>
      withClient(flags, async (client) => {
        const { package: found } = await client.request(PackageDocument, { name, version: flags.version, repository: flags.repository });
        const where = flags.repository
          ? `repository ${flags.repository} (corral package search --repository ${flags.repository}, corral repo list)`
          : 'the catalog (corral package search)';
        if (!found) throw new CommandError(`no package ${name}${flags.version ? ` ${flags.version}` : ''} in ${where}`);
        if (flags.json) return printJson(found);
        if (found.notice) process.stderr.write(`Note: ${found.notice}\n`);
        printFields([
          ['name', found.name],
          ['version', `${found.version} (all: ${found.versions.join(', ')})`],
          ['repository', found.repository],
          ['description', found.description],
          ['tags', found.tags.join(', ')],
          ['needs', found.requiredPrograms.join(', ') || undefined],
          ['notes', found.preInstallNotes],
          ['installs', installability(found)],
        ]);
        const options = optionLines(found.configSchema);
        if (options.length > 0) {
          process.stdout.write('\nOptions (give them with --options file.json):\n');
          printTable(['OPTION', 'TYPE', 'DEFAULT', 'DESCRIPTION'], options);
        }
      }),
    );

  withConnection(pkg.command('install <name>').description('install a package: its apps are created in one go, or none'))
    .option('--version <version>', 'a version other than the newest')
    .option('--options <file.json>', "options, checked against the package's schema (the rest take their defaults)")
    .option('--app-id <id>', "the app or group id to install it as (default: the package's own)")
    .option('--repository <name>', 'the repository to take it from (default: the first that has it)')
    .option('--yes', 'do not ask before installing')
    .action((name: string, flags: InstallFlags) => withClient(flags, (client) => install(client, name, flags)));

  withConnection(pkg.command('list').description('installed packages and their apps')).action((flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const installed = await everyNode(async (after) => (await client.request(InstalledPackagesDocument, { first: 1000, after })).installedPackages);
      if (flags.json) return printJson(installed);
      printTable(
        ['APP ID', 'PACKAGE', 'VERSION', 'REPOSITORY', 'APPS'],
        installed.map((one) => [one.appId, one.name, one.version, one.repository, one.apps.map((app) => app.id).join(',')]),
      );
    }),
  );

  withConnection(pkg.command('uninstall <app-id>').description('remove an installed package and all of its apps')).action(
    (appId: string, flags: ConnectionFlags) =>
      withClient(flags, async (client) => {
        const removed = unwrap((await client.request(UninstallPackageDocument, { appId })).uninstallPackage);
        if (flags.json) return printJson(removed);
        process.stdout.write(`Uninstalled ${removed.name} ${removed.version} from ${removed.appId}: removed ${removed.removedAppIds.join(', ')}\n`);
      }),
  );
}

async function install(client: GatewayClient, name: string, flags: InstallFlags): Promise<void> {
  const options = flags.options ? readJsonFile(flags.options) : undefined;
  const variables = { name, version: flags.version, options, appId: flags.appId, repository: flags.repository };
  if (!flags.yes) {
    const preview = unwrap((await client.request(RenderPackageDocument, variables)).renderPackage);
    for (const notice of preview.notices) process.stderr.write(`Note: ${notice}\n`);
    if (!process.stdin.isTTY)
      throw new CommandError(`installing ${name} would create ${preview.apps.map((app) => app.id).join(', ')}: add --yes to install without asking`);
    process.stderr.write(`This creates ${preview.apps.map((app) => `${app.id} (${app.instances} x ${app.cpus} cpus, ${app.mem} MiB)`).join(', ')}.\n`);
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question('Install? [y/N] ');
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) throw new CommandError('not installed');
  }
  const installed = unwrap((await client.request(InstallPackageDocument, variables)).installPackage);
  if (flags.json) return printJson(installed);
  for (const notice of installed.notices) process.stdout.write(`Note: ${notice}\n`);
  const { installedPackage } = installed;
  process.stdout.write(
    `Installed ${installedPackage.name} ${installedPackage.version} as ${installedPackage.appId}: ${installed.apps.map((app) => `${app.app.id} (deployment ${app.deployment?.id ?? '-'})`).join(', ')}\n`,
  );
  if (installed.agentsNotQualifying) process.stdout.write(`Agents that cannot run it: ${installed.agentsNotQualifying}\n`);
  if (installed.qualifyingAgents.totalCount === 0) process.stdout.write('No agent qualifies yet: its apps wait until one does (corral app show)\n');
  if (installed.postInstallNotes) process.stdout.write(`${installed.postInstallNotes}\n`);
}

/** Whether `package install` can take it, and why not. */
function installability(found: { hasAppTemplate: boolean; framework: boolean }): string {
  if (!found.hasAppTemplate) return 'no: it has no app template (a CLI-only package)';
  if (found.framework) return 'no: it is a Mesos framework scheduler, which needs a Mesos master (Corral is not one)';
  return 'yes';
}

/** The top-level options of a package's JSON Schema (nested objects as dotted names), for people to read. */
function optionLines(schema: unknown, prefix = ''): [string, string, string, string][] {
  const properties =
    (schema as { properties?: Record<string, { type?: string; default?: unknown; description?: string; properties?: unknown }> } | null)?.properties ?? {};
  return Object.entries(properties).flatMap(([key, property]) =>
    property.type === 'object' && property.properties
      ? optionLines(property, `${prefix}${key}.`)
      : [[`${prefix}${key}`, property.type ?? '', property.default === undefined ? '' : JSON.stringify(property.default), property.description ?? '']],
  );
}
