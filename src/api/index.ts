// The GraphQL API: the Pothos schema and the context its resolvers need.
export { buildSchema, printApiSchema } from './schema.ts';
export type { GatewayContext } from './context.ts';
