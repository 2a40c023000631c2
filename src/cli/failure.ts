/** Failures of other domains that already say what to do: the database could not start, the gateway refused or was away. */
const oneLineFailures = ['StartupError', 'GatewayRequestError'];

/** A failure a person can act on becomes one line on stderr and exit code 1; anything else keeps its stack. */
export function exitWithFailure(error: unknown): never {
  // db's StartupError is known by its name: importing src/db here would drag
  // the database into the agent bundle, which runs this file too.
  if (error instanceof CommandError || (error instanceof Error && oneLineFailures.includes(error.name))) {
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
