import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './errors.ts';
import './apps.ts';
import './discovery.ts';
import './deployments.ts';
import './task-mutations.ts';
import './task-files.ts';
import './task-queries.ts';
import './tokens.ts';
import './events.ts';
import './tasks.ts';
import './agents.ts';
import './catalog.ts';
import './secrets.ts';

let built: GraphQLSchema | undefined;

/** The whole API; each domain module above adds its types and fields. */
export function buildSchema(): GraphQLSchema {
  built ??= builder.toSchema({ sortSchema: true });
  return built;
}

export function printApiSchema(): string {
  return printSchema(lexicographicSortSchema(buildSchema()));
}
