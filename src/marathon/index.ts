// Marathon's REST API v2: a thin adapter over the same store, validation,
// transactions and event log as the GraphQL API, so Marathon's clients and
// tools work unchanged. Every rule lives in its domain (apps, deployments, ...),
// never here.
export { marathonHttp, isMarathonPath, type MarathonHttpOptions } from './http.ts';
