import { RE2JS } from 're2js';

// LIKE and UNLIKE constraints are regular expressions that placement runs
// against every agent for every task. JavaScript's RegExp backtracks:
// "(.*.*.*)*X" against 40 a's took minutes and held the control loop (agents
// went UNREACHABLE). RE2 matches in time linear in the text, and refuses what
// needs backtracking (backreferences, lookaround). Validation and placement
// both use this one matcher, so a pattern that was accepted is the pattern that runs.

/** A longer pattern is refused: compiling one costs time in proportion (100,000 characters took 0.1 s). */
export const MAX_LIKE_PATTERN_LENGTH = 1024;

/** Compiled patterns, by source: placement asks the same few for every agent and every task. */
const compiled = new Map<string, RE2JS>();
const MAX_COMPILED = 256;

function compile(pattern: string): RE2JS {
  let found = compiled.get(pattern);
  if (found) return found;
  found = RE2JS.compile(pattern);
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, found);
  return found;
}

/** Why `pattern` cannot be a LIKE/UNLIKE constraint, or undefined when it can. */
export function likePatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_LIKE_PATTERN_LENGTH) return `the regular expression is ${pattern.length} characters long: at most ${MAX_LIKE_PATTERN_LENGTH}`;
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return `"${pattern}" is not a valid regular expression (RE2 syntax: no backreferences or lookaround): ${reason}`;
  }
}

/**
 * Whether the whole of `value` matches `pattern` (Marathon anchors LIKE patterns), in linear time;
 * undefined for a pattern RE2 cannot compile (one stored before it was validated): such a
 * constraint, LIKE or UNLIKE, is met by no agent.
 */
export function matchesLike(pattern: string, value: string): boolean | undefined {
  if (pattern.length > MAX_LIKE_PATTERN_LENGTH) return undefined;
  try {
    return compile(pattern).matches(value);
  } catch {
    return undefined;
  }
}
