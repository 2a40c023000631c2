import { fileURLToPath } from 'node:url';
import { bundlePage, type PageBundle } from '../http/index.ts';

export type DashboardBundle = PageBundle;

// From the project root, so the path holds both in src/dashboard/ and in the built dist/cli/corral.mjs.
const entry = fileURLToPath(new URL('../../src/dashboard/web/main.tsx', import.meta.url));

let building: Promise<DashboardBundle> | undefined;

/** The page's script (app.js) and styles, bundled from web/ once per process (tests start many gateways). */
export function dashboardBundle(): Promise<DashboardBundle> {
  building ??= bundlePage(entry, { name: 'app', outdir: '/dashboard', format: 'esm', jsx: 'automatic', jsxImportSource: 'preact' });
  return building;
}
