import { Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { openDatabase, redactUrl, type DatabaseTarget } from '../db/index.ts';
import { startGateway } from '../server/index.ts';
import { exitWithFailure } from './failure.ts';
import { createLogger } from './logger.ts';
import { hostOption, portOption } from './options.ts';

interface GatewayFlags {
  port: number;
  host: string;
}

export function addGatewayCommands(program: Command): void {
  program
    .command('dev')
    .description('run a gateway with an embedded PostgreSQL (PGlite) on this machine, for trying Corral out')
    .addOption(portOption())
    .addOption(hostOption('127.0.0.1'))
    .addOption(new Option('--data <dir>', 'where the embedded database keeps its files').env('CORRAL_DATA').default('./.corral/data'))
    .action(async (flags: GatewayFlags & { data: string }) => {
      await runGateway({ dataDir: flags.data }, flags, `embedded PostgreSQL in ${flags.data}`);
    });

  program
    .command('server')
    .description('run a gateway on a PostgreSQL server, for production')
    .addOption(new Option('--database-url <url>', 'postgresql://user:password@host:port/database').env('DATABASE_URL').makeOptionMandatory())
    .addOption(portOption())
    .addOption(hostOption('0.0.0.0'))
    .action(async (flags: GatewayFlags & { databaseUrl: string }) => {
      await runGateway({ url: flags.databaseUrl }, flags, `PostgreSQL at ${redactUrl(flags.databaseUrl)}`);
    });
}

async function runGateway(target: DatabaseTarget, flags: GatewayFlags, where: string): Promise<void> {
  const logger = createLogger();
  try {
    const db = await openDatabase(target);
    const gateway = await startGateway({ db, host: flags.host, port: flags.port, logger }).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    process.stdout.write(`Corral gateway on ${where}\nGraphQL (GraphiQL in a browser): ${gateway.graphqlUrl}\n`);
    stopOnSignal(logger, async () => {
      await gateway.close();
      await db.close();
    });
  } catch (error) {
    exitWithFailure(error);
  }
}

function stopOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => exitWithFailure(error),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
