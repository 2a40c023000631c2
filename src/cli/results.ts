import { readFileSync } from 'node:fs';
import { CommandError } from './failure.ts';

interface TypedResult {
  __typename: string;
  message?: string;
  fields?: { field: string; message: string }[];
}

/**
 * The data of a mutation's success; an error result (the API's typed errors)
 * becomes a CommandError with its message, or a problem for every field it names.
 */
export function unwrap<T extends TypedResult>(result: T): Extract<T, { data: unknown }>['data'] {
  if ('data' in result) return (result as Extract<T, { data: unknown }>).data;
  const fields = result.fields?.map((field) => `refused: ${field.field}: ${field.message}`) ?? [];
  throw new CommandError(fields.length > 0 ? fields.join('; ') : (result.message ?? `refused (${result.__typename})`), fields);
}

/** A JSON file a user names on the command line, or a clear reason why it cannot be used. */
export function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CommandError(`${path} must hold one JSON object (an app definition)`);
  return parsed as Record<string, unknown>;
}

export function parseCount(value: string, what: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new CommandError(`${what} "${value}" is not a whole number >= 0`);
  return count;
}
