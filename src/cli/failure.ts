import { StartupError } from '../db/index.ts';

/** A failure a person can act on becomes one line on stderr and exit code 1; anything else keeps its stack. */
export function exitWithFailure(error: unknown): never {
  if (error instanceof StartupError || error instanceof CommandError) {
    process.stderr.write(`corral: ${error.message}\n`);
  } else {
    process.stderr.write(`corral: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

/** A command that cannot do what it was asked (bad argument, refused by the gateway). */
export class CommandError extends Error {
  override name = 'CommandError';
}
