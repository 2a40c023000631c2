import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { buildSchema, type GatewayContext } from '../api/index.ts';
import { advisoryLocks, applyMigrations, StartupError, type Database } from '../db/index.ts';
import { EventFeed, type EventRetention } from '../events/index.ts';
import { ControlLoop } from '../scheduler/index.ts';
import { defaultMaxInstances, defaultServicePortRange, useMaxInstances, useServicePortRange, type ServicePortRange } from '../apps/index.ts';
import { Revocations, type Caller } from '../tokens/index.ts';
import { dashboardHandler, isDashboardPath, type DashboardHandler } from '../dashboard/index.ts';
import { isPlaygroundPath, playground, type Playground } from '../playground/index.ts';
import { createGatewayMetrics } from '../metrics/index.ts';
import { isMarathonPath, marathonHttp } from '../marathon/index.ts';
import { defaultSecretsKeyFile, useSecretsKeyFile } from '../secrets/index.ts';
import { agentApi, AgentWakeups, FLEET_COUNTED_EVERY_MS, LeaderHandoff, PollPacing, SandboxFiles, ServiceDirectory } from '../fleet/index.ts';
import { defaultLimits, limitPlugins, type ApiLimits } from './api-limits.ts';
import { AuthFailures } from './auth-failures.ts';
import { limitBody } from './body-limit.ts';
import { callerOf, type InitialContext } from './callers.ts';
import { adoptConfiguredTokens } from './configured-tokens.ts';
import { discoveryHttp, DISCOVERY_PATH } from './discovery-http.ts';
import { hideFieldSuggestions } from './field-suggestions.ts';
import { sendJson } from '../http/index.ts';
import { metricsHttp, METRICS_PATH } from './metrics-http.ts';
import { OriginGuard, type AllowedHosts } from './origin-guard.ts';
import { LeaderPriority } from './leader-priority.ts';
import { RateLimiter } from './rate-limit.ts';
import { RequestLogs } from './request-logs.ts';
import { endSubscriptionsOnRevocation } from './revoked-subscriptions.ts';
import { serveGraphqlWs } from './subscriptions.ts';
import { readableVariableErrors } from './variable-errors.ts';

export interface GatewayOptions {
  db: Database;
  host: string;
  port: number;
  logger: Logger;
  /** A token agents may join with (kept only as a hash). */
  agentToken?: string;
  /** An API token with the admin role (kept only as a hash): the first one, from which the others are made. */
  adminToken?: string;
  /** Whether API requests must carry a token (default false: for corral dev on loopback and tests). */
  tokensRequired?: boolean;
  /** Depth, cost, node, body size and rate limits of the API (defaults in api-limits.ts) */
  limits?: Partial<ApiLimits>;
  /** How long a poll is held open when there is nothing to say (default 20 s, and at most a third of unreachableAfterMs). */
  pollTimeoutMs?: number;
  /** How long without a poll before an agent is UNREACHABLE (default 15 s; longer in a large fleet, see maxPollsPerSecond). */
  unreachableAfterMs?: number;
  /** The polls a second idle agents may make all together (default 250): past that many agents, polls are held longer. */
  maxPollsPerSecond?: number;
  /** The control loop's periodic pass (default 1 s). */
  sweepMs?: number;
  /** How often event readers look for events a missed NOTIFY did not announce (default 1 s). */
  eventSweepMs?: number;
  /** Where apps asking for servicePort 0 get theirs (default 10000-10999). */
  servicePorts?: ServicePortRange;
  /** The most instances an app may have (default 10,000): createApp, updateApp, scaleApp and package installs refuse more. */
  maxInstances?: number;
  /** Whether catalog repositories may be fetched from loopback, link-local and unspecified addresses (default false; corral dev on loopback allows them). */
  allowInternalRepositories?: boolean;
  /** The key secrets are sealed with (made, 0600, when missing; default ~/.corral/secrets.key or CORRAL_SECRETS_KEY_FILE): every gateway of a database needs the same one. */
  secretsKeyFile?: string;
  /** How much of the event log is kept (default: the newest 100,000 events and the last 10 minutes, whichever is more) */
  eventRetention?: EventRetention;
  /** Host names answered beyond its own (127.0.0.1, localhost, [::1], the listen host, this machine's name on 0.0.0.0), or 'any' (default: none). */
  allowedHosts?: AllowedHosts;
  /** The niceness its threads take while it leads the control loop (default: their own): LeaderPriority */
  leaderNice?: number;
}

