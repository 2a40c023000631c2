import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { readExamples, type Example } from './examples.ts';
import { graphiqlFiles } from './graphiql-files.ts';
import { playgroundBundle, type PlaygroundBundle } from './bundle.ts';
import { PLAYGROUND_PREFIX, playgroundConfig, playgroundPage } from './page.ts';

export interface Playground {
  /** yoga's renderGraphiQL: the page for a browser's GET /graphql */
  render(options: { title?: string }): Promise<string>;
  /** Serves the page's files under /playground/ */
  serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** The paths of the playground's files: the gateway routes these here (the page itself is yoga's /graphql). */
export function isPlaygroundPath(path: string): boolean {
  return path.startsWith(PLAYGROUND_PREFIX);
}

// From the project root, so the path holds both in src/playground/ and in the built dist/cli/corral.mjs.
const tourFile = fileURLToPath(new URL('../../src/playground/tour.graphql', import.meta.url));

/** The default tab of the playground: a short tour of the API. */
export function readTour(): string {
  return readFileSync(tourFile, 'utf8');
}

let content: { tour: string; examples: Example[] } | undefined;

/**
 * GraphiQL, served from the gateway's own files (nothing from a CDN, so it
 * works on networks without internet). The page's script is bundled when the
 * gateway starts, as the dashboard's is; GraphiQL's files are loaded on the
 * first visit.
 */
export function playground(options: { tokensRequired: boolean; onBuildError?: (error: unknown) => void }): Playground {
  const bundle = playgroundBundle();
  bundle.catch((error: unknown) => options.onBuildError?.(error));
  // Read once per process, as the bundle is: the files do not change while it runs.
  content ??= { tour: readTour(), examples: readExamples() };
  const { tour, examples } = content;
  return {
    render: async ({ title }) => {
      const config = playgroundConfig({ title: title ?? 'Corral', tokensRequired: options.tokensRequired, tour, examples });
      return playgroundPage(config, (await bundle).version);
    },
    serve: async (req, res, path) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const name = path.slice(PLAYGROUND_PREFIX.length);
      let file: { type: string; body: Uint8Array; gzipped?: () => Uint8Array } | undefined;
      try {
        const built: PlaygroundBundle = await bundle;
        if (name === 'playground.js') file = { type: 'text/javascript; charset=utf-8', body: built.js };
        else if (name === 'playground.css') file = { type: 'text/css; charset=utf-8', body: built.css };
        else file = (await graphiqlFiles()).get(name);
      } catch {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The playground could not be built: see the gateway log.\n');
        return;
      }
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      // Every file's URL carries its version (GraphiQL's package version, or the bundle's hash), so it may be kept.
      const gzip = file.gzipped !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'accept-encoding',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : gzip ? file.gzipped!() : file.body);
    },
  };
}
