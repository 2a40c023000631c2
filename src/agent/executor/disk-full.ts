import { statfsSync } from 'node:fs';

const full = (error: Error) => ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException).code ?? '');

/** A task's failure to start, for its FAILED status: a full disk says so, and where. */
export function describeFailure(error: Error, sandbox: string): string {
  return full(error) ? `no space left for the sandbox ${sandbox}: its disk is full (${error.message})` : error.message;
}

/**
 * Said after the failure of a task whose sandbox's disk is full when it ends:
 * likely why it failed, and why its stderr may say nothing (it could not be written).
 */
export function diskFullNote(sandbox: string): string {
  try {
    return statfsSync(sandbox).bavail === 0 ? ' (the disk of its sandbox is full)' : '';
  } catch {
    return '';
  }
}
