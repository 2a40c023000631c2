import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { roleRank } from '../tokens/index.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { GatewayContext } from './context.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PagingPluginName } from './paging.ts';

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export type Schema = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  /** What the caller's token allows: each role may do what the roles below it may */
  AuthScopes: { viewer: boolean; operator: boolean; admin: boolean };
  PrismaTypes: PrismaTypes;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date };
    BigInt: { Input: bigint; Output: bigint };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Scope auth first, so no other plugin's work happens for a refused caller; paging next, around
  // Prisma's, so an oversized page is refused even where Prisma would load the connection itself.
  plugins: [ScopeAuthPlugin, PagingPluginName, ErrorsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      viewer: roleRank[ctx.caller.role] >= roleRank.VIEWER,
      operator: roleRank[ctx.caller.role] >= roleRank.OPERATOR,
      admin: ctx.caller.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, ctx, info, result) =>
      new GraphQLError(
        `${info.parentType.name === 'Mutation' ? 'changing' : 'reading'} ${info.fieldName} needs ${needed(result.failure)}: this token is a ${ctx.caller.role.toLowerCase()}'s`,
        {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        },
      ),
  },
  prisma: {
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // GitHub's `nodes` beside `edges`: a client that needs no cursor but the last reads a page one level less deep.
    nodesOnConnection: true,
    firstArgOptions: { description: `At most ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given` },
    lastArgOptions: { description: `At most ${MAX_PAGE_SIZE}` },
  },
  errors: {
    defaultTypes: [],
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
  },
});

// Reading takes a viewer's token, changing an operator's; fields that manage tokens or catalogs ask for an admin's.
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });

/** The role a refused scope asked for, named for people. */
function needed(failure: { kind: string; scope?: string; failures?: unknown[] }): string {
  if (failure.scope) return `${/^[aeiou]/.test(failure.scope) ? 'an' : 'a'} ${failure.scope} token or better`;
  const first = failure.failures?.[0] as typeof failure | undefined;
  return first ? needed(first) : 'a token with more rights';
}

builder.addScalarType(
  'JSON',
  new GraphQLScalarType({
    name: 'JSON',
    description: 'Any JSON value',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: function parse(ast): unknown {
      switch (ast.kind) {
        case Kind.STRING:
        case Kind.BOOLEAN:
          return ast.value;
        case Kind.INT:
        case Kind.FLOAT:
          return Number(ast.value);
        case Kind.OBJECT:
          return Object.fromEntries(ast.fields.map((field) => [field.name.value, parse(field.value)]));
        case Kind.LIST:
          return ast.values.map((value) => parse(value));
        default:
          return null;
      }
    },
  }),
);

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`"${String(value)}" is not an ISO 8601 date-time`);
    return date;
  },
});

builder.scalarType('BigInt', {
  description: 'A whole number that may exceed 2^53, as a decimal string (event sequence numbers)',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if ((typeof value !== 'string' && typeof value !== 'number') || !/^\d+$/.test(String(value))) {
      throw new TypeError(`"${String(value)}" is not a whole number`);
    }
    return BigInt(value);
  },
});
