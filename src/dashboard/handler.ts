import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardBundle, type DashboardBundle } from './bundle.ts';
import { dashboardPage } from './page.ts';
import { servePageFile } from '../http/index.ts';

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
  return (req, res, path) =>
    servePageFile(
      req,
      res,
      async () => {
        const built: DashboardBundle = await bundle;
        // The bundle's URL carries its version, so it may be kept; the page may not.
        if (path === '/') return { type: 'text/html; charset=utf-8', body: dashboardPage(built.version), versioned: false };
        if (path === '/dashboard/app.js') return { type: 'text/javascript; charset=utf-8', body: built.js, versioned: true };
        if (path === '/dashboard/app.css') return { type: 'text/css; charset=utf-8', body: built.css, versioned: true };
        return undefined;
      },
      'The dashboard could not be built: see the gateway log. The API is at /graphql.\n',
    );
}
