// The GraphQL API: the Pothos schema and the context its resolvers need.
export { buildSchema, printApiSchema } from './schema.ts';
export type { GatewayContext, SandboxFileReader } from './context.ts';
