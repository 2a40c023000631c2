import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import extractZip from 'extract-zip';
import { t as listTar, x as extractTar } from 'tar';
import type { FetchSpec } from '../protocol.ts';
import { insideSandbox } from './sandbox.ts';

/** How much one fetched artifact may be: a download or archive past these fails the task rather than fill the agent's disk. */
export interface FetchLimits {
  downloadBytes: number;
  /** What an archive's files add up to once extracted, and how many there are */
  extractedBytes: number;
  entries: number;
}

const GiB = 1024 * 1024 * 1024;
export const defaultFetchLimits: FetchLimits = { downloadBytes: 4 * GiB, extractedBytes: 16 * GiB, entries: 100_000 };

const size = (bytes: number) => (bytes >= GiB ? `${bytes / GiB} GiB` : `${bytes / 1024 / 1024} MiB`);

/** Downloads every URI into the sandbox (through the agent-wide cache where asked), checks, extracts, marks executable. */
export async function fetchAll(uris: FetchSpec[], sandbox: string, cacheDir: string, limits: FetchLimits = defaultFetchLimits): Promise<void> {
  for (const spec of uris) await fetchOne(spec, sandbox, cacheDir, limits);
}

async function fetchOne(spec: FetchSpec, sandbox: string, cacheDir: string, limits: FetchLimits): Promise<void> {
  const name = basename(new URL(spec.uri).pathname) || 'download';
  const target = insideSandbox(sandbox, spec.destPath ?? name);
  mkdirSync(dirname(target), { recursive: true });
  const cached = spec.cache
    ? join(
        cacheDir,
        createHash('sha256')
          .update(`${spec.uri}\n${spec.sha256 ?? ''}`)
          .digest('hex'),
      )
    : undefined;
  if (cached && existsSync(cached)) copyFileSync(cached, target);
  else {
    await download(spec.uri, target, limits);
    await verify(spec, target);
    if (cached) {
      mkdirSync(cacheDir, { recursive: true });
      copyFileSync(target, `${cached}.partial`);
      renameSync(`${cached}.partial`, cached);
    }
  }
  if (spec.extract && /\.(tar\.gz|tgz|zip)$/i.test(name)) await extract(spec.uri, target, dirname(target), limits);
  if (spec.executable) chmodSync(target, 0o755);
}

async function download(uri: string, target: string, limits: FetchLimits): Promise<void> {
  const tooLarge = () => new Error(`cannot fetch ${uri}: it is larger than ${size(limits.downloadBytes)}, the most an artifact may be`);
  const url = new URL(uri);
  if (url.protocol === 'file:') {
    if (statSync(fileURLToPath(url)).size > limits.downloadBytes) throw tooLarge();
    copyFileSync(fileURLToPath(url), target);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`cannot fetch ${uri}: only http, https and file URIs are supported`);
  const response = await fetch(url, { signal: AbortSignal.timeout(300_000) }).catch((error: Error) => {
    throw new Error(`cannot fetch ${uri}: ${unreachable(url, error)}`);
  });
  if (!response.ok) throw new Error(`cannot fetch ${uri}: HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > limits.downloadBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // Streamed to the file and counted on the way: never held whole in memory, cut at the limit.
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limits.downloadBytes ? tooLarge() : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream), counted, createWriteStream(target)).catch((error: Error) => {
    throw error.message.startsWith('cannot fetch') ? error : new Error(`cannot fetch ${uri}: ${error.message}`);
  });
}

/** Why a download did not even get an answer, in words a user acts on (the code stays, for searching). */
function unreachable(url: URL, error: Error): string {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  const code = cause?.code ?? error.name;
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the agent cannot resolve the host ${url.hostname} (${code}: no DNS answer; an agent without internet access needs the artifact on a URL it can reach)`;
    case 'ECONNREFUSED':
      return `${where} refused the connection (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'TimeoutError':
      return `${where} did not answer in time (${code})`;
    default:
      return cause?.message ?? error.message;
  }
}

async function verify(spec: FetchSpec, file: string): Promise<void> {
  if (!spec.sha256) return;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== spec.sha256.toLowerCase()) throw new Error(`${spec.uri} has sha256 ${actual}, expected ${spec.sha256}`);
}

async function extract(uri: string, archive: string, into: string, limits: FetchLimits): Promise<void> {
  let bytes = 0;
  let entries = 0;
  // Sizes as the archive declares them: yauzl checks each zip entry's real size against its declared one, and tar writes what its headers say.
  const count = (entryBytes: number) => {
    bytes += entryBytes;
    entries += 1;
    if (bytes > limits.extractedBytes)
      throw new Error(`cannot extract ${uri}: its files come to more than ${size(limits.extractedBytes)}, the most an artifact may unpack to`);
    if (entries > limits.entries) throw new Error(`cannot extract ${uri}: it has more than ${limits.entries} files, the most an artifact may have`);
  };
  if (/\.zip$/i.test(archive)) await extractZip(archive, { dir: into, onEntry: (entry) => count(entry.uncompressedSize) });
  else {
    // Counted before anything is written: a bomb fails with an empty sandbox.
    const problem = await new Promise<Error | undefined>((resolve, reject) => {
      let found: Error | undefined;
      listTar({
        file: archive,
        onReadEntry: (entry) => {
          if (found) return;
          try {
            count(entry.size ?? 0);
          } catch (error) {
            found = error as Error;
          }
        },
      }).then(() => resolve(found), reject);
    });
    if (problem) throw problem;
    // node-tar refuses entries that would land outside `into` (absolute paths, ..).
    await extractTar({ file: archive, cwd: into });
  }
}
