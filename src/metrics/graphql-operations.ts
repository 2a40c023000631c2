import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

/** graphql-yoga's operation metrics (graphql_envelop_*, graphql_yoga_http_duration), on our registry; /metrics is served by the gateway, behind its tokens. */
export function graphqlOperationMetrics(registry: Registry): Plugin {
  return usePrometheus({
    registry,
    endpoint: false,
    // The summary repeats the duration histogram at a cost on every request; the URL label would make a series per query string.
    metrics: { graphql_envelop_request_time_summary: false },
    labels: { url: false },
  });
}
