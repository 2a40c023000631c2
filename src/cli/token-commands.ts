import { InvalidArgumentError, type Command } from 'commander';
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument, type TokenRole } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { printJson, printTable } from './output.ts';
import { everyNode } from './pages.ts';
import { unwrap } from './results.ts';

const roles = ['viewer', 'operator', 'admin', 'agent'];

function parseRole(value: string): TokenRole {
  if (!roles.includes(value.toLowerCase())) throw new InvalidArgumentError(`"${value}" is not a role: use one of ${roles.join(', ')}`);
  return value.toUpperCase() as TokenRole;
}

export function addTokenCommands(program: Command): void {
  const token = program.command('token').description('API and agent tokens (admins only)');

  withConnection(token.command('create').description('make a token; its secret is printed once'))
    .requiredOption('--role <role>', `what it may do: ${roles.join(', ')}`, parseRole)
    .option('--name <name>', 'who or what it is for', 'cli')
    .action((flags: ConnectionFlags & { role: TokenRole; name: string }) =>
      withClient(flags, async (client) => {
        const made = unwrap((await client.request(CreateApiTokenDocument, { name: flags.name, role: flags.role })).createApiToken);
        if (flags.json) return printJson(made);
        process.stdout.write(`${made.secret}\n`);
        process.stderr.write(
          `A ${made.token.role.toLowerCase()} token "${made.token.name}" (${made.token.id}): keep the secret above now, it is not shown again\n`,
        );
      }),
    );

  withConnection(token.command('list').description('every token, by name and role (never their secrets)')).action((flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const tokens = await everyNode(async (after) => (await client.request(ApiTokensDocument, { first: 1000, after })).apiTokens);
      if (flags.json) return printJson(tokens);
      printTable(
        ['ID', 'NAME', 'ROLE', 'CREATED', 'REVOKED'],
        tokens.map((one) => [one.id, one.name, one.role, one.createdAt, one.revokedAt]),
      );
    }),
  );

  withConnection(token.command('revoke <id>').description('the token stops working at once')).action((id: string, flags: ConnectionFlags) =>
    withClient(flags, async (client) => {
      const revoked = unwrap((await client.request(RevokeApiTokenDocument, { id })).revokeApiToken);
      if (flags.json) printJson(revoked);
      else process.stdout.write(`Revoked ${revoked.name} (${revoked.id})\n`);
    }),
  );
}
