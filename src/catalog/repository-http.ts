import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkedLookup, checkLiteralHost, InternalAddressRefused, type RepositoryAccess } from './internal-addresses.ts';

/** The most a repository file (an index, a schema, a template) may be: the reading stops there. */
export const MAX_REPOSITORY_FILE_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 5;

export class RepositoryFileTooLarge extends Error {
  override name = 'RepositoryFileTooLarge';
  constructor(where: string, limit: number) {
    super(`${where} is larger than ${limit / 1024 / 1024} MiB, the most a repository file may be`);
  }
}

/**
 * Every failure to reach the server or read its answer is this one message:
 * whether the port was closed, silent, reset or spoke something else is not
 * told, so the errors cannot map which ports are open on the gateway's
 * networks.
 */
const cannotFetch = (url: URL) => new Error(`cannot fetch ${url}`);

export interface HttpReadLimits {
  maxBytes: number;
  timeoutMs: number;
}

/**
 * A file's text over http(s), or undefined when the server says 404. The
 * host is checked (internal-addresses.ts) before each connection, redirects
 * included, and the connection goes to the address checked. The body is
 * counted as it arrives and the download cut past `maxBytes`.
 */
export async function readOverHttp(
  url: URL,
  access: RepositoryAccess,
  limits: HttpReadLimits = { maxBytes: MAX_REPOSITORY_FILE_BYTES, timeoutMs: TIMEOUT_MS },
): Promise<string | undefined> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const answer = await get(current, access, signal, limits.maxBytes);
    if (answer.kind !== 'redirect') return answer.kind === 'missing' ? undefined : answer.text;
    const next = new URL(answer.location, current);
    if (redirects >= MAX_REDIRECTS || (next.protocol !== 'http:' && next.protocol !== 'https:')) throw cannotFetch(url);
    current = next;
  }
}

type Answer = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'redirect'; location: string };

function get(url: URL, access: RepositoryAccess, signal: AbortSignal, maxBytes: number): Promise<Answer> {
  checkLiteralHost(url, access);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(error instanceof InternalAddressRefused || error instanceof RepositoryFileTooLarge ? error : cannotFetch(url));
    };
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(answer);
    };
    // No connection pool: every connection is made, and checked, for this request.
    const req = request(
      url,
      { method: 'GET', agent: false, lookup: checkedLookup(access), signal, headers: { accept: 'application/json, text/plain, */*' } },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (status === 404) return done({ kind: 'missing' });
        if (status >= 300 && status < 400 && response.headers.location) return done({ kind: 'redirect', location: response.headers.location });
        if (status < 200 || status >= 300) return fail(cannotFetch(url));
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) return fail(new RepositoryFileTooLarge(url.toString(), maxBytes));
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) return fail(new RepositoryFileTooLarge(url.toString(), maxBytes));
          chunks.push(chunk);
        });
        response.on('end', () => done({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', fail);
        response.on('aborted', () => fail(cannotFetch(url)));
      },
    );
    req.on('error', fail);
    req.end();
  });
}
