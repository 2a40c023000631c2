import { closeSync, constants, fstatSync, openSync, readSync, writeSync, type Stats } from 'node:fs';

// Windows has neither flag (fs.constants leaves them undefined there): it has
// no FIFOs under plain names, and links are caught by comparing real paths.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Flags for opening a file a task may have swapped for a FIFO, a device or a
 * link: opening never waits for a writer (a blocking open of a FIFO would
 * freeze the agent), and a link as the last part of the path is refused.
 */
export const readFlags = constants.O_RDONLY | NONBLOCK | NOFOLLOW;
export const writeFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NONBLOCK | NOFOLLOW;
/** The task's stdout and stderr: an archive the task fetched may have put a link by those names. */
export const appendFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NONBLOCK | NOFOLLOW;

/** What a file is, for an error that says why it is not read. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a link';
  return 'not a file';
}

/** The whole of a small regular file the agent itself wrote in a sandbox (task.json); anything else there throws. */
export function readRegularSync(path: string, maxBytes = 1024 * 1024): Buffer {
  const fd = openSync(path, readFlags);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`not a regular file (${kindOf(stats)})`);
    const data = Buffer.alloc(Math.min(stats.size, maxBytes));
    return data.subarray(0, readSync(fd, data, 0, data.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The last bytes of a regular file in a sandbox; a FIFO or device a task put there in its place reads as nothing. */
export function tailRegularSync(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, readFlags);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return Buffer.alloc(0);
    const data = Buffer.alloc(Math.min(stats.size, maxBytes));
    return data.subarray(0, readSync(fd, data, 0, data.length, stats.size - data.length));
  } finally {
    closeSync(fd);
  }
}

/** Writes a file of the agent's in a sandbox, never through a link or into a FIFO the task left in its place. */
export function writeRegularSync(path: string, text: string): void {
  const fd = openSync(path, writeFlags, 0o644);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
