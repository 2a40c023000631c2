import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeAppId } from '../apps/index.ts';
import type { Database } from '../db/index.ts';
import { appEndpoints } from '../discovery/index.ts';
import { bearerToken, verifyToken } from '../tokens/index.ts';
import { sendJson } from '../http/index.ts';

export const DISCOVERY_PATH = '/v1/discovery/';

/**
 * GET /v1/discovery/<app id>[?port=<index or name>]: the host:port of every
 * task of the app that takes traffic now (running, healthy where it has
 * checks), for programs that find services themselves. Plain JSON, so a
 * script needs no GraphQL; agents' tokens read it too, as programs on their
 * machines may hold only those.
 */
export function discoveryHttp(db: Database, tokensRequired: boolean, onError: (error: unknown) => void) {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
    const secret = bearerToken(req.headers.authorization);
    // As in the API: a token that is given must be right even where none is required.
    if (secret ? !(await verifyToken(db.prisma, secret, ['ADMIN', 'OPERATOR', 'VIEWER', 'AGENT'])) : tokensRequired) {
      return sendJson(res, 401, {
        error: secret ? 'the token is wrong or revoked' : 'this gateway requires a token: send Authorization: Bearer <API or agent token>',
      });
    }
    const url = new URL(req.url ?? '/', 'http://gateway');
    let appId: string;
    try {
      appId = normalizeAppId(decodeURIComponent(url.pathname.slice(DISCOVERY_PATH.length - 1)));
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
    const endpoints = await appEndpoints(db.prisma, appId);
    if (!endpoints) return sendJson(res, 404, { error: `app ${appId} does not exist` });
    const port = url.searchParams.get('port') ?? '0';
    const matches = /^\d+$/.test(port)
      ? (endpoint: { portIndex: number }) => endpoint.portIndex === Number(port)
      : (endpoint: { portName?: string }) => endpoint.portName === port;
    sendJson(
      res,
      200,
      endpoints.filter((endpoint) => endpoint.healthy && matches(endpoint)).map((endpoint) => `${formatHost(endpoint.host)}:${endpoint.port}`),
    );
  };
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    handle(req, res).catch((error: unknown) => {
      onError(error);
      sendJson(res, 500, { error: 'the gateway could not answer; it is logged' });
    });
}

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);
