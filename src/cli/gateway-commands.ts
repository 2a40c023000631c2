import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { Agent } from '../agent/index.ts';
import type { Database, DatabaseTarget } from '../db/index.ts';
import type { Gateway } from '../server/index.ts';
import { CommandError, exitWithFailure } from './failure.ts';
import { createLogger } from './logger.ts';
import { hostOption, parsePortRange, parseRate, parseSeconds, portOption } from './options.ts';
import { stopOnSignal } from './signals.ts';

interface GatewayFlags {
  port: number;
  host: string;
  unreachableAfter: number;
  maxPollsPerSecond: number;
  servicePorts: [number, number];
  maxInstances: number;
  adminToken?: string;
  /** false with --no-auth */
  auth?: boolean;
  /** The token agents join with, or how to get it once the database is open */
  agentToken?: string | (() => Promise<string>);
}

// The gateway's modules (the server with every API module, Prisma, PGlite, pg)
// load only when a gateway command runs: every other command, `corral agent`
// above all, would otherwise carry them in memory for nothing (about 70 MB,
// bench/README.md, idle-memory).
const gatewayModules = async () => {
  const [db, server, tokens] = await Promise.all([import('../db/index.ts'), import('../server/index.ts'), import('../tokens/index.ts')]);
  return { ...db, ...server, ...tokens };
};

const servicePortsOption = () =>
  new Option('--service-ports <range>', 'where apps asking for servicePort 0 get theirs (every agent\'s proxy listens there)').env('CORRAL_SERVICE_PORTS').default([10000, 10999], '10000-10999').argParser(parsePortRange);

