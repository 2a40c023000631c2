// The fleet: the gateway's side of its agents. Registration and identity,
// the long poll (commands down, status updates up), liveness, draining, and
// what agents are sent beside their tasks (sandbox reads, the service table).
export { agentApi, type AgentApiOptions } from './agent-http.ts';
export { AgentWakeups } from './agent-wakeups.ts';
export { PollPacing, FLEET_COUNTED_EVERY_MS, type PollPacingOptions } from './poll-pacing.ts';
export { registerAgent, AgentTouches, type Registration } from './agent-registry.ts';
export { AgentSecrets, AgentIdentityRefused } from './agent-secrets.ts';
export { StatusQueue } from './status-updates.ts';
export { commandsForAgent, ExpectedTasks } from './agent-commands.ts';
export { drainAgent, activateAgent, AgentNotFound } from './agent-drain.ts';
export { markSilentAgents, expungeUnreachable } from './liveness.ts';
export { SandboxFiles } from './sandbox-files.ts';
export { LeaderHandoff } from './leader-handoff.ts';
export { ServiceDirectory } from './service-directory.ts';
