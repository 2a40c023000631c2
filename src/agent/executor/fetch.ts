import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import extractZip from 'extract-zip';
import { x as extractTar } from 'tar';
import type { FetchSpec } from '../protocol.ts';
import { insideSandbox } from './sandbox.ts';

/** Downloads every URI into the sandbox (through the agent-wide cache where asked), checks, extracts, marks executable. */
export async function fetchAll(uris: FetchSpec[], sandbox: string, cacheDir: string): Promise<void> {
  for (const spec of uris) await fetchOne(spec, sandbox, cacheDir);
}

async function fetchOne(spec: FetchSpec, sandbox: string, cacheDir: string): Promise<void> {
  const name = basename(new URL(spec.uri).pathname) || 'download';
  const target = insideSandbox(sandbox, spec.destPath ?? name);
  mkdirSync(dirname(target), { recursive: true });
  const cached = spec.cache ? join(cacheDir, createHash('sha256').update(`${spec.uri}\n${spec.sha256 ?? ''}`).digest('hex')) : undefined;
  if (cached && existsSync(cached)) copyFileSync(cached, target);
  else {
    await download(spec.uri, target);
    await verify(spec, target);
    if (cached) {
      mkdirSync(cacheDir, { recursive: true });
      copyFileSync(target, `${cached}.partial`);
      renameSync(`${cached}.partial`, cached);
    }
  }
  if (spec.extract && /\.(tar\.gz|tgz|zip)$/i.test(name)) await extract(target, dirname(target));
  if (spec.executable) chmodSync(target, 0o755);
}

async function download(uri: string, target: string): Promise<void> {
  const url = new URL(uri);
  if (url.protocol === 'file:') {
    copyFileSync(fileURLToPath(url), target);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`cannot fetch ${uri}: only http, https and file URIs are supported`);
  const response = await fetch(url, { signal: AbortSignal.timeout(300_000) }).catch((error: Error) => {
    throw new Error(`cannot fetch ${uri}: ${(error.cause as Error | undefined)?.message ?? error.message}`);
  });
  if (!response.ok) throw new Error(`cannot fetch ${uri}: HTTP ${response.status}`);
  writeFileSync(target, Buffer.from(await response.arrayBuffer()));
}

async function verify(spec: FetchSpec, file: string): Promise<void> {
  if (!spec.sha256) return;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== spec.sha256.toLowerCase()) throw new Error(`${spec.uri} has sha256 ${actual}, expected ${spec.sha256}`);
}

async function extract(archive: string, into: string): Promise<void> {
  if (/\.zip$/i.test(archive)) await extractZip(archive, { dir: into });
  // node-tar refuses entries that would land outside `into` (absolute paths, ..).
  else await extractTar({ file: archive, cwd: into });
}
