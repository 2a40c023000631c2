import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

/**
 * GraphiQL itself, as @graphql-yoga/render-graphiql ships it: React, GraphiQL,
 * its explorer plugin, Monaco and Monaco's workers, built into strings of one
 * module, so nothing is fetched from anywhere but the gateway. Yoga's own
 * renderer inlines all of it (9 MB) into every page; the gateway serves each
 * part as a file instead, cached by the browser for good under its version.
 */
export interface GraphiqlFile {
  type: string;
  body: Buffer;
  /** The same, gzipped once on the first request that accepts it */
  gzipped(): Buffer;
}

/** Monaco asks for its workers by label. */
export const workerLabels = ['editorWorkerService', 'json', 'graphql'] as const;
export type WorkerLabel = (typeof workerLabels)[number];

const require = createRequire(import.meta.url);

/** The package's version: it names the files, which never change within one version. */
export const graphiqlVersion: string = JSON.parse(readFileSync(require.resolve('@graphql-yoga/render-graphiql/package.json'), 'utf8')).version;

let loading: Promise<Map<string, GraphiqlFile>> | undefined;

/**
 * The files by name (`graphiql.js`, `graphiql.css`, `worker-<label>.js`),
 * loaded on the first request for one rather than at start-up: a gateway
 * whose playground nobody opens keeps the 9 MB out of its memory.
 */
export function graphiqlFiles(): Promise<Map<string, GraphiqlFile>> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((built) => {
    const files = new Map<string, GraphiqlFile>();
    const add = (name: string, type: string, text: string) => {
      const body = Buffer.from(text);
      let gzipped: Buffer | undefined;
      files.set(name, { type, body, gzipped: () => (gzipped ??= gzipSync(body)) });
    };
    add('graphiql.js', 'text/javascript; charset=utf-8', built.js);
    add('graphiql.css', 'text/css; charset=utf-8', built.css);
    add('worker-editorWorkerService.js', 'text/javascript; charset=utf-8', built.editorWorkerService);
    add('worker-json.js', 'text/javascript; charset=utf-8', built.jsonWorker);
    add('worker-graphql.js', 'text/javascript; charset=utf-8', built.graphqlWorker);
    return files;
  });
  return loading;
}
