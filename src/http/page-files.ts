import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file of one of the gateway's pages, held in memory. */
export interface PageFile {
  type: string;
  body: string | Uint8Array;
  /** Named by its version in its URL (a bundle's hash, a package's version), so a browser may keep it for good; otherwise asked for again each time */
  versioned: boolean;
  /** The same bytes gzipped, made when first asked for */
  gzipped?: () => Uint8Array;
}

/**
 * Answers a GET or HEAD for a page's file: 405 for any other method, 500 saying `unbuilt` when
 * `find` fails (the page's bundle did not build), 404 when it finds nothing.
 */
export async function servePageFile(req: IncomingMessage, res: ServerResponse, find: () => Promise<PageFile | undefined>, unbuilt: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let file: PageFile | undefined;
  try {
    file = await find();
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(unbuilt);
    return;
  }
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const gzip = file.gzipped !== undefined && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, {
    'content-type': file.type,
    'cache-control': file.versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(file.gzipped && { vary: 'accept-encoding' }),
    ...(gzip && { 'content-encoding': 'gzip' }),
  });
  res.end(req.method === 'HEAD' ? undefined : gzip ? file.gzipped!() : file.body);
}
