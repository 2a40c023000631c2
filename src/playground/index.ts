// The GraphQL playground: GraphiQL at /graphql, from the gateway's own files,
// with a token field, live subscriptions, a tour and the documented operations.
export { isPlaygroundPath, playground, readTour, type Playground } from './handler.ts';
export { readExamples, type Example } from './examples.ts';
