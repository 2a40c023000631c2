// App definitions: Marathon's app JSON with its defaults, validation, and the
// stored, versioned definitions.
export type * from './spec.ts';
export { constraintOperators, healthCheckProtocols, specOf } from './spec.ts';
export { parseAppDefinition, type AppParse } from './parse.ts';
export { appsInGroup, parseAppId } from './app-id.ts';
export { defaultMaxInstances, maxInstances, useMaxInstances } from './instance-limit.ts';
export { matchesLike } from './like-pattern.ts';
export { unreachableTimes } from './unreachable.ts';
export { dependsOn, resolveDependency } from './dependencies.ts';
export { isEmptyMarathonDefault, marathonOutputFields } from './marathon-fields.ts';
export { AppAlreadyExists, AppNotFound, AppStillStopping, AppVersionNotFound, InvalidAppDefinition, InvalidInput } from './errors.ts';
export {
  createApp,
  updateApp,
  replaceApp,
  readDefinition,
  scaleApp,
  restartApp,
  rollbackApp,
  deleteApp,
  removeApp,
  insertApp,
  storeVersion,
  lockApp,
  normalizeAppId,
  requireValidSpec,
  type AppChange,
} from './store.ts';
export { killTasks, type KilledTasks } from './kill-tasks.ts';
export { launchDelayInForce, resetLaunchDelay, nextLaunchDelay, STABLE_AFTER_MS } from './launch-delay.ts';
export { cancelDeployment, type CanceledDeployment } from './cancel-deployment.ts';
export {
  assignServicePorts,
  planServicePorts,
  useServicePortRange,
  servicePortRange,
  defaultServicePortRange,
  type ServicePortRange,
  type ServicePortPlan,
} from './service-ports.ts';
