import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/index.ts';
import { ClusterActivity } from './cluster-activity.ts';
import { registerClusterState } from './cluster-state.ts';
import { registerDatabaseStatements } from './database-statements.ts';
import { graphqlOperationMetrics } from './graphql-operations.ts';

export interface GatewayMetrics {
  /** Hand to the control loop and the agent API: they count what they do here. */
  activity: ClusterActivity;
  /** For yoga's plugins */
  graphqlPlugin: Plugin;
  /** The metrics in Prometheus' text format, as GET /metrics answers them. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

/** A registry of the gateway's own, not prom-client's global one: several gateways in one process (tests) must not share counters. */
export function createGatewayMetrics(db: Database): GatewayMetrics {
  const registry = new Registry();
  registerDatabaseStatements(registry, db);
  registerClusterState(registry, db);
  const activity = new ClusterActivity(registry);
  collectDefaultMetrics({ register: registry });
  return {
    activity,
    graphqlPlugin: graphqlOperationMetrics(registry),
    exposition: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
