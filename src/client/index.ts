// The typed GraphQL client the CLI, the dashboard's tests and the test suite
// use: every operation comes from schema/operations through codegen.
export { GatewayClient, GatewayRequestError, type GatewayClientOptions } from './gateway-client.ts';
export * from './generated/graphql.ts';
