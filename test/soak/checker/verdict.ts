/** One invariant's result: what broke it, each in a line a person can follow up. */
export interface Verdict {
  invariant: string;
  holds: boolean;
  violations: string[];
  /** What was checked, or left unjudged and why */
  note?: string;
}

export function verdict(invariant: string, violations: string[], note?: string): Verdict {
  return { invariant, holds: violations.length === 0, violations: violations.slice(0, 50), ...(note && { note }) };
}
