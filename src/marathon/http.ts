import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppAlreadyExists, AppNotFound, AppStillStopping, AppVersionNotFound, InvalidInput } from '../apps/index.ts';
import { identifyCaller, roleRank, Unauthenticated, type Caller } from '../tokens/index.ts';
import { tokenOf } from './credentials.ts';
import { invalidJson, invalidObject, MarathonError, unknownApp } from './errors.ts';
import type { MarathonDeps, MarathonReply, MarathonRoute } from './route.ts';
import { marathonRoutes } from './routes.ts';

export interface MarathonHttpOptions extends MarathonDeps {
  tokensRequired: boolean;
  maxBodyBytes: number;
  /** Counts the request against its token's rate; throws when over it */
  admit: (caller: Caller) => void;
}

/** Marathon's REST API (/v2/*, /ping) over the same store as GraphQL. */
export const isMarathonPath = (path: string) => path.startsWith('/v2/') || path === '/v2' || path === '/ping';

export function marathonHttp(options: MarathonHttpOptions) {
  const routes = marathonRoutes();
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    try {
      const reply = await answer(req, res, path, routes, options);
      if (reply !== 'streamed') send(res, reply.status, reply.body, reply.headers);
    } catch (error) {
      const refusal = toMarathonError(error);
      if (refusal.status >= 500) options.logger.error({ err: error, path }, 'Marathon API request failed');
      send(res, refusal.status, refusal.body, refusal.status === 429 ? { 'retry-after': '1' } : undefined);
    }
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, path: string, routes: MarathonRoute[], options: MarathonHttpOptions): Promise<MarathonReply> {
  const method = req.method ?? 'GET';
  const onPath = routes.map((route) => ({ route, match: route.path.exec(path) })).filter((found) => found.match);
  const found = onPath.find((candidate) => candidate.route.method === method);
  if (!found?.match) {
    req.resume();
    if (onPath.length > 0)
      return { status: 405, body: { message: `${method} is not allowed on ${path}: use ${[...new Set(onPath.map((c) => c.route.method))].join(', ')}` } };
    return { status: 404, body: { message: `Not found: ${path} is no path of Marathon's API v2 that Corral serves` } };
  }
  const caller = await identify(req, options);
  if (roleRank[caller.role] < roleRank[found.route.role]) {
    req.resume();
    throw new MarathonError(403, {
      message: `Not Authorized to perform this action! (needs a token with role ${found.route.role} or higher; this one is ${caller.role})`,
    });
  }
  const body = ['POST', 'PUT', 'PATCH'].includes(method) ? await readBody(req, options.maxBodyBytes) : (req.resume(), undefined);
  const params = Object.fromEntries(Object.entries(found.match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value ?? '')]));
  const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
  return found.route.handle({ method, path, params, query, body, caller, deps: options, raw: { req, res } });
}

async function identify(req: IncomingMessage, options: MarathonHttpOptions): Promise<Caller> {
  try {
    const caller = await identifyCaller(options.db.prisma, tokenOf(req.headers.authorization), options.tokensRequired);
    options.admit(caller);
    return caller;
  } catch (error) {
    if (error instanceof Unauthenticated)
      throw new MarathonError(401, {
        message: error.message.replace('Authorization: Bearer <token>', 'Authorization: Bearer <token> (or HTTP Basic with the token as password)'),
      });
    throw error;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new MarathonError(413, { message: `Request body larger than ${limit} bytes` });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidJson((error as Error).message);
  }
}

/** The domain's refusals as Marathon words them; anything else is a 500 whose cause is logged, not shown. */
function toMarathonError(error: unknown): MarathonError {
  if (error instanceof MarathonError) return error;
  if (error instanceof InvalidInput) return invalidObject(error.fields);
  if (error instanceof AppNotFound) return unknownApp(error.appId);
  if (error instanceof AppVersionNotFound) return new MarathonError(404, { message: error.message });
  if (error instanceof AppAlreadyExists) return new MarathonError(409, { message: `An app with id [${error.appId}] already exists.` });
  if (error instanceof AppStillStopping) return new MarathonError(409, { message: error.message });
  const http = (error as { extensions?: { code?: string } }).extensions;
  if (http?.code === 'RATE_LIMITED') return new MarathonError(429, { message: (error as Error).message });
  return new MarathonError(500, { message: 'The gateway could not answer; the cause is in its log' });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded) return;
  if (body === undefined) res.writeHead(status, headers).end();
  // A bare string is a plain-text answer (/ping's "pong"), as Marathon sends it.
  else if (typeof body === 'string') res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
  else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
