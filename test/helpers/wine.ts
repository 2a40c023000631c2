import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const provisionScript = fileURLToPath(new URL('../../.ci/wine.sh', import.meta.url));

export interface Wine {
  /** /usr/lib/wine/wine64 */
  wine: string;
  wineserver: string;
  /** The Windows node.exe, as a Linux path. */
  nodeExe: string;
  /** An initialised WINEPREFIX; each agent runs in a copy of it. */
  prefixTemplate: string;
}

let provisioned: Promise<Wine> | undefined;

/**
 * Wine, node.exe and a WINEPREFIX, from .ci/wine.sh: the script CI runs first,
 * so here it only checks; on a fresh machine it installs them (a minute or
 * two). When it cannot, the test fails with its reason: it never skips.
 */
export function provisionWine(): Promise<Wine> {
  provisioned ??= new Promise((resolve, reject) => {
    execFile('bash', [provisionScript], { encoding: 'utf8', timeout: 540_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const reason = stderr.trim().split('\n').slice(-5).join('\n') || error.message;
        return reject(new Error(`cannot provision Wine for the Windows agent (bash .ci/wine.sh, as root, installs it): ${reason}`));
      }
      const values = Object.fromEntries(
        stdout
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      resolve({ wine: values.WINE!, wineserver: values.WINESERVER!, nodeExe: values.NODE_EXE!, prefixTemplate: values.WINEPREFIX_TEMPLATE! });
    });
  });
  return provisioned;
}

/** How a Wine program sees a Linux path: drive Z: is the Linux root. */
export function windowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replace(/\//g, '\\')}`;
}

export interface LinuxProcess {
  pid: number;
  /** The command line; a Wine process shows its Windows one, such as `cmd.exe /d /s /c ...`. */
  args: string;
}

/** Live Linux processes (zombies left out) whose environment names this WINEPREFIX: every process of that Wine machine. */
export function processesOfPrefix(prefix: string): LinuxProcess[] {
  const found: LinuxProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`WINEPREFIX=${prefix}`)) continue;
      found.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
