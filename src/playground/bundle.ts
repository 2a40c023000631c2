import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PlaygroundBundle {
  js: Uint8Array;
  css: Uint8Array;
  /** Changes with the contents: the page asks for playground.js?v=<version>. */
  version: string;
}

// From the project root, so the path holds both in src/playground/ and in the built dist/cli/corral.mjs.
const entry = fileURLToPath(new URL('../../src/playground/web/main.ts', import.meta.url));

let building: Promise<PlaygroundBundle> | undefined;

/** The page's own script (token bar, fetcher, examples) and styles, bundled from web/ in memory once per process. */
export function playgroundBundle(): Promise<PlaygroundBundle> {
  building ??= bundle();
  return building;
}

async function bundle(): Promise<PlaygroundBundle> {
  const result = await build({
    entryPoints: { playground: entry },
    bundle: true,
    write: false,
    outdir: '/playground',
    // A classic script, deferred, so that it runs before GraphiQL's (also classic) in document order.
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
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