export interface Gateway {
  /** http://host:port */
  url: string;
  graphqlUrl: string;
  /** What its operator should act on, found at start-up (a configured token that was revoked): for the CLI to print */
  notices: string[];
  /** Whether this gateway leads the control loop now (one of those sharing a database does) */
  leading(): boolean;
  close(): Promise<void>;
}

/** Brings the database schema up to date, then serves the API until closed. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { db, host, port, logger } = options;
  const applied = await applyMigrations(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
  const notices = await adoptConfiguredTokens(db, options, logger);
  const tokensRequired = options.tokensRequired ?? false;
  const requestLogs = new RequestLogs(logger);
  const metrics = createGatewayMetrics(db);
  useServicePortRange(options.servicePorts ?? defaultServicePortRange);
  useMaxInstances(options.maxInstances ?? defaultMaxInstances);
  useSecretsKeyFile(db.prisma, options.secretsKeyFile ?? defaultSecretsKeyFile());
  const limits = { ...defaultLimits, ...options.limits };
  const rateLimiter = new RateLimiter(limits.perSecond, limits.burst);
  const failures = new AuthFailures();
  const pruning = setInterval(() => (rateLimiter.prune(), failures.prune()), 60_000).unref();
  /** The caller of a request or socket, once it is known and within its token's rate (callers without a token are trusted: auth is off). */
  const admit = async (initial: InitialContext): Promise<Caller> => {
    const caller = await callerOf(db, tokensRequired, initial);
    if (caller.tokenId) rateLimiter.admit(caller.tokenId);
    return caller;
  };
  const events = new EventFeed(db, options.eventSweepMs);
  await events.start();
  const revocations = new Revocations(events, db.prisma, (error) => logger.error({ err: error }, 'cannot follow token revocations'));
  await revocations.start();
  const unreachableAfterMs = options.unreachableAfterMs ?? 15_000;
  const wakeups = new AgentWakeups(events);
  wakeups.start();
  const sandboxFiles = new SandboxFiles(wakeups);
  const services = new ServiceDirectory(
    db,
    events,
    () => wakeups.wakeAll(),
    (error) => logger.error({ err: error }, 'cannot compute the service table'),
  );
  await services.start();
  // A poll held open is an agent not heard from: it must come back well before the agent would count as unreachable.
  const holdMs = Math.min(options.pollTimeoutMs ?? 20_000, Math.floor(unreachableAfterMs / 3));
  const pacing = new PollPacing({ holdMs, unreachableAfterMs, maxPollsPerSecond: options.maxPollsPerSecond ?? 250 });
  await pacing.count(db.prisma);
  const counting = setInterval(
    () => pacing.count(db.prisma).catch((error: unknown) => logger.warn({ err: error }, 'cannot count the agents')),
    FLEET_COUNTED_EVERY_MS,
  ).unref();
  const priority = new LeaderPriority(options.leaderNice, logger);
  const loop = new ControlLoop({
    db,
    events,
    logger,
    unreachableAfterMs: () => pacing.unreachableAfterMs(),
    sweepMs: options.sweepMs,
    counters: metrics.activity,
    eventRetention: options.eventRetention,
    onLeadership: (leading) => priority.leading(leading),
  });
  const handoff = new LeaderHandoff(await db.present(advisoryLocks.gateways), () => loop.leading());
  const agents = agentApi({ db, wakeups, sandboxFiles, services, counters: metrics.activity, pacing, handoff });

  const repositoryAccess = { allowInternal: options.allowInternalRepositories ?? false };
  const graphiql = playground({ tokensRequired, onBuildError: (error) => logger.error({ err: error }, 'cannot build the playground') });
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: buildSchema(),
    context: async (initial: InitialContext): Promise<GatewayContext> => ({ db, events, sandboxFiles, repositoryAccess, caller: await admit(initial) }),
    plugins: [
      ...limitPlugins(limits),
      metrics.graphqlPlugin,
      endSubscriptionsOnRevocation(revocations),
      readableVariableErrors(),
      ...(tokensRequired ? [hideFieldSuggestions()] : []),
    ],
    // GraphiQL from the gateway's own files (yoga's default page loads it from a CDN), with its own fetcher: see playground.
    graphiql: { title: 'Corral' },
    renderGraphiQL: graphiql.render,
    logging: requestLogs.forYoga(),
    landingPage: false,
    // No CORS headers at all: only pages the gateway serves itself may use the API (the origin guard refuses the others).
    cors: false,
  });

  const dashboard = dashboardHandler((error) => requestLogs.current().error({ err: error }, 'cannot build the dashboard'));
  const discovery = discoveryHttp(db, tokensRequired, (error) => requestLogs.current().error({ err: error }, 'discovery request failed'));
  const prometheus = metricsHttp(db, tokensRequired, metrics, (error) => requestLogs.current().error({ err: error }, 'cannot answer /metrics'));
  let url = '';
  const marathon = marathonHttp({
    db,
    events,
    logger,
    tokensRequired,
    maxBodyBytes: limits.maxBodyBytes,
    admit: (caller) => caller.tokenId && rateLimiter.admit(caller.tokenId),
    leaderAddress: () => new URL(url).host,
    stepDown: () => loop.stepDown(),
  });
  const handlers: Handlers = { yoga: limitBody(yoga, limits.maxBodyBytes), agents, dashboard, playground: graphiql, discovery, metrics: prometheus, marathon };
  const guard = new OriginGuard({ listenHost: host, allowedHosts: options.allowedHosts });
  const http = createServer((req, res) => failures.guard(req, res, () => route(req, res, requestLogs, handlers, guard)));
  const ws = serveGraphqlWs(http, yoga, admit, guard, { failures, revocations });
  await listen(http, host, port);
  const address = http.address() as AddressInfo;
  url = `http://${formatHost(host)}:${address.port}`;
  await loop.start();

  return {
    url,
    graphqlUrl: `${url}${yoga.graphqlEndpoint}`,
    notices,
    leading: () => loop.leading(),
    close: async () => {
      clearInterval(pruning);
      clearInterval(counting);
      await loop.stop();
      await handoff.stop();
      await services.stop();
      await wakeups.stop();
      await ws.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await revocations.stop();
      await events.stop();
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

interface Handlers {
  yoga: Handler;
  agents: ReturnType<typeof agentApi>;
  dashboard: DashboardHandler;
  playground: Playground;
  discovery: Handler;
  metrics: Handler;
  marathon: ReturnType<typeof marathonHttp>;
}

function route(req: IncomingMessage, res: ServerResponse, requestLogs: RequestLogs, handlers: Handlers, guard: OriginGuard) {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  requestLogs.serve(req, res, path, (log) => {
    const refusal = guardRefusal(req, path, guard);
    if (refusal) {
      // Shaped as the path's own answers are, so the CLI and the dashboard show the reason.
      const graphql = !(path.startsWith(DISCOVERY_PATH) || path === METRICS_PATH || isDashboardPath(path) || isPlaygroundPath(path) || isMarathonPath(path));
      sendJson(res, 403, graphql ? { errors: [{ message: refusal, extensions: { code: 'FORBIDDEN' } }] } : { error: refusal, message: refusal });
    } else if (path.startsWith('/agent/v1/')) {
      void handlers.agents(req, res, path, log);
    } else if (path.startsWith(DISCOVERY_PATH)) {
      void handlers.discovery(req, res);
    } else if (path === METRICS_PATH) {
      void handlers.metrics(req, res);
    } else if (isMarathonPath(path)) {
      void handlers.marathon(req, res, path);
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (isDashboardPath(path)) {
      void handlers.dashboard(req, res, path);
    } else if (isPlaygroundPath(path)) {
      void handlers.playground.serve(req, res, path);
    } else {
      void handlers.yoga(req, res);
    }
  });
}

/**
 * Agents' paths take agent tokens only, which no browser holds, and agents
 * reach a gateway by whatever name their network gives it: they are not
 * guarded, nor is /healthz. The dashboard's and the playground's files are the
 * same for everyone: any Origin may load them, but only under the gateway's own names.
 */
function guardRefusal(req: IncomingMessage, path: string, guard: OriginGuard): string | undefined {
  if (path.startsWith('/agent/v1/') || path === '/healthz') return undefined;
  return guard.hostRefusal(req) ?? (isDashboardPath(path) || isPlaygroundPath(path) ? undefined : guard.originRefusal(req));
}

function listen(http: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is already in use: stop what uses it or choose another with --port`));
      else if (error.code === 'EACCES') reject(new StartupError(`not allowed to listen on ${host}:${port}: choose a port above 1024 with --port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new StartupError(`cannot listen on ${host}: no such address on this machine (--host)`));
      else reject(error);
    });
    http.listen(port, host, () => resolve());
  });
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
