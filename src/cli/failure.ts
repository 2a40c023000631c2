/** Failures of other domains that already say what to do: the database could not start, the gateway refused or was away. */
const oneLineFailures = ['StartupError', 'GatewayRequestError'];

/**
 * The longest line printed for one problem. The gateway's messages are short
 * (each names its field), but a gateway of another version may still answer
 * as graphql-js does, with the whole input quoted in it.
 */
const MAX_LINE = 300;

/** A failure a person can act on becomes one line per problem on stderr and exit code 1; anything else keeps its stack. */
export function exitWithFailure(error: unknown): never {
  for (const line of failureLines(error)) process.stderr.write(`corral: ${line}\n`);
  process.exit(1);
}

/** What exitWithFailure prints, each line without its `corral: `. */
export function failureLines(error: unknown): string[] {
  // db's StartupError is known by its name: importing src/db here would drag
  // the database into the agent bundle, which runs this file too.
  if (error instanceof CommandError || (error instanceof Error && oneLineFailures.includes(error.name))) {
    const problems = (error as { problems?: readonly string[] }).problems;
    return (problems?.length ? problems : [error.message]).map(oneLine);
  }
  return [`unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
}

/** A command that cannot do what it was asked (bad argument, refused by the gateway). */
export class CommandError extends Error {
  override name = 'CommandError';
  /** One line each, when there are several (every field the gateway refused) */
  readonly problems?: readonly string[];
  constructor(message: string, problems?: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}

// graphql-js's own refusal of a variable, as a gateway of another version may still send it: the value
// it quotes is the caller's whole input. What comes after the last "; " is the reason.
const ECHOED_VARIABLE = /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([^;]*)$/;

/** On one line without an input quoted back, and cut short past MAX_LINE. */
function oneLine(text: string): string {
  const echoed = ECHOED_VARIABLE.exec(text);
  const flat = (echoed ? `${echoed[2] ?? echoed[1]}: ${echoed[3]}` : text).replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE - 1)}…` : flat;
}
