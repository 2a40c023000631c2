import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { GatewayClient } from '../client/index.ts';
import { configPath } from './config-path.ts';
import { devTokenFor } from './dev-credentials.ts';
import { CommandError } from './failure.ts';

export { configPath } from './config-path.ts';

export interface ConnectionFlags {
  url?: string;
  token?: string;
  json?: boolean;
}

interface ConfigFile {
  url?: string;
  token?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** The flags every command that talks to a gateway takes; commander gives flags precedence over the variables. */
export function withConnection(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', `the gateway (default: the config file's url, else ${DEFAULT_URL})`).env('CORRAL_URL'))
    .addOption(
      new Option('--token <token>', "an API token (default: that of the corral dev running at a loopback --url, else the config file's token)").env(
        'CORRAL_TOKEN',
      ),
    )
    .addOption(new Option('--json', 'print JSON for scripts instead of tables'));
}

export function connect(flags: ConnectionFlags): GatewayClient {
  const config = readConfig();
  const url = flags.url ?? config.url ?? DEFAULT_URL;
  if (!/^https?:\/\//.test(url)) throw new CommandError(`--url "${url}" is not an http(s) URL`);
  // `corral dev` then `corral app list` in another terminal: the token of the corral dev running at that URL on this machine
  // comes before the config file's, which is meant for the gateway the config names.
  return new GatewayClient({ url, token: flags.token ?? devTokenFor(url) ?? config.token });
}

function readConfig(): ConfigFile {
  const path = configPath();
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it is not a JSON object');
    return parsed as ConfigFile;
  } catch (error) {
    throw new CommandError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
}

/** Runs an operator command with a client, closing it (and its socket) afterwards; failures become one line. */
export async function withClient<T>(flags: ConnectionFlags, run: (client: GatewayClient) => Promise<T>): Promise<T> {
  const client = connect(flags);
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}
