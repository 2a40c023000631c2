import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { readExamples, type Example } from './examples.ts';
import { graphiqlFiles } from './graphiql-files.ts';
import { playgroundBundle, type PlaygroundBundle } from './bundle.ts';
import { PLAYGROUND_PREFIX, playgroundConfig, playgroundPage } from './page.ts';
import { servePageFile } from '../http/index.ts';

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
    serve: (req, res, path) =>
      servePageFile(
        req,
        res,
        async () => {
          const name = path.slice(PLAYGROUND_PREFIX.length);
          const built: PlaygroundBundle = await bundle;
          // Every file's URL carries its version (GraphiQL's package version, or the bundle's hash), so it may be kept.
          if (name === 'playground.js') return { type: 'text/javascript; charset=utf-8', body: built.js, versioned: true };
          if (name === 'playground.css') return { type: 'text/css; charset=utf-8', body: built.css, versioned: true };
          const file = (await graphiqlFiles()).get(name);
          return file && { ...file, versioned: true };
        },
        'The playground could not be built: see the gateway log.\n',
      ),
  };
}
