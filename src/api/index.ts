// The GraphQL API: the Pothos schema, its page sizes and the context its resolvers need.
export { buildSchema, printApiSchema } from './schema.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.ts';
export type { GatewayContext, SandboxFileReader } from './context.ts';
