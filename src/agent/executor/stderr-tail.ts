import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The last lines of a task's stderr (at most 1 KiB), for the message of its failure. */
export function stderrTail(sandbox: string, maxBytes = 1024, maxLines = 10): string {
  try {
    const file = join(sandbox, 'stderr');
    const size = statSync(file).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    // Windows programs end lines with \r\n: the message keeps plain \n.
    return buffer.toString('utf8').trimEnd().split(/\r?\n/).slice(-maxLines).join('\n');
  } catch {
    return '';
  }
}
