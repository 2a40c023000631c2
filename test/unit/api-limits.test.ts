import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getOperationAST, getVariableValues, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema, MAX_PAGE_SIZE } from '../../src/api/index.ts';
import * as operations from '../../src/client/generated/graphql.ts';
import { defaultLimits } from '../../src/server/api-limits.ts';
import { mostNodes } from '../../src/server/node-count.ts';

const schema = buildSchema();
/** The nodes an operation may return, its variables coerced as the gateway coerces them (defaults applied). */
const nodesOf = (query: string | DocumentNode, variables: Record<string, unknown> = {}) => {
  const document = typeof query === 'string' ? parse(query) : query;
  expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  const operation = getOperationAST(document)!;
  const { coerced, errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  expect(errors ?? []).toEqual([]);
  return mostNodes(schema, document, operation, coerced!);
};

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
      const parsed = parse(String(document));
      const errors = validate(buildSchema(), parsed, rules);
      expect(
        errors.map((error) => error.message),
        name,
      ).toEqual([]);
      // Even with every page a caller chooses at its largest (the other variables hold no pages).
      const operation = getOperationAST(parsed)!;
      const pages = (operation.variableDefinitions ?? [])
        .map((definition) => definition.variable.name.value)
        .filter((name) => name === 'first' || name === 'last');
      const largest = Object.fromEntries(pages.map((page) => [page, MAX_PAGE_SIZE]));
      expect(mostNodes(schema, parsed, operation, largest), name).toBeLessThanOrEqual(defaultLimits.maxNodes);
    }
    expect(nodesOf(operations.DashboardAppsDocument.toString())).toBe(100 + 100 * 10);
  });
});

describe('the node count', () => {
  const appsWithTasks = 'query Nested($n: Int) { apps(first: $n) { edges { node { tasks(first: $n) { nodes { id } } } } } }';

  it('multiplies the pages of nested connections along each path and sums the paths, as GitHub counts', () => {
    expect(nodesOf(appsWithTasks, { n: 1000 })).toBe(1000 + 1000 * 1000);
    expect(nodesOf('{ apps(first: 1000) { nodes { tasks(first: 1000) { nodes { id } } } } }')).toBe(1_001_000);
    expect(
      nodesOf('{ apps(first: 5) { nodes { tasks(last: 7) { totalCount } versions(first: 3) { nodes { version } } } } agents(first: 2) { nodes { id } } }'),
    ).toBe(5 + 5 * 7 + 5 * 3 + 2);
    // A page past the largest is refused by paging, naming first: it counts as the most a page holds.
    expect(nodesOf('query ($n: Int) { tasks(first: $n) { totalCount } }', { n: 1_000_000 })).toBe(1000);
    expect(nodesOf(appsWithTasks, { n: 5000 })).toBe(1_001_000);
    // A connection without first or last counts its default page.
    expect(nodesOf('{ apps { nodes { tasks { nodes { id } } } } }')).toBe(100 + 100 * 100);
    expect(nodesOf('query Page($n: Int = 300) { apps(first: $n) { totalCount } }')).toBe(300);
  });

  it('follows fragments, inline ones and those on the members of a union', () => {
    const throughFragment =
      'query ($n: Int) { apps(first: $n) { ...Tasks } } fragment Tasks on QueryAppsConnection { nodes { tasks(first: $n) { nodes { id } } } }';
    expect(nodesOf(throughFragment, { n: 1000 })).toBe(1_001_000);
    const deep =
      'query ($n: Int) { agents(first: $n) { nodes { ... on Agent { ...OnAgent } } } } fragment OnAgent on Agent { tasks(first: $n) { nodes { id } } }';
    expect(nodesOf(deep, { n: 400 })).toBe(400 + 400 * 400);
    const result = `mutation { scaleApp(id: "/a", instances: 3) {
      ... on AppNotFoundError { message }
      ... on ScaleAppSuccess { data { app { tasks(first: 50) { nodes { id } } endpoints(first: 20) { totalCount } } } } } }`;
    expect(nodesOf(result)).toBe(50 + 20);
  });

  it('counts a field selected twice once, as it is answered once, and leaves out what @skip or @include leave out', () => {
    expect(
      nodesOf('{ apps(first: 10) { nodes { id } } apps(first: 10) { totalCount } ...More } fragment More on Query { apps(first: 10) { nodes { version } } }'),
    ).toBe(10);
    expect(nodesOf('{ a: apps(first: 10) { totalCount } b: apps(first: 10) { totalCount } }')).toBe(20);
    const optional = 'query ($all: Boolean!) { apps(first: 1000) { nodes { tasks(first: 1000) @include(if: $all) { totalCount } } } }';
    expect(nodesOf(optional, { all: false })).toBe(1000);
    expect(nodesOf(optional, { all: true })).toBe(1_001_000);
  });

  it('counts fragments that branch at every level without walking each path (2^40 of them here)', () => {
    const levels = Array.from(
      { length: 40 },
      (_, level) =>
        `fragment F${level + 1} on Agent { a: tasks(first: 1) { nodes { agent { ...F${level} } } } b: tasks(first: 1) { nodes { agent { ...F${level} } } } }`,
    );
    const document = `{ agent(id: "a") { ...F40 } } fragment F0 on Agent { id } ${levels.join(' ')}`;
    expect(nodesOf(document)).toBe(2 ** 41 - 2);
  });
});
