// The agent's service proxy (marathon-lb's job): listeners on this machine
// for the cluster's service ports, forwarding to healthy tasks anywhere.
export { ServiceProxy, type ServiceProxyOptions } from './service-proxy.ts';
export { RoundRobin } from './round-robin.ts';
