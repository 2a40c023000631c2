import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { buildSchema, type GatewayContext } from '../api/index.ts';
import { applyMigrations, StartupError, type Database } from '../db/index.ts';
import { EventFeed } from '../events/index.ts';
import { ControlLoop } from '../cluster/index.ts';
import { adoptToken } from '../tokens/index.ts';
import { agentApi } from './agent-api.ts';
import { AgentWakeups } from './agent-wakeups.ts';
import { SandboxFiles } from './sandbox-files.ts';
import { serveGraphqlWs } from './subscriptions.ts';

export interface GatewayOptions {
  db: Database;
  host: string;
  port: number;
  logger: Logger;
  /** A token agents may join with (kept only as a hash). */
  agentToken?: string;
  /** How long a poll is held open when there is nothing to say (default 20 s). */
  pollTimeoutMs?: number;
  /** How long without a poll before an agent is UNREACHABLE (default 15 s). */
  unreachableAfterMs?: number;
  /** The control loop's periodic pass (default 1 s). */
  sweepMs?: number;
  /** How often event readers look for events a missed NOTIFY did not announce (default 1 s). */
  eventSweepMs?: number;
}

export interface Gateway {
  /** http://host:port */
  url: string;
  graphqlUrl: string;
  close(): Promise<void>;
}

/** Brings the database schema up to date, then serves the API until closed. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { db, host, port, logger } = options;
  const applied = await applyMigrations(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
  if (options.agentToken) await adoptToken(db.prisma, 'agents (from the gateway configuration)', 'AGENT', options.agentToken);
  const events = new EventFeed(db, options.eventSweepMs);
  await events.start();
  const unreachableAfterMs = options.unreachableAfterMs ?? 15_000;
  const wakeups = new AgentWakeups(events);
  wakeups.start();
  const sandboxFiles = new SandboxFiles(wakeups);
  const agents = agentApi({ db, wakeups, sandboxFiles, logger, pollTimeoutMs: options.pollTimeoutMs ?? 20_000, unreachableAfterMs });
  const loop = new ControlLoop({ db, events, logger, unreachableAfterMs, sweepMs: options.sweepMs });

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: buildSchema(),
    context: (): GatewayContext => ({ db, events, sandboxFiles }),
    graphiql: { title: 'Corral', subscriptionsProtocol: 'WS' },
    logging: logger,
    landingPage: false,
  });

  const http = createServer((req, res) => route(req, res, yoga, agents));
  const ws = serveGraphqlWs(http, yoga);
  await listen(http, host, port);
  const address = http.address() as AddressInfo;
  const url = `http://${formatHost(host)}:${address.port}`;
  await loop.start();

  return {
    url,
    graphqlUrl: `${url}${yoga.graphqlEndpoint}`,
    close: async () => {
      await loop.stop();
      await wakeups.stop();
      await ws.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await events.stop();
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

function route(req: IncomingMessage, res: ServerResponse, yoga: Handler, agents: ReturnType<typeof agentApi>) {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith('/agent/v1/')) {
    void agents(req, res, path);
  } else if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else if (path === '/' ) {
    res.writeHead(302, { location: '/graphql' }).end();
  } else {
    void yoga(req, res);
  }
}

function listen(http: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is already in use: stop what uses it or choose another with --port`));
      else if (error.code === 'EACCES') reject(new StartupError(`not allowed to listen on ${host}:${port}: choose a port above 1024 with --port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on ${host}: no such address on this machine (--host)`));
      else reject(error);
    });
    http.listen(port, host, () => resolve());
  });
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
