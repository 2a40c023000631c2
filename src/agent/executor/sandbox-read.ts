import type { Stats } from 'node:fs';
import { lstat, open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { kindOf, readFlags } from './regular-file.ts';
import { isWithin, underSandbox } from './sandbox.ts';

/** The most one read returns, as the gateway's taskFile allows. */
export const MAX_READ_LENGTH = 1024 * 1024;
/** A read the file system does not finish by then is answered with an error (the gateway gives up at 10 s). */
export const READ_TIMEOUT_MS = 5000;

/**
 * Reads a piece of a regular file in a task's sandbox for a user. The task
 * owns its sandbox and may put anything there: FIFOs, sockets, devices and
 * directories are refused, links must stay inside, and nothing here can
 * block the agent. Errors name the file as the user sees it, relative to
 * the sandbox: never the agent's own paths.
 */
export async function readSandboxFile(
  sandbox: string,
  userPath: string,
  offset: number,
  length: number,
  timeoutMs = READ_TIMEOUT_MS,
): Promise<{ data: Buffer; size: number }> {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`offset must be a whole number of bytes, 0 or more (got ${offset})`);
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_READ_LENGTH)
    throw new Error(`length must be between 0 and ${MAX_READ_LENGTH} bytes (got ${length})`);
  const target = underSandbox(sandbox, userPath);
  const shown = relative(sandbox, target).split(sep).join('/') || '.';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${shown}: the file system did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([read(sandbox, target, userPath, shown, offset, length), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function read(sandbox: string, target: string, userPath: string, shown: string, offset: number, length: number): Promise<{ data: Buffer; size: number }> {
  const realSandbox = await realpath(sandbox).catch(() => {
    throw new Error('the sandbox of this task is gone');
  });
  const real = await realpath(target).catch((error: NodeJS.ErrnoException) => {
    throw new Error(describe(shown, error));
  });
  if (!isWithin(realSandbox, real)) throw new Error(`"${userPath}" leads out of the sandbox through a link`);
  // Refused before opening: opening a device can do things, a socket cannot be opened at all.
  refuseIrregular(
    shown,
    await lstat(real).catch((error: NodeJS.ErrnoException) => {
      throw new Error(describe(shown, error));
    }),
  );
  let handle: FileHandle;
  try {
    // Non-blocking: even a FIFO swapped in since the check opens at once, and is refused below.
    handle = await open(real, readFlags);
  } catch (error) {
    throw new Error(describe(shown, error as NodeJS.ErrnoException));
  }
  try {
    await refuseEscape(handle, realSandbox, userPath);
    const stats = await handle.stat();
    refuseIrregular(shown, stats);
    const data = Buffer.alloc(Math.max(0, Math.min(length, stats.size - offset)));
    const { bytesRead } = data.length > 0 ? await handle.read(data, 0, data.length, offset) : { bytesRead: 0 };
    return { data: data.subarray(0, bytesRead), size: stats.size };
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code ? new Error(describe(shown, error as NodeJS.ErrnoException)) : error;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function refuseIrregular(shown: string, stats: Stats): void {
  if (!stats.isFile()) throw new Error(`${shown}: not a regular file (${kindOf(stats)})`);
}

/** A directory of the path swapped for a link between the check and the open: where the open really went, on Linux. */
async function refuseEscape(handle: FileHandle, realSandbox: string, userPath: string): Promise<void> {
  if (process.platform !== 'linux') return;
  const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (opened !== undefined && !isWithin(realSandbox, opened)) throw new Error(`"${userPath}" leads out of the sandbox through a link`);
}

/** The file system's error in the user's terms; its own message holds the agent's absolute path, so it is never passed on. */
function describe(shown: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `${shown}: no such file`;
    case 'ENOTDIR':
      return `${shown}: no such file (a part of the path is not a directory)`;
    case 'EACCES':
    case 'EPERM':
      return `${shown}: permission denied`;
    case 'EISDIR':
      return `${shown}: not a regular file (a directory)`;
    case 'ENXIO':
    case 'ENODEV':
    case 'EOPNOTSUPP':
      return `${shown}: not a regular file`;
    case 'ELOOP':
      return `${shown}: too many links to follow, or a link swapped in while reading`;
    default:
      return `${shown}: cannot be read (${error.code ?? 'unknown error'})`;
  }
}
