import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/api/index.ts';
import * as operations from '../../src/client/generated/graphql.ts';
import { defaultLimits } from '../../src/server/api-limits.ts';

describe('the API limits', () => {
  it('let every operation the CLI, dashboard and tests send through', () => {
    const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBeGreaterThan(30);
    const rules = [
      maxDepthRule({ n: defaultLimits.maxDepth, ignoreIntrospection: true }),
      costLimitRule({ maxCost: defaultLimits.maxCost, ignoreIntrospection: true }),
      maxAliasesRule({ n: defaultLimits.maxAliases }),
    ];
    for (const [name, document] of documents) {
      const errors = validate(buildSchema(), parse(String(document)), rules);
      expect(
        errors.map((error) => error.message),
        name,
      ).toEqual([]);
    }
  });
});