const maxInstancesOption = () =>
  new Option('--max-instances <n>', 'the most instances an app may have: more are refused, and never placed').env('CORRAL_MAX_INSTANCES').default(10_000).argParser((value: string) => {
    const limit = Number(value);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of at least 1`);
    return limit;
  });

const pollRateOption = () =>
  new Option('--max-polls-per-second <n>', 'the polls a second idle agents may make all together: past that many agents, each polls less often (and is judged unreachable later)').env('CORRAL_MAX_POLLS_PER_SECOND').default(250).argParser(parseRate);

const unreachableOption = () =>
  new Option('--unreachable-after <seconds>', 'an agent silent this long is UNREACHABLE').env('CORRAL_UNREACHABLE_AFTER').default(15).argParser(parseSeconds);

export function addGatewayCommands(program: Command): void {
  program
    .command('dev')
    .description('run a gateway with an embedded PostgreSQL (PGlite) and a local agent, for one machine or a try-out')
    .addOption(portOption())
    .addOption(hostOption('127.0.0.1'))
    .addOption(new Option('--data <dir>', 'where the embedded database keeps its files').env('CORRAL_DATA').default('./.corral/data'))
    .addOption(new Option('--no-agent', 'do not start the local agent'))
    .addOption(unreachableOption())
    .addOption(pollRateOption())
    .addOption(servicePortsOption())
    .addOption(maxInstancesOption())
    .action(async (flags: GatewayFlags & { data: string; agent: boolean }) => {
      // The token lives beside the database, so a restart keeps the same join command.
      const home = dirname(resolve(flags.data));
      let agentToken = '';
      const adoptDevToken = async () => (agentToken = devAgentToken(home, (await gatewayModules()).newSecret));
      // corral dev on loopback trusts its machine; listening for others, it asks for tokens as corral server does.
      await runGateway({ dataDir: flags.data }, { ...flags, auth: !isLoopback(flags.host), agentToken: adoptDevToken }, `embedded PostgreSQL in ${flags.data}`, async (gateway, logger) => {
        process.stdout.write(`Join an agent from another machine: corral agent --master ${gateway.url} --token ${agentToken}\n${loopbackNote(flags.host)}`);
        if (!flags.agent) return async () => undefined;
        const agent = new Agent({ master: gateway.url, token: agentToken, workDir: join(home, 'agent'), log: (level, message, fields) => logger[level](fields ?? {}, message) });
        await agent.start();
        process.stdout.write(`Local agent ${agent.id} runs tasks in ${join(home, 'agent')}\n`);
        return () => agent.stop({ killTasks: true });
      });
    });

  program
    .command('server')
    .description('run a gateway on a PostgreSQL server, for production')
    .addOption(new Option('--database-url <url>', 'postgresql://user:password@host:port/database').env('DATABASE_URL').makeOptionMandatory())
    .addOption(portOption())
    .addOption(hostOption('0.0.0.0'))
    .addOption(new Option('--agent-token <token>', 'a token agents may join with').env('CORRAL_AGENT_TOKEN'))
    .addOption(new Option('--admin-token <token>', 'an API token with the admin role (without one, the first start prints one)').env('CORRAL_ADMIN_TOKEN'))
    .addOption(new Option('--no-auth', 'serve the API without tokens: only on a network you trust'))
    .addOption(unreachableOption())
    .addOption(pollRateOption())
    .addOption(servicePortsOption())
    .addOption(maxInstancesOption())
    .action(async (flags: GatewayFlags & { databaseUrl: string }) => {
      const { redactUrl } = await gatewayModules();
      await runGateway({ url: flags.databaseUrl }, flags, `PostgreSQL at ${redactUrl(flags.databaseUrl)}`);
    });
}

type Companion = (gateway: Gateway, logger: Logger) => Promise<() => Promise<void>>;

async function runGateway(target: DatabaseTarget, flags: GatewayFlags, where: string, companion?: Companion): Promise<void> {
  const logger = createLogger();
  try {
    const { openDatabase, startGateway } = await gatewayModules();
    const db = await openDatabase(target);
    const agentToken = typeof flags.agentToken === 'function' ? await flags.agentToken() : flags.agentToken;
    const tokensRequired = flags.auth !== false;
    const gateway = await startGateway({ db, host: flags.host, port: flags.port, logger, agentToken, adminToken: flags.adminToken, tokensRequired, unreachableAfterMs: flags.unreachableAfter * 1000, maxPollsPerSecond: flags.maxPollsPerSecond, servicePorts: flags.servicePorts, maxInstances: flags.maxInstances }).catch(
      async (error: unknown) => {
        await db.close();
        throw error;
      },
    );
    let stopCompanion = async () => undefined as void;
    // Handlers first: a Ctrl-C right after the URL shows still stops cleanly.
    stopOnSignal(logger, async () => {
      await stopCompanion();
      await gateway.close();
      await db.close();
    });
    process.stdout.write(`Corral gateway on ${where}\nGraphQL (GraphiQL in a browser): ${gateway.graphqlUrl}\n`);
    if (tokensRequired) process.stdout.write(await firstAdminToken(db));
    if (companion) stopCompanion = await companion(gateway, logger);
  } catch (error) {
    exitWithFailure(error);
  }
}

function devAgentToken(home: string, newSecret: (kind: 'agent') => string): string {
  const file = join(home, 'agent-token');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(home, { recursive: true });
    const token = newSecret('agent');
    writeFileSync(file, token + '\n', { mode: 0o600 });
    return token;
  } catch (error) {
    throw new CommandError(`cannot keep the agent token in ${file}: ${(error as Error).message}`);
  }
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Without any admin token, nobody could make the others: the first start makes one and shows it, once. */
async function firstAdminToken(db: Database): Promise<string> {
  const { createToken } = await gatewayModules();
  if ((await db.prisma.apiToken.count({ where: { role: 'ADMIN', revokedAt: null } })) > 0) return 'API tokens are required (corral token create, or --no-auth)\n';
  const { secret } = await createToken(db.prisma, 'first admin (made at the first start)', 'ADMIN');
  return `API tokens are required. The first admin token, shown this once: ${secret}\n  (use it with corral --token or CORRAL_TOKEN; make others with corral token create --role viewer|operator|admin)\n`;
}

function loopbackNote(host: string): string {
  return host === '127.0.0.1' || host === 'localhost' ? `  (the gateway listens on ${host} only: start it with --host 0.0.0.0 for other machines)\n` : '';
}
