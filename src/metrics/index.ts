// What the gateway tells Prometheus (GET /metrics): the cluster's agents and
// tasks as the database has them, what this gateway did (placements,
// launches, status updates, deployments, SQL statements), and GraphQL
// operations.
export { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics.ts';
export type { ClusterActivity } from './cluster-activity.ts';
export { countNothing, type ClusterCounters } from './counters.ts';
