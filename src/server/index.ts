// The gateway's HTTP side: /graphql (with graphql-ws on the same path), /agent/v1, /v1/discovery, /metrics, /healthz, the dashboard.
export { startGateway, type Gateway, type GatewayOptions } from './gateway.ts';
export type { AllowedHosts } from './origin-guard.ts';
