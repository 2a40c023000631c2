import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';

/**
 * What one page of a connection holds: `first` or `last` up to MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE
 * when neither is given. GitHub's GraphQL API pages by at most 100; kubectl lists by chunks of 500
 * and Kubernetes' API server by any limit asked. A thousand rows is a few hundred kilobytes of
 * tasks: a CLI lists 10,000 tasks in ten requests, and no request reads 100,000 rows.
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** For connections resolved by hand (resolveCursorConnection, resolveOffsetConnection): the same sizes as the Prisma ones. */
export const pageSizes = { defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE } as const;

/**
 * `totalCount` of a connection resolved by hand (not by the Prisma plugin): its resolver puts the
 * count beside the page, as a number, or as a function when counting costs a read of its own and is
 * made only when asked for.
 */
export function totalCountOf(connection: unknown): number | Promise<number> {
  const { totalCount } = connection as { totalCount: number | (() => Promise<number>) };
  return typeof totalCount === 'function' ? totalCount() : totalCount;
}

interface PageArgs {
  first?: number | null;
  last?: number | null;
}

/**
 * A `first` or `last` beyond the maximum is refused, naming the argument and the limit, as
 * GitHub's API refuses it, rather than answering fewer rows than asked as if there were no more.
 */
function refuseOversizedPage(args: PageArgs, connection: string): void {
  for (const name of ['first', 'last'] as const) {
    const asked = args[name];
    if (asked !== null && asked !== undefined && asked > MAX_PAGE_SIZE) {
      throw new GraphQLError(
        `${name}: ${asked} is more than the ${MAX_PAGE_SIZE} rows a page of ${connection} may hold; ask for the next page with after: pageInfo.endCursor`,
        { extensions: { code: 'BAD_USER_INPUT', field: name, limit: MAX_PAGE_SIZE } },
      );
    }
  }
}

/** Every field with the relay plugin's connection arguments (t.connection, t.prismaConnection, t.relatedConnection). */
function isConnection(field: PothosOutputFieldConfig<SchemaTypes>): boolean {
  return 'first' in field.args && 'after' in field.args && 'last' in field.args && 'before' in field.args;
}

class PagingPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    field: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!isConnection(field as PothosOutputFieldConfig<SchemaTypes>)) return resolver;
    const connection = `${field.parentType}.${field.name}`;
    return (parent, args, context, info) => {
      refuseOversizedPage(args as PageArgs, connection);
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      paging: PagingPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('paging', PagingPlugin);

export const PagingPluginName = 'paging';
