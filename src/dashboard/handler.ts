import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardBundle, type DashboardBundle } from './bundle.ts';
import { dashboardPage } from './page.ts';

export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

/** The paths the dashboard answers: the gateway routes these here. */
export function isDashboardPath(path: string): boolean {
  return path === '/' || path.startsWith('/dashboard/');
}

/**
 * Serves the page at / and its bundle under /dashboard/. The bundle is built as
 * this is called (when the gateway starts), not on the first visit, so a broken
 * build shows up in the gateway's log at once.
 */
export function dashboardHandler(onBuildError?: (error: unknown) => void): DashboardHandler {
  const bundle = dashboardBundle();
  bundle.catch((error: unknown) => onBuildError?.(error));
  return async (req, res, path) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let built: DashboardBundle;
    try {
      built = await bundle;
    } catch {
      res
        .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The dashboard could not be built: see the gateway log. The API is at /graphql.\n');
      return;
    }
    const send = (type: string, body: string | Uint8Array, cache: string) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': cache });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // The bundle's URL carries its version, so it may be kept; the page may not.
    const immutable = 'public, max-age=31536000, immutable';
    if (path === '/') send('text/html; charset=utf-8', dashboardPage(built.version), 'no-cache');
    else if (path === '/dashboard/app.js') send('text/javascript; charset=utf-8', built.js, immutable);
    else if (path === '/dashboard/app.css') send('text/css; charset=utf-8', built.css, immutable);
    else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  };
}
