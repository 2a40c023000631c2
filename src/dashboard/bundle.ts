import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

export interface DashboardBundle {
  js: Uint8Array;
  css: Uint8Array;
  /** Changes with the contents: the page asks for app.js?v=<version>, so a new gateway is never served a stale cached bundle. */
  version: string;
}

// From the project root, so the path holds both in src/dashboard/ and in the built dist/cli/corral.mjs.
const entry = fileURLToPath(new URL('../../src/dashboard/web/main.tsx', import.meta.url));

let building: Promise<DashboardBundle> | undefined;

/**
 * The page's script and styles, bundled from web/ in memory: once per process,
 * since the sources do not change while it runs (tests start many gateways).
 */
export function dashboardBundle(): Promise<DashboardBundle> {
  building ??= bundle();
  return building;
}

async function bundle(): Promise<DashboardBundle> {
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    write: false,
    outdir: '/dashboard',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.contents ?? new Uint8Array();
  const js = output('.js');
  const css = output('.css');
  const version = createHash('sha256').update(js).update(css).digest('hex').slice(0, 12);
  return { js, css, version };
}
