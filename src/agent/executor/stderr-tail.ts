import { join } from 'node:path';
import { tailRegularSync } from './regular-file.ts';

/** The last lines of a task's stderr (at most 1 KiB), for the message of its failure. */
export function stderrTail(sandbox: string, maxBytes = 1024, maxLines = 10): string {
  try {
    // The task may have replaced its stderr by a FIFO or a link: read without waiting or following.
    const buffer = tailRegularSync(join(sandbox, 'stderr'), maxBytes);
    // Windows programs end lines with \r\n: the message keeps plain \n.
    return buffer.toString('utf8').trimEnd().split(/\r?\n/).slice(-maxLines).join('\n');
  } catch {
    return '';
  }
}
