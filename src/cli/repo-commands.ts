import type { Command } from 'commander';
import { AddCatalogRepositoryDocument, CatalogRepositoriesDocument, RemoveCatalogRepositoryDocument } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { CommandError } from './failure.ts';
import { printJson, printTable } from './output.ts';
import { unwrap } from './results.ts';

export function addRepoCommands(program: Command): void {
  const repo = program.command('repo').description('catalog repositories: where packages come from');

  withConnection(repo.command('list').description('the repositories, in the order they are searched')).action((flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const { catalogRepositories } = await client.request(CatalogRepositoriesDocument, {});
      if (flags.json) return printJson(catalogRepositories);
      printTable(
        ['NAME', 'URI', 'PACKAGES', 'PROBLEM'],
        catalogRepositories.map((one) => [one.name + (one.builtIn ? ' (built in)' : ''), one.uri, one.packageCount, one.problem]),
      );
    }),
  );

  withConnection(repo.command('add <name> <uri>').description("add a repository: a folder or an http(s) URL, in Corral's or DC/OS Universe's layout")).action(
    (name: string, uri: string, flags: ConnectionFlags) =>
      withClient(flags, async (client) => {
        const answer = (await client.request(AddCatalogRepositoryDocument, { name, uri })).addCatalogRepository;
        if (answer.__typename === 'CatalogRepositoryUnreadableError') throw new CommandError(`cannot read ${uri}: ${answer.reason}`);
        const added = unwrap(answer);
        if (flags.json) return printJson(added);
        process.stdout.write(`Added ${added.name} (${added.packageCount} packages)\n`);
      }),
  );

  withConnection(repo.command('remove <name>').description('remove a repository (installed packages stay)')).action((name: string, flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const removed = unwrap((await client.request(RemoveCatalogRepositoryDocument, { name })).removeCatalogRepository);
      if (flags.json) return printJson(removed);
      process.stdout.write(`Removed ${removed.name}\n`);
    }),
  );
}
