import { useState } from 'preact/hooks';

// A mutation answers with a typed union: its Success type, or an Error type
// with a message (ValidationError also names each bad field). An action keeps
// the problem of its last run, so the page can show it next to its control.

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  message: string;
  fields?: FieldProblem[];
}

interface MutationResult {
  __typename?: string;
  message?: string;
  fields?: FieldProblem[];
}

/** The problem in a mutation's answer (its one field's union), or undefined for its Success type. */
export function problemOf(answer: Record<string, unknown>): Problem | undefined {
  const result = Object.values(answer)[0] as MutationResult | undefined;
  if (!result) return { message: 'the gateway returned nothing' };
  if (result.__typename?.endsWith('Success')) return undefined;
  return { message: result.message ?? `the gateway refused: ${result.__typename ?? 'unknown error'}`, fields: result.fields };
}

export interface Action {
  pending: boolean;
  problem?: Problem;
  /** Runs the mutation; true when it succeeded. */
  run(mutate: () => Promise<Record<string, unknown>>): Promise<boolean>;
  /** Shows a problem found before asking the API (an input that is not even a number). */
  fail(message: string): void;
  clear(): void;
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  return {
    pending,
    problem,
    clear: () => setProblem(undefined),
    fail: (message) => setProblem({ message }),
    run: async (mutate) => {
      setPending(true);
      setProblem(undefined);
      try {
        const found = problemOf(await mutate());
        setProblem(found);
        return !found;
      } catch (error) {
        setProblem({ message: (error as Error).message });
        return false;
      } finally {
        setPending(false);
      }
    },
  };
}
