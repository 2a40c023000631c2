import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/index.ts';
import type { GatewayMetrics } from '../metrics/index.ts';
import { bearerToken, identifyCaller, Unauthenticated } from '../tokens/index.ts';
import { sendJson } from '../http/index.ts';

export const METRICS_PATH = '/metrics';

/**
 * GET /metrics for Prometheus. Where tokens are required it wants an API
 * token, a viewer's at least (Prometheus' bearer_token), as the API does: the
 * figures tell how large the cluster is and what it runs.
 */
export function metricsHttp(db: Database, tokensRequired: boolean, metrics: GatewayMetrics, onError: (error: unknown) => void) {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' });
    try {
      await identifyCaller(db.prisma, bearerToken(req.headers.authorization), tokensRequired);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: error.message });
    }
    const { contentType, body } = await metrics.exposition();
    res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body);
  };
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    handle(req, res).catch((error: unknown) => {
      onError(error);
      sendJson(res, 500, { error: 'the gateway could not answer; it is logged' });
    });
}
