import { readdirSync, readFileSync } from 'node:fs';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readExamples, readTour } from '../../src/playground/index.ts';
import { defaultLimits } from '../../src/server/api-limits.ts';
import { mostNodes } from '../../src/server/node-count.ts';

// The printed schema, which a test keeps equal to the one the gateway serves: an API change that
// breaks the tour or an example (a list turned into a connection) fails here, not in a user's browser.
const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const operationsDir = new URL('../../schema/operations/', import.meta.url);

describe("the playground's tour and examples", () => {
  it('the tour runs against the schema: apps with tasks and health, agents, the catalog, events live, an install and an app', () => {
    const tour = parse(readTour());
    expect(validate(schema, tour).map((error) => error.message)).toEqual([]);
    const operations = tour.definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
    const fields = operations.map(
      (operation) => `${operation.operation} ${operation.selectionSet.selections.map((field) => (field.kind === Kind.FIELD ? field.name.value : '')).join()}`,
    );
    expect(fields).toEqual(['query apps', 'query agents', 'query packages', 'subscription events', 'mutation installPackage', 'mutation createApp']);
    // Within the API's limits, so that each runs as it is.
    const limits = [
      maxDepthRule({ n: defaultLimits.maxDepth, ignoreIntrospection: true }),
      costLimitRule({ maxCost: defaultLimits.maxCost, ignoreIntrospection: true }),
      maxAliasesRule({ n: defaultLimits.maxAliases }),
    ];
    expect(validate(schema, tour, limits).map((error) => error.message)).toEqual([]);
    for (const operation of operations) expect(mostNodes(schema, tour, operation, {})).toBeLessThanOrEqual(defaultLimits.maxNodes);
    expect(readTour()).toMatch(/tasks\(first: 20\) \{\s+totalCount\s+edges \{ node \{ id state health /);
  });

  it('offers every documented operation, each a document that runs alone', () => {
    const examples = readExamples();
    const named = readdirSync(operationsDir)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(readFileSync(new URL(file, operationsDir), 'utf8')).definitions)
      .flatMap((node) => (node.kind === Kind.OPERATION_DEFINITION && node.name ? [node.name.value] : []));
    expect(examples.map((example) => example.name).sort()).toEqual(named.sort());
    for (const example of examples) {
      // Only the fragments it uses (an unused one would be invalid), from whichever file holds them.
      expect(
        validate(schema, parse(example.text)).map((error) => error.message),
        example.name,
      ).toEqual([]);
    }
    const createApp = examples.find((example) => example.name === 'CreateApp')!;
    expect(createApp.text).toMatch(/^# CreateApp, as schema\/operations\/apps\.graphql has it\n# Variables \(the Variables tab below\): \{"input":\{\}\}\n/);
  });
});
