import { fileURLToPath } from 'node:url';
import { bundlePage, type PageBundle } from '../http/index.ts';

export type PlaygroundBundle = PageBundle;

// From the project root, so the path holds both in src/playground/ and in the built dist/cli/corral.mjs.
const entry = fileURLToPath(new URL('../../src/playground/web/main.ts', import.meta.url));

let building: Promise<PlaygroundBundle> | undefined;

/** The page's own script (token bar, fetcher, examples) and styles, bundled from web/ once per process. */
export function playgroundBundle(): Promise<PlaygroundBundle> {
  // A classic script, deferred, so that it runs before GraphiQL's (also classic) in document order.
  building ??= bundlePage(entry, { name: 'playground', outdir: '/playground', format: 'iife' });
  return building;
}
