import type { FieldError } from '../apps/index.ts';

/**
 * A refusal with Marathon's status and body, so its clients show their usual
 * message: `{message}` and, for invalid input, `details` of JSON paths.
 */
export class MarathonError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string } & Record<string, unknown>,
  ) {
    super(body.message);
  }
}

/** 422 with every problem at its JSON path ("/healthChecks/0/portIndex"), as Marathon's validation answers. */
export function invalidObject(errors: FieldError[]): MarathonError {
  const byPath = new Map<string, string[]>();
  for (const error of errors) byPath.set(jsonPath(error.field), [...(byPath.get(jsonPath(error.field)) ?? []), error.message]);
  return new MarathonError(422, { message: 'Object is not valid', details: [...byPath].map(([path, messages]) => ({ path, errors: messages })) });
}

/** 400 for a body that is not JSON. */
export const invalidJson = (problem: string) => new MarathonError(400, { message: 'Invalid JSON', details: [{ path: '/', errors: [problem] }] });

export const unknownApp = (id: string) => new MarathonError(404, { message: `App '${id}' does not exist` });

/** "healthChecks[0].portIndex" -> "/healthChecks/0/portIndex" */
export function jsonPath(field: string): string {
  return (
    '/' +
    field
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean)
      .join('/')
  );
}
