import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { configPath } from './config-path.ts';

/**
 * How `corral` on the same machine finds the token of a running `corral dev`
 * without being told (as Jupyter's runtime files do): `corral dev` writes
 * <config dir>/dev/<port>.json, readable by its user only, and removes it when
 * it stops. The config dir is the one of CORRAL_CONFIG (default ~/.corral).
 */
interface DevCredentials {
  url: string;
  token: string;
}

/** The file of the corral dev listening on `port`. */
export function devCredentialsFile(port: number): string {
  return join(dirname(configPath()), 'dev', `${port}.json`);
}

export function writeDevCredentials(port: number, credentials: DevCredentials): string {
  const file = devCredentialsFile(port);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies to a new file only: a file left by an older run keeps its own.
  chmodSync(file, 0o600);
  return file;
}

export function removeDevCredentials(port: number): void {
  rmSync(devCredentialsFile(port), { force: true });
}

/** The token of the corral dev at `url`, if it is on this machine (a loopback URL) and one runs there; else undefined. */
export function devTokenFor(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!isLoopbackName(parsed.hostname)) return undefined;
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const file = devCredentialsFile(port);
  if (!existsSync(file)) return undefined;
  try {
    const found = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevCredentials>;
    return typeof found.token === 'string' && found.token ? found.token : undefined;
  } catch {
    // A file cut short by a crash: the gateway's 401 will say a token is needed.
    return undefined;
  }
}

function isLoopbackName(hostname: string): boolean {
  const name = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}
