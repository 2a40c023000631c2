import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { Agent } from '../agent/index.ts';
import type { Database, DatabaseTarget } from '../db/index.ts';
import type { AllowedHosts, Gateway } from '../server/index.ts';
import { removeDevCredentials, writeDevCredentials } from './dev-credentials.ts';
import { CommandError, exitWithFailure } from './failure.ts';
import { createLogger } from './logger.ts';
import { hostOption, parseNiceness, parsePortRange, parsePositiveCount, parseRate, parseSeconds, portOption } from './options.ts';
import { stopOnSignal } from './signals.ts';

interface GatewayFlags {
  port: number;
  host: string;
  unreachableAfter: number;
  maxPollsPerSecond: number;
  servicePorts: [number, number];
  maxInstances: number;
  eventsKept: number;
  /** seconds */
  eventsKeptFor: number;
  allowInternalRepositories?: boolean;
  /** --allowed-hosts */
  allowedHosts?: string[];
  adminToken?: string;
  /** false with --no-auth */
  auth?: boolean;
  /** --secrets-key-file */
  secretsKeyFile?: string;
  /** --leader-nice */
  leaderNice?: number;
  /** The token agents join with, or how to get it once the database is open */
  agentToken?: string | (() => Promise<string>);
}

/** What the gateway is started with beyond the flags, and what it prints about its tokens. */
interface GatewaySetup {
  allowedHosts: AllowedHosts;
  /** How to get the admin token once the database is open (corral dev's, kept in its data home) */
  adminToken?: (db: Database) => Promise<string | undefined>;
  /** The lines about tokens under the GraphQL URL */
  tokenNote(gateway: Gateway, db: Database): Promise<string>;
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
  new Option('--service-ports <range>', "where apps asking for servicePort 0 get theirs (every agent's proxy listens there)")
    .env('CORRAL_SERVICE_PORTS')
    .default([10000, 10999], '10000-10999')
    .argParser(parsePortRange);

const maxInstancesOption = () =>
  new Option('--max-instances <n>', 'the most instances an app may have: more are refused, and never placed')
    .env('CORRAL_MAX_INSTANCES')
    .default(10_000)
    .argParser(parsePositiveCount);

// Both bound the log: an event goes once it is beyond the newest --events-kept and older than --events-kept-for.
const eventsKeptOption = () =>
  new Option('--events-kept <n>', 'the newest events always kept (subscriptions resume within them)')
    .env('CORRAL_EVENTS_KEPT')
    .default(100_000)
    .argParser(parsePositiveCount);

const eventsKeptForOption = () =>
  new Option('--events-kept-for <seconds>', 'events younger than this are always kept (subscriptions resume within them)')
    .env('CORRAL_EVENTS_KEPT_FOR')
    .default(600)
    .argParser(parseSeconds);

const internalRepositoriesOption = () =>
  // Read here rather than with .env(): commander turns a boolean on for any value, CORRAL_ALLOW_INTERNAL_REPOSITORIES=0 included.
  new Option(
    '--allow-internal-repositories',
    'fetch catalog repositories from loopback, link-local (cloud metadata) and unspecified addresses too (corral dev on loopback always does); env: CORRAL_ALLOW_INTERNAL_REPOSITORIES=1',
  ).default(/^(1|true|yes)$/i.test(process.env.CORRAL_ALLOW_INTERNAL_REPOSITORIES ?? ''));

const allowedHostsOption = (defaults: string) =>
  new Option(
    '--allowed-hosts <names>',
    `host names the gateway answers besides its own, such as the name a proxy gives it: comma-separated, .example.com for a domain and its subdomains, * for any (its own: 127.0.0.1, localhost, [::1], --host, this machine's name on 0.0.0.0, any IP address; ${defaults}); other names are refused, against DNS rebinding`,
  )
    .env('CORRAL_ALLOWED_HOSTS')
    .argParser(parseHostNames);

const pollRateOption = () =>
  new Option(
    '--max-polls-per-second <n>',
    'the polls a second idle agents may make all together: past that many agents, each polls less often (and is judged unreachable later)',
  )
    .env('CORRAL_MAX_POLLS_PER_SECOND')
    .default(250)
    .argParser(parseRate);

const secretsKeyOption = (defaults: string) =>
  new Option(
    '--secrets-key-file <file>',
    `the key secrets are sealed with in the database (AES-256-GCM), made (mode 0600) when missing; every gateway of a database needs the same file (${defaults})`,
  ).env('CORRAL_SECRETS_KEY_FILE');

const leaderNiceOption = () =>
  new Option(
    '--leader-nice <n>',
    "the niceness (-20 to 19) the gateway's threads take while it leads the control loop, so that its passes wait less for a core on a machine it shares; below 0 it needs root or CAP_SYS_NICE (default: the process's own)",
  )
    .env('CORRAL_LEADER_NICE')
    .argParser(parseNiceness);

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
    .addOption(eventsKeptOption())
    .addOption(eventsKeptForOption())
    .addOption(internalRepositoriesOption())
    .addOption(new Option('--no-auth', 'serve the API without tokens: only on a machine whose every user and program you trust'))
    .addOption(allowedHostsOption('default: none'))
    .addOption(secretsKeyOption('default: secrets.key beside the data dir'))
    .action(async (flags: GatewayFlags & { data: string; agent: boolean }) => {
      // The tokens live beside the database, so a restart keeps the same join command, dashboard link and CLI access.
      const home = dirname(resolve(flags.data));
      let agentToken = '';
      let apiToken: string | undefined;
      let renewed = '';
      const adoptDevToken = async () => (agentToken = devSecret(home, 'agent-token', (await gatewayModules()).newSecret('agent')));
      // Even on loopback: any program of any user of the machine, and any page in its browsers, can reach 127.0.0.1 (as Jupyter, it asks for a token).
      const adoptApiToken = async (db: Database) => {
        if (flags.auth === false) return (apiToken = undefined);
        const { applyMigrations, hashToken, newSecret } = await gatewayModules();
        apiToken = devSecret(home, 'api-token', newSecret('api'));
        // A revoked token stays revoked (a restart must not undo a revocation): corral dev makes itself a new one.
        // The tokens' table must be there to ask (startGateway applies the migrations again: nothing is left then).
        await applyMigrations(db);
        if ((await db.prisma.apiToken.findUnique({ where: { hash: hashToken(apiToken) } }))?.revokedAt) {
          apiToken = devSecret(home, 'api-token', newSecret('api'), true);
          renewed = `The admin token in ${join(home, 'api-token')} was revoked: this is a new one (links and terminals that held the old one must take it)\n`;
        }
        return apiToken;
      };
      // On loopback, a repository served on the same laptop (127.0.0.1) is the normal case, and only its user can ask for one.
      const allowInternalRepositories = flags.allowInternalRepositories || isLoopback(flags.host);
      const setup: GatewaySetup = {
        allowedHosts: { names: flags.allowedHosts ?? [] },
        adminToken: adoptApiToken,
        tokenNote: async (gateway) =>
          apiToken
            ? `${renewed}Dashboard: ${gateway.url}/#token=${apiToken}\nAPI tokens are required: corral on this machine finds this gateway's admin token by itself (it is kept in ${join(home, 'api-token')}; the playground at /graphql keeps the token the dashboard link gave this browser, or takes it in its API token field)\n`
            : `Dashboard: ${gateway.url}/\nAPI tokens are off (--no-auth): every program on this machine may drive this gateway\n`,
      };
      const secretsKeyFile = flags.secretsKeyFile ?? join(home, 'secrets.key');
      await runGateway(
        { dataDir: flags.data },
        { ...flags, agentToken: adoptDevToken, allowInternalRepositories, secretsKeyFile },
        `embedded PostgreSQL in ${flags.data}`,
        setup,
        async (gateway, logger) => {
          process.stdout.write(`Join an agent from another machine: corral agent --master ${gateway.url} --token ${agentToken}\n${loopbackNote(flags.host)}`);
          const port = Number(new URL(gateway.url).port);
          const forget = () => {
            try {
              removeDevCredentials(port);
            } catch (error) {
              logger.warn({ err: error }, "cannot remove the file the CLI finds this gateway's token in");
            }
          };
          try {
            // Without tokens, a file an earlier run left must not send its token here.
            if (apiToken) writeDevCredentials(port, { url: gateway.url, token: apiToken });
            else forget();
          } catch (error) {
            // The gateway works without it: the CLI then needs --token (the api-token file).
            logger.warn({ err: error }, "cannot write the file the CLI finds this gateway's token in: give corral --token");
          }
          if (!flags.agent) return async () => forget();
          const agent = new Agent({
            master: gateway.url,
            token: agentToken,
            workDir: join(home, 'agent'),
            log: (level, message, fields) => logger[level](fields ?? {}, message),
          });
          await agent.start();
          process.stdout.write(`Local agent ${agent.id} runs tasks in ${join(home, 'agent')}\n`);
          return async () => {
            forget();
            await agent.stop({ killTasks: true });
          };
        },
      );
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
    .addOption(eventsKeptOption())
    .addOption(eventsKeptForOption())
    .addOption(internalRepositoriesOption())
    .addOption(allowedHostsOption('default: any name when --host is not a loopback address'))
    .addOption(secretsKeyOption('default: ~/.corral/secrets.key'))
    .addOption(leaderNiceOption())
    .action(async (flags: GatewayFlags & { databaseUrl: string }) => {
      const { redactUrl } = await gatewayModules();
      // In production a load balancer or an ingress gives the gateway names it cannot know, and tokens guard the API:
      // Host names are checked only when listed, or when it listens on loopback (as corral dev does).
      const anyHost = !flags.allowedHosts && !isLoopback(flags.host);
      const setup: GatewaySetup = {
        allowedHosts: anyHost ? 'any' : { names: flags.allowedHosts ?? [] },
        tokenNote: async (_gateway, db) =>
          flags.auth === false
            ? `API tokens are off (--no-auth)${anyHost ? ': name this gateway with --allowed-hosts, so that no web page can reach it by a name of its own (DNS rebinding)' : ''}\n`
            : firstAdminToken(db),
      };
      await runGateway({ url: flags.databaseUrl }, flags, `PostgreSQL at ${redactUrl(flags.databaseUrl)}`, setup);
    });
}

type Companion = (gateway: Gateway, logger: Logger) => Promise<() => Promise<void>>;

async function runGateway(target: DatabaseTarget, flags: GatewayFlags, where: string, setup: GatewaySetup, companion?: Companion): Promise<void> {
  const logger = createLogger();
  try {
    const { openDatabase, startGateway } = await gatewayModules();
    const db = await openDatabase(target);
    const agentToken = typeof flags.agentToken === 'function' ? await flags.agentToken() : flags.agentToken;
    const adminToken = flags.adminToken ?? (await setup.adminToken?.(db));
    const tokensRequired = flags.auth !== false;
    const gateway = await startGateway({
      db,
      host: flags.host,
      port: flags.port,
      logger,
      agentToken,
      adminToken,
      tokensRequired,
      allowedHosts: setup.allowedHosts,
      unreachableAfterMs: flags.unreachableAfter * 1000,
      maxPollsPerSecond: flags.maxPollsPerSecond,
      servicePorts: flags.servicePorts,
      maxInstances: flags.maxInstances,
      eventRetention: { keep: flags.eventsKept, keepForMs: flags.eventsKeptFor * 1000 },
      allowInternalRepositories: flags.allowInternalRepositories === true,
      secretsKeyFile: flags.secretsKeyFile,
      leaderNice: flags.leaderNice,
    }).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    let stopCompanion = async () => undefined as void;
    // Handlers first: a Ctrl-C right after the URL shows still stops cleanly.
    stopOnSignal(logger, async () => {
      await stopCompanion();
      await gateway.close();
      await db.close();
    });
    process.stdout.write(`Corral gateway on ${where}\nGraphQL (GraphiQL in a browser): ${gateway.graphqlUrl}\n`);
    process.stdout.write(await setup.tokenNote(gateway, db));
    // A configured token that was revoked stays revoked: say so, and what to do, where the operator looks.
    for (const notice of gateway.notices) process.stdout.write(`Warning: ${notice}\n`);
    if (companion) stopCompanion = await companion(gateway, logger);
  } catch (error) {
    exitWithFailure(error);
  }
}

/** A secret corral dev keeps in its data home (agent-token, api-token), made at the first start; only its user may read it. */
function devSecret(home: string, name: 'agent-token' | 'api-token', fresh: string, replace = false): string {
  const file = join(home, name);
  try {
    if (existsSync(file) && !replace) {
      const kept = readFileSync(file, 'utf8').trim();
      if (!kept) throw new Error('it is empty: remove it, and a new one is made');
      return kept;
    }
    mkdirSync(home, { recursive: true });
    writeFileSync(file, `${fresh}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return fresh;
  } catch (error) {
    throw new CommandError(`cannot keep the ${name.replace('-', ' ')} in ${file}: ${(error as Error).message}`);
  }
}

/** --allowed-hosts: names, comma-separated. */
function parseHostNames(value: string): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const bad = names.find((name) => name !== '*' && !/^\.?[a-z0-9_.:[\]-]+$/i.test(name));
  if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not a host name (such as corral.example.com, .example.com or *)`);
  return names;
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Without any admin token, nobody could make the others: the first start makes one and shows it, once. */
async function firstAdminToken(db: Database): Promise<string> {
  const { createToken } = await gatewayModules();
  if ((await db.prisma.apiToken.count({ where: { role: 'ADMIN', revokedAt: null } })) > 0)
    return 'API tokens are required (corral token create, or --no-auth)\n';
  const { secret } = await createToken(db.prisma, 'first admin (made at the first start)', 'ADMIN');
  return `API tokens are required. The first admin token, shown this once: ${secret}\n  (use it with corral --token or CORRAL_TOKEN; make others with corral token create --role viewer|operator|admin)\n`;
}

function loopbackNote(host: string): string {
  return host === '127.0.0.1' || host === 'localhost' ? `  (the gateway listens on ${host} only: start it with --host 0.0.0.0 for other machines)\n` : '';
}
