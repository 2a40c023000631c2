// The gateway's HTTP side: /graphql (with graphql-ws on the same path), /healthz.
export { startGateway, type Gateway, type GatewayOptions } from './gateway.ts';
