// Service discovery on the gateway's side: where an app's tasks can be
// reached, the service table every agent's proxy follows, and the service
// ports a task reaches its app's dependencies through.
export { appEndpoints, endpointsOf, type AppEndpoint } from './endpoints.ts';
export { serviceTable, versioned } from './service-table.ts';
export { dependencyServices } from './dependency-services.ts';
export { servesTraffic } from './serving.ts';
