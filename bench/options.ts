import { parseNiceness } from '../src/cli/options.ts';
import type { BalancePolicy } from './api-balance.ts';
import type { DatabaseKind } from './scratch-database.ts';

export const benchmarkNames = ['launch-latency', 'agent-fan-in', 'subscription-fan-out', 'api-reads', 'pm2', 'idle-memory', 'placement', 'scale'] as const;
export type BenchmarkName = (typeof benchmarkNames)[number];

export type GatewayForm = 'built' | 'sources';

/** How scale's apps ask to be placed: Corral's default (spread), or packed (the corral.placement label; Nomad's default, which C1M ran) */
export type PlacementStrategy = 'spread' | 'binpack';

export interface BenchOptions {
  /** Which benchmarks, in order; all of them when none is named. */
  names: BenchmarkName[];
  database: DatabaseKind;
  /** launch-latency: apps created one after another, each with one instance; placement: apps the tasks are split over */
  apps: number;
  /** placement, scale: tasks to place, over all apps */
  tasks: number;
  /** scale: gateway processes sharing the database */
  gateways: number;
  /** scale: how the apps ask to be placed */
  placement: PlacementStrategy;
  /** agent-fan-in: simulated agent counts, each a run of its own */
  agents: number[];
  /** agent-fan-in: seconds of steady state measured after every agent runs its task */
  seconds: number;
  /** agent-fan-in: mean seconds between two status updates of one agent */
  updateEvery: number;
  /** subscription-fan-out: graphql-ws subscribers, one socket each */
  subscribers: number;
  /** subscription-fan-out: changes made (each writes a few events) */
  changes: number;
  /** subscription-fan-out: changes per second */
  changeRate: number;
  /** api-reads: app counts, each a run on a fresh database */
  appCounts: number[];
  /** api-reads: running tasks of each app */
  tasksPerApp: number;
  /** api-reads: clients sending the query at once, each its next as soon as the last is answered; scale: createApp requests at once */
  clients: number;
  /** api-reads: seconds of load per app count (and as long idle, to subtract) */
  readSeconds: number;
  /** pm2: processes started and restarted by each of Corral and PM2 */
  processes: number;
  /** idle-memory: seconds of sampling (once a second) after each process is ready */
  idleSeconds: number;
  /** How the gateway under test runs: built into one JavaScript file as `npm start` runs it, or from the TypeScript sources through tsx */
  gatewayForm: GatewayForm;
  /** scale: which gateway each createApp goes to */
  balance: BalancePolicy;
  /** scale: the gateways' --leader-nice (0: the leader runs at the niceness of the others) */
  leaderNice: number;
  /** Where the gateway writes a V8 CPU profile (--cpu-prof), when given */
  profileDir?: string;
  /** The flags given (on the command line or as BENCH_ variables): a benchmark whose default differs from another's asks */
  given: Set<string>;
}

const flags = {
  database: 'pglite | postgres (default: postgres when DATABASE_URL is set, else pglite)',
  apps: 'launch-latency: apps to launch, one after another (default 100); placement: apps the tasks are split over (default 10)',
  agents: 'agent-fan-in: simulated agents, or a list such as 1000,2500,5000 (default 5000 on PostgreSQL, 300 on PGlite); placement: agents (default 1000)',
  tasks: 'placement: tasks to place (default 10000); scale: tasks (default 100000)',
  gateways: 'scale: gateway processes sharing one PostgreSQL database, one leading the control loop (default 3)',
  placement: "scale: spread (Corral's default) | binpack (each app labelled corral.placement=binpack, as Nomad places by default and C1M ran) (default spread)",
  seconds: 'agent-fan-in: seconds of steady state to measure (default 60)',
  'update-every': 'agent-fan-in: mean seconds between two status updates of one agent (default 30)',
  subscribers: 'subscription-fan-out: graphql-ws subscribers (default 1000)',
  changes: 'subscription-fan-out: app changes to make, each writing a few events (default 100)',
  'change-rate': 'subscription-fan-out: changes per second (default 5)',
  'app-counts': 'api-reads: app counts to measure at, each a run of its own (default 50,100,250,500)',
  'tasks-per-app': 'api-reads: running tasks per app (default 5)',
  clients: 'api-reads: concurrent clients sending the dashboard query (default 8); scale: apps being created at once in the burst (default 8)',
  'read-seconds': 'api-reads: seconds of load per app count (default 10)',
  processes: 'pm2: processes each of Corral and PM2 starts and restarts (default 50)',
  'idle-seconds': 'idle-memory: seconds of RSS samples, one a second, per process (default 30)',
  gateway: 'built | sources: the gateway under test runs bundled, as `npm start` runs it, or through tsx (default built)',
  balance:
    'scale: least-request (each createApp to the gateway with the fewest under way, as a load balancer sends them) | round-robin (default least-request)',
  'leader-nice': "scale: the niceness the leading gateway's threads take, as `corral server --leader-nice` (default -10; 0 for none; below 0 as root)",
  profile: 'a directory: the gateway writes a V8 CPU profile there',
} as const;

