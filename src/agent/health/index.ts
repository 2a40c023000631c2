// Health and readiness checks, run by the agent next to each task. Each
// protocol comes from a plugin (src/plugin-api): the first-party ones are built
// in, more are loaded from plugin folders.
export { HealthCheckers } from './checkers.ts';
export { TaskHealthMonitor, type HealthReports } from './monitor.ts';
export { HealthCheckState } from './check-state.ts';
export { PluginLoadError } from './plugin-folders.ts';
export { firstPartyPlugins } from './first-party.ts';
