import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printApiSchema } from '../../src/api/index.ts';

it('schema/schema.graphql is the schema the gateway serves (npm run schema:print rewrites it)', () => {
  const printed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
  expect(printed).toBe(`${printApiSchema()}\n`);
});