export const usage = `usage: npm run bench -- [${benchmarkNames.join(' | ')} ...] [--flag value ...]
Without a name, every benchmark runs, one after another. Each prints one JSON object per run on stdout.
Every flag also reads a variable: --update-every reads BENCH_UPDATE_EVERY.
${Object.entries(flags)
  .map(([flag, what]) => `  --${flag.padEnd(15)} ${what}`)
  .join('\n')}
`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const names: BenchmarkName[] = [];
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (!benchmarkNames.includes(arg as BenchmarkName)) throw new Error(`no benchmark named "${arg}": use ${benchmarkNames.join(', ')}`);
      names.push(arg as BenchmarkName);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(flag in flags)) throw new Error(`unknown flag --${flag}\n${usage}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    given.set(flag, value);
  }
  const read = (flag: keyof typeof flags) => given.get(flag) ?? env[`BENCH_${flag.toUpperCase().replace(/-/g, '_')}`];
  const database = read('database') ?? (env.DATABASE_URL ? 'postgres' : 'pglite');
  if (database !== 'pglite' && database !== 'postgres') throw new Error(`--database ${database}: use pglite or postgres`);
  const placement = read('placement') ?? 'spread';
  if (placement !== 'spread' && placement !== 'binpack') throw new Error(`--placement ${placement}: use spread or binpack`);
  const balance = read('balance') ?? 'least-request';
  if (balance !== 'least-request' && balance !== 'round-robin') throw new Error(`--balance ${balance}: use least-request or round-robin`);
  const gatewayForm = read('gateway') ?? 'built';
  if (gatewayForm !== 'built' && gatewayForm !== 'sources') throw new Error(`--gateway ${gatewayForm}: use built or sources`);
  return {
    // scale runs long and needs PostgreSQL: only when named.
    names: names.length > 0 ? names : benchmarkNames.filter((name) => name !== 'scale'),
    database,
    apps: positive('apps', read('apps') ?? '100'),
    // PGlite is the one-machine database of `corral dev`: past a few hundred agents it falls behind
    // for good (bench/README.md), and a run at 5,000 would only take long to say so.
    agents: (read('agents') ?? (database === 'postgres' ? '5000' : '300')).split(',').map((count) => positive('agents', count)),
    seconds: positive('seconds', read('seconds') ?? '60'),
    updateEvery: positive('update-every', read('update-every') ?? '30'),
    subscribers: positive('subscribers', read('subscribers') ?? '1000'),
    changes: positive('changes', read('changes') ?? '100'),
    changeRate: positive('change-rate', read('change-rate') ?? '5'),
    appCounts: (read('app-counts') ?? '50,100,250,500').split(',').map((count) => positive('app-counts', count)),
    tasksPerApp: positive('tasks-per-app', read('tasks-per-app') ?? '5'),
    clients: positive('clients', read('clients') ?? '8'),
    readSeconds: positive('read-seconds', read('read-seconds') ?? '10'),
    processes: positive('processes', read('processes') ?? '50'),
    idleSeconds: positive('idle-seconds', read('idle-seconds') ?? '30'),
    tasks: positive('tasks', read('tasks') ?? '10000'),
    gateways: positive('gateways', read('gateways') ?? '3'),
    placement,
    balance,
    leaderNice: niceness(read('leader-nice') ?? '-10'),
    gatewayForm,
    profileDir: read('profile'),
    given: new Set(Object.keys(flags).filter((flag) => read(flag as keyof typeof flags) !== undefined)),
  };
}

/** What `corral server --leader-nice` takes, read as the CLI reads it. */
function niceness(text: string): number {
  try {
    return parseNiceness(text);
  } catch (error) {
    throw new Error(`--leader-nice ${text}: ${(error as Error).message}`);
  }
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} ${text}: expected a positive number`);
  return value;
}
