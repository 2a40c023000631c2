// The agent: runs on every machine (Linux or Windows), dials out to the gateway,
// runs tasks in sandboxes. Bundled alone: nothing here imports the server.
export type * from './protocol.ts';
export { AGENT_PROTOCOL_VERSION, AGENT_SECRET_HEADER, OTHER_GATEWAYS_HEADER, terminalReportedStates } from './protocol.ts';
export { Agent, AGENT_VERSION, type AgentOptions, type AgentLog } from './agent.ts';
export { parseAttributes, parseResources } from './machine.ts';
export { parseRoles, roleNameProblem, UNRESERVED_ROLE } from './roles.ts';
export { defaultRetention, type SandboxRetention } from './executor/index.ts';
export { PluginLoadError } from './health/index.ts';
