import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CreateSecretDocument, DeleteSecretDocument, SecretsDocument, UpdateSecretDocument } from '../client/index.ts';
import { withClient, withConnection, type ConnectionFlags } from './connection.ts';
import { CommandError } from './failure.ts';
import { printJson, printTable } from './output.ts';
import { everyNode } from './pages.ts';
import { unwrap } from './results.ts';

interface ValueFlags {
  value?: string;
  file?: string;
}

/** The value from --value or --file (- for stdin), as it is: a file's last newline stays, as kubectl's --from-file keeps it. */
function secretValueOf(flags: ValueFlags): string {
  if ((flags.value === undefined) === (flags.file === undefined))
    throw new CommandError('give the value with one of --value or --file (--file - reads it from stdin)');
  if (flags.value !== undefined) return flags.value;
  try {
    return readFileSync(flags.file === '-' ? 0 : flags.file!, 'utf8');
  } catch (error) {
    // Names the file and the system's reason: never anything of its content.
    throw new CommandError(`cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

const withValue = (command: Command) =>
  withConnection(command)
    .option('--value <value>', "the value (it stays in your shell's history: --file keeps it out)")
    .option('--file <file>', 'read the value from this file, as it is (- for stdin)');

export function addSecretCommands(program: Command): void {
  const secret = program.command('secret').description('the secret store: values tasks receive in their environment, never shown again');

  withValue(secret.command('create <path>').description('store a secret, such as /shop/db-password')).action(
    (path: string, flags: ConnectionFlags & ValueFlags) =>
      withClient(flags, async (client) => {
        const made = unwrap((await client.request(CreateSecretDocument, { input: { path, value: secretValueOf(flags) } })).createSecret);
        if (flags.json) printJson(made);
        else process.stdout.write(`Created secret ${made.path}\n`);
      }),
  );

  withValue(secret.command('update <path>').description("change a secret's value (running tasks keep theirs until restarted)")).action(
    (path: string, flags: ConnectionFlags & ValueFlags) =>
      withClient(flags, async (client) => {
        const changed = unwrap((await client.request(UpdateSecretDocument, { input: { path, value: secretValueOf(flags) } })).updateSecret);
        if (flags.json) printJson(changed);
        else process.stdout.write(`Updated secret ${changed.path}\n`);
      }),
  );

  withConnection(secret.command('list [prefix]').description("the secrets' paths and dates (never their values)")).action(
    (prefix: string | undefined, flags: ConnectionFlags) =>
      withClient(flags, async (client) => {
        const secrets = await everyNode(async (after) => (await client.request(SecretsDocument, { prefix, first: 500, after })).secrets);
        if (flags.json) return printJson(secrets);
        printTable(
          ['PATH', 'CREATED', 'UPDATED'],
          secrets.map((one) => [one.path, one.createdAt, one.updatedAt]),
        );
      }),
  );

  withConnection(secret.command('delete <path>').description('remove a secret: running tasks keep it; tasks that need it wait until it exists again')).action(
    (path: string, flags: ConnectionFlags) =>
      withClient(flags, async (client) => {
        const deleted = unwrap((await client.request(DeleteSecretDocument, { path })).deleteSecret);
        if (flags.json) printJson(deleted);
        else process.stdout.write(`Deleted secret ${deleted.path}\n`);
      }),
  );
}
