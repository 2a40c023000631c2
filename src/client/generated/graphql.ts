/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AgentState =
  | 'ACTIVE'
  | 'DRAINING'
  | 'GONE'
  | 'UNREACHABLE';

/** An app definition, Marathon's app JSON as it is. Omitted fields take Marathon's defaults. */
export type AppInput = {
  /** Run without a shell; exclusive with cmd */
  args?: Array<string> | null | undefined;
  /** default 1.15 */
  backoffFactor?: number | null | undefined;
  /** default 1 */
  backoffSeconds?: number | null | undefined;
  /** Run through the shell (sh -c, cmd.exe /c); exclusive with args */
  cmd?: string | null | undefined;
  /** Marathon constraints: [["hostname","UNIQUE"], ["os","LIKE","windows"]] */
  constraints?: Array<Array<string>> | null | undefined;
  /** default 1 */
  cpus?: number | null | undefined;
  /** Ids of apps this one needs running first */
  dependencies?: Array<string> | null | undefined;
  /** MiB, default 0 */
  disk?: number | null | undefined;
  /** An object of string values */
  env?: unknown;
  fetch?: Array<FetchInput> | null | undefined;
  gpus?: number | null | undefined;
  healthChecks?: Array<HealthCheckInput> | null | undefined;
  /** A path such as /shop/web */
  id: string;
  /** default 1 */
  instances?: number | null | undefined;
  /** YOUNGEST_FIRST (default) or OLDEST_FIRST */
  killSelection?: string | null | undefined;
  /** An object of string values */
  labels?: unknown;
  /** default 300 */
  maxLaunchDelaySeconds?: number | null | undefined;
  /** MiB, default 128 */
  mem?: number | null | undefined;
  portDefinitions?: Array<PortDefinitionInput> | null | undefined;
  /** Marathon's older form of portDefinitions */
  ports?: Array<number> | null | undefined;
  readinessChecks?: Array<ReadinessCheckInput> | null | undefined;
  requirePorts?: boolean | null | undefined;
  /** default 3 */
  taskKillGracePeriodSeconds?: number | null | undefined;
  unreachableStrategy?: UnreachableStrategyInput | null | undefined;
  upgradeStrategy?: UpgradeStrategyInput | null | undefined;
  /** Marathon's older form of fetch */
  uris?: Array<string> | null | undefined;
  user?: string | null | undefined;
};

export type AppStatus =
  /** launches back off after failures (see queue) */
  | 'DELAYED'
  /** tasks are being started, replaced or stopped */
  | 'DEPLOYING'
  /** every instance of the current version runs */
  | 'RUNNING'
  /** scaled to 0 */
  | 'SUSPENDED'
  /** a task found no agent to run on (see queue) */
  | 'WAITING';

/** The fields to change; the others keep their values (Marathon's partial update) */
export type AppUpdateInput = {
  /** Run without a shell; exclusive with cmd */
  args?: Array<string> | null | undefined;
  /** default 1.15 */
  backoffFactor?: number | null | undefined;
  /** default 1 */
  backoffSeconds?: number | null | undefined;
  /** Run through the shell (sh -c, cmd.exe /c); exclusive with args */
  cmd?: string | null | undefined;
  /** Marathon constraints: [["hostname","UNIQUE"], ["os","LIKE","windows"]] */
  constraints?: Array<Array<string>> | null | undefined;
  /** default 1 */
  cpus?: number | null | undefined;
  /** Ids of apps this one needs running first */
  dependencies?: Array<string> | null | undefined;
  /** MiB, default 0 */
  disk?: number | null | undefined;
  /** An object of string values */
  env?: unknown;
  fetch?: Array<FetchInput> | null | undefined;
  gpus?: number | null | undefined;
  healthChecks?: Array<HealthCheckInput> | null | undefined;
  /** default 1 */
  instances?: number | null | undefined;
  /** YOUNGEST_FIRST (default) or OLDEST_FIRST */
  killSelection?: string | null | undefined;
  /** An object of string values */
  labels?: unknown;
  /** default 300 */
  maxLaunchDelaySeconds?: number | null | undefined;
  /** MiB, default 128 */
  mem?: number | null | undefined;
  portDefinitions?: Array<PortDefinitionInput> | null | undefined;
  /** Marathon's older form of portDefinitions */
  ports?: Array<number> | null | undefined;
  readinessChecks?: Array<ReadinessCheckInput> | null | undefined;
  requirePorts?: boolean | null | undefined;
  /** default 3 */
  taskKillGracePeriodSeconds?: number | null | undefined;
  unreachableStrategy?: UnreachableStrategyInput | null | undefined;
  upgradeStrategy?: UpgradeStrategyInput | null | undefined;
  /** Marathon's older form of fetch */
  uris?: Array<string> | null | undefined;
  user?: string | null | undefined;
};

export type CommandInput = {
  value: string;
};

export type DeploymentAction =
  /** `target` tasks of the new version running, and healthy and ready where the app checks */
  | 'START_TASKS'
  /** at most `target` tasks of earlier versions left */
  | 'STOP_OLD_TASKS'
  /** at most `target` tasks left (scaling down) */
  | 'STOP_TASKS';

/** What started a deployment */
export type DeploymentKind =
  | 'CREATE'
  | 'RESTART'
  | 'ROLLBACK'
  | 'SCALE'
  | 'UPDATE';

export type DeploymentStatus =
  | 'CANCELED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'SUPERSEDED';

export type DeploymentStepStatus =
  | 'CANCELED'
  | 'DONE'
  | 'PENDING'
  | 'RUNNING';

export type FetchInput = {
  cache?: boolean | null | undefined;
  destPath?: string | null | undefined;
  executable?: boolean | null | undefined;
  extract?: boolean | null | undefined;
  sha256?: string | null | undefined;
  uri: string;
};

export type HealthCheckInput = {
  command?: CommandInput | null | undefined;
  /** default 15 */
  delaySeconds?: number | null | undefined;
  /** default 300 */
  gracePeriodSeconds?: number | null | undefined;
  ignoreHttp1xx?: boolean | null | undefined;
  /** default 60 */
  intervalSeconds?: number | null | undefined;
  /** default 3; 0 never kills */
  maxConsecutiveFailures?: number | null | undefined;
  path?: string | null | undefined;
  port?: number | null | undefined;
  portIndex?: number | null | undefined;
  /** HTTP (default), HTTPS, TCP or COMMAND */
  protocol?: string | null | undefined;
  /** default 20 */
  timeoutSeconds?: number | null | undefined;
};

export type OperatingSystem =
  | 'LINUX'
  | 'WINDOWS';

export type PortDefinitionInput = {
  labels?: unknown;
  name?: string | null | undefined;
  /** 0 picks a port from the agent's ranges (default) */
  port?: number | null | undefined;
  /** tcp (default), udp or udp,tcp */
  protocol?: string | null | undefined;
  /** The cluster-wide port of the service proxy; 0 asks for one */
  servicePort?: number | null | undefined;
};

export type ReadinessCheckInput = {
  httpStatusCodesForReady?: Array<number> | null | undefined;
  intervalSeconds?: number | null | undefined;
  name?: string | null | undefined;
  path?: string | null | undefined;
  portName?: string | null | undefined;
  preserveLastResponse?: boolean | null | undefined;
  protocol?: string | null | undefined;
  timeoutSeconds?: number | null | undefined;
};

export type TaskHealth =
  | 'HEALTHY'
  | 'UNHEALTHY'
  | 'UNKNOWN';

/** Mesos task states */
export type TaskState =
  | 'ERROR'
  | 'FAILED'
  | 'FINISHED'
  | 'GONE'
  | 'KILLED'
  | 'KILLING'
  | 'LOST'
  | 'RUNNING'
  | 'STAGING'
  | 'STARTING'
  | 'UNREACHABLE';

export type UnreachableStrategyInput = {
  expungeAfterSeconds?: number | null | undefined;
  inactiveAfterSeconds?: number | null | undefined;
};

export type UpgradeStrategyInput = {
  maximumOverCapacity?: number | null | undefined;
  minimumHealthCapacity?: number | null | undefined;
};

export type AgentsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AgentsQuery = { agents: { totalCount: number, edges: Array<{ node: { id: string, hostname: string, os: OperatingSystem, arch: string, state: AgentState, attributes: unknown, lastSeenAt: string, resources: { cpus: number, mem: number, disk: number, gpus: number }, used: { cpus: number, mem: number, disk: number, gpus: number } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AppDefinitionFieldsFragment = { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } };

export type FieldProblemsFragment = { message: string, fields: Array<{ field: string, message: string }> };

export type AppsQueryVariables = Exact<{
  prefix?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppsQuery = { apps: { totalCount: number, edges: Array<{ node: { id: string, version: number, updatedAt: string, definition: { instances: number, cpus: number, mem: number } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AppQueryVariables = Exact<{
  id: string | number;
}>;


export type AppQuery = { app: { id: string, version: number, createdAt: string, updatedAt: string, definition: { json: unknown, id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } } } | null };

export type AppVersionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppVersionsQuery = { app: { id: string, version: number, versions: { totalCount: number, edges: Array<{ node: { version: number, createdAt: string, definition: { json: unknown } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CreateAppMutationVariables = Exact<{
  input: AppInput;
}>;


export type CreateAppMutation = { createApp:
    | { __typename: 'AppAlreadyExistsError', message: string }
    | { __typename: 'CreateAppSuccess', data: { app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UpdateAppMutationVariables = Exact<{
  id: string | number;
  input: AppUpdateInput;
}>;


export type UpdateAppMutation = { updateApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'UpdateAppSuccess', data: { app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type DeleteAppMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteAppMutation = { deleteApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'DeleteAppSuccess', data: { id: string, version: number } }
    | { __typename: 'ValidationError', message: string }
   };

export type DeploymentFieldsFragment = { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> };

export type DeploymentsQueryVariables = Exact<{
  appId?: string | number | null | undefined;
  running?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeploymentsQuery = { deployments: { totalCount: number, edges: Array<{ node: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DeploymentQueryVariables = Exact<{
  id: string | number;
}>;


export type DeploymentQuery = { deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null };

export type DeploymentProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type DeploymentProgressSubscription = { deploymentProgress: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null };

export type CancelDeploymentMutationVariables = Exact<{
  id: string | number;
  force?: boolean | null | undefined;
}>;


export type CancelDeploymentMutation = { cancelDeployment:
    | { __typename: 'CancelDeploymentSuccess', data: { removedAppId: string | null, canceled: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> }, rollback: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'DeploymentNotFoundError', message: string }
    | { __typename: 'DeploymentNotRunningError', message: string }
   };

export type RollbackAppMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type RollbackAppMutation = { rollbackApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'AppVersionNotFoundError', message: string }
    | { __typename: 'RollbackAppSuccess', data: { app: { id: string, version: number }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type KillTasksMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
  scale?: boolean | null | undefined;
}>;


export type KillTasksMutation = { killTasks:
    | { __typename: 'KillTasksSuccess', data: { tasks: Array<{ id: string, appId: string, state: TaskState, message: string | null }>, deployments: Array<{ id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> }> } }
    | { __typename: 'TasksNotFoundError', message: string, taskIds: Array<string> }
   };

export type EventFieldsFragment = { sequence: string, type: string, subject: string | null, payload: unknown, createdAt: string };

export type EventsQueryVariables = Exact<{
  after?: string | null | undefined;
  first?: number | null | undefined;
  type?: string | null | undefined;
  subject?: string | null | undefined;
}>;


export type EventsQuery = { events: { edges: Array<{ cursor: string, node: { sequence: string, type: string, subject: string | null, payload: unknown, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type FollowEventsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
  types?: Array<string> | string | null | undefined;
  subject?: string | null | undefined;
}>;


export type FollowEventsSubscription = { events: { sequence: string, type: string, subject: string | null, payload: unknown, createdAt: string } };

export type TaskFieldsFragment = { id: string, appId: string, appVersion: number, state: TaskState, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null };

export type AppTasksQueryVariables = Exact<{
  id: string | number;
}>;


export type AppTasksQuery = { app: { id: string, version: number, status: AppStatus, tasksStaged: number, tasksRunning: number, tasksHealthy: number, tasksUnhealthy: number, queue: { delayedUntil: string | null, summary: string, reasons: Array<{ reason: string, agents: number }> } | null, lastTaskFailure: { taskId: string, appVersion: number, state: string, host: string | null, exitCode: number | null, message: string | null, at: string | null } | null, deployments: Array<{ id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> }>, definition: { instances: number }, tasks: Array<{ id: string, appId: string, appVersion: number, state: TaskState, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null }> } | null };

export type ScaleAppMutationVariables = Exact<{
  id: string | number;
  instances: number;
}>;


export type ScaleAppMutation = { scaleApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'ScaleAppSuccess', data: { app: { id: string, version: number, definition: { instances: number } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type RestartAppMutationVariables = Exact<{
  id: string | number;
}>;


export type RestartAppMutation = { restartApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'RestartAppSuccess', data: { app: { id: string, version: number }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }> } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AppDefinitionFieldsFragmentDoc = new TypedDocumentString(`
    fragment AppDefinitionFields on AppDefinition {
  id
  cmd
  args
  user
  cpus
  mem
  disk
  gpus
  instances
  env
  labels
  constraints
  portDefinitions {
    port
    protocol
    name
    servicePort
    labels
  }
  requirePorts
  fetch {
    uri
    executable
    extract
    cache
    destPath
    sha256
  }
  healthChecks {
    protocol
    path
    portIndex
    port
    command
    gracePeriodSeconds
    intervalSeconds
    timeoutSeconds
    maxConsecutiveFailures
    delaySeconds
    ignoreHttp1xx
  }
  readinessChecks {
    name
    protocol
    path
    portName
    intervalSeconds
    timeoutSeconds
    httpStatusCodesForReady
  }
  upgradeStrategy {
    minimumHealthCapacity
    maximumOverCapacity
  }
  backoffSeconds
  backoffFactor
  maxLaunchDelaySeconds
  taskKillGracePeriodSeconds
  unreachableStrategy {
    inactiveAfterSeconds
    expungeAfterSeconds
  }
  killSelection
  dependencies
}
    `, {"fragmentName":"AppDefinitionFields"}) as unknown as TypedDocumentString<AppDefinitionFieldsFragment, unknown>;
export const FieldProblemsFragmentDoc = new TypedDocumentString(`
    fragment FieldProblems on ValidationError {
  message
  fields {
    field
    message
  }
}
    `, {"fragmentName":"FieldProblems"}) as unknown as TypedDocumentString<FieldProblemsFragment, unknown>;
export const DeploymentFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}
    `, {"fragmentName":"DeploymentFields"}) as unknown as TypedDocumentString<DeploymentFieldsFragment, unknown>;
export const EventFieldsFragmentDoc = new TypedDocumentString(`
    fragment EventFields on Event {
  sequence
  type
  subject
  payload
  createdAt
}
    `, {"fragmentName":"EventFields"}) as unknown as TypedDocumentString<EventFieldsFragment, unknown>;
export const TaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment TaskFields on Task {
  id
  appId
  appVersion
  state
  health
  healthCause
  ready
  host
  ports
  exitCode
  message
  stagedAt
  startedAt
  finishedAt
  agent {
    id
    hostname
    os
  }
}
    `, {"fragmentName":"TaskFields"}) as unknown as TypedDocumentString<TaskFieldsFragment, unknown>;
export const AgentsDocument = new TypedDocumentString(`
    query Agents($first: Int, $after: String) {
  agents(first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        hostname
        os
        arch
        state
        attributes
        lastSeenAt
        resources {
          cpus
          mem
          disk
          gpus
        }
        used {
          cpus
          mem
          disk
          gpus
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AgentsQuery, AgentsQueryVariables>;
export const AppsDocument = new TypedDocumentString(`
    query Apps($prefix: String, $first: Int, $after: String) {
  apps(prefix: $prefix, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        version
        updatedAt
        definition {
          instances
          cpus
          mem
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AppsQuery, AppsQueryVariables>;
export const AppDocument = new TypedDocumentString(`
    query App($id: ID!) {
  app(id: $id) {
    id
    version
    createdAt
    updatedAt
    definition {
      ...AppDefinitionFields
      json
    }
  }
}
    fragment AppDefinitionFields on AppDefinition {
  id
  cmd
  args
  user
  cpus
  mem
  disk
  gpus
  instances
  env
  labels
  constraints
  portDefinitions {
    port
    protocol
    name
    servicePort
    labels
  }
  requirePorts
  fetch {
    uri
    executable
    extract
    cache
    destPath
    sha256
  }
  healthChecks {
    protocol
    path
    portIndex
    port
    command
    gracePeriodSeconds
    intervalSeconds
    timeoutSeconds
    maxConsecutiveFailures
    delaySeconds
    ignoreHttp1xx
  }
  readinessChecks {
    name
    protocol
    path
    portName
    intervalSeconds
    timeoutSeconds
    httpStatusCodesForReady
  }
  upgradeStrategy {
    minimumHealthCapacity
    maximumOverCapacity
  }
  backoffSeconds
  backoffFactor
  maxLaunchDelaySeconds
  taskKillGracePeriodSeconds
  unreachableStrategy {
    inactiveAfterSeconds
    expungeAfterSeconds
  }
  killSelection
  dependencies
}`) as unknown as TypedDocumentString<AppQuery, AppQueryVariables>;
export const AppVersionsDocument = new TypedDocumentString(`
    query AppVersions($id: ID!, $first: Int, $after: String) {
  app(id: $id) {
    id
    version
    versions(first: $first, after: $after) {
      totalCount
      edges {
        node {
          version
          createdAt
          definition {
            json
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppVersionsQuery, AppVersionsQueryVariables>;
export const CreateAppDocument = new TypedDocumentString(`
    mutation CreateApp($input: AppInput!) {
  createApp(input: $input) {
    __typename
    ... on CreateAppSuccess {
      data {
        app {
          id
          version
          definition {
            ...AppDefinitionFields
          }
        }
        deployment {
          ...DeploymentFields
        }
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on Error {
      message
    }
  }
}
    fragment AppDefinitionFields on AppDefinition {
  id
  cmd
  args
  user
  cpus
  mem
  disk
  gpus
  instances
  env
  labels
  constraints
  portDefinitions {
    port
    protocol
    name
    servicePort
    labels
  }
  requirePorts
  fetch {
    uri
    executable
    extract
    cache
    destPath
    sha256
  }
  healthChecks {
    protocol
    path
    portIndex
    port
    command
    gracePeriodSeconds
    intervalSeconds
    timeoutSeconds
    maxConsecutiveFailures
    delaySeconds
    ignoreHttp1xx
  }
  readinessChecks {
    name
    protocol
    path
    portName
    intervalSeconds
    timeoutSeconds
    httpStatusCodesForReady
  }
  upgradeStrategy {
    minimumHealthCapacity
    maximumOverCapacity
  }
  backoffSeconds
  backoffFactor
  maxLaunchDelaySeconds
  taskKillGracePeriodSeconds
  unreachableStrategy {
    inactiveAfterSeconds
    expungeAfterSeconds
  }
  killSelection
  dependencies
}
fragment FieldProblems on ValidationError {
  message
  fields {
    field
    message
  }
}
fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<CreateAppMutation, CreateAppMutationVariables>;
export const UpdateAppDocument = new TypedDocumentString(`
    mutation UpdateApp($id: ID!, $input: AppUpdateInput!) {
  updateApp(id: $id, input: $input) {
    __typename
    ... on UpdateAppSuccess {
      data {
        app {
          id
          version
          definition {
            ...AppDefinitionFields
          }
        }
        deployment {
          ...DeploymentFields
        }
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on Error {
      message
    }
  }
}
    fragment AppDefinitionFields on AppDefinition {
  id
  cmd
  args
  user
  cpus
  mem
  disk
  gpus
  instances
  env
  labels
  constraints
  portDefinitions {
    port
    protocol
    name
    servicePort
    labels
  }
  requirePorts
  fetch {
    uri
    executable
    extract
    cache
    destPath
    sha256
  }
  healthChecks {
    protocol
    path
    portIndex
    port
    command
    gracePeriodSeconds
    intervalSeconds
    timeoutSeconds
    maxConsecutiveFailures
    delaySeconds
    ignoreHttp1xx
  }
  readinessChecks {
    name
    protocol
    path
    portName
    intervalSeconds
    timeoutSeconds
    httpStatusCodesForReady
  }
  upgradeStrategy {
    minimumHealthCapacity
    maximumOverCapacity
  }
  backoffSeconds
  backoffFactor
  maxLaunchDelaySeconds
  taskKillGracePeriodSeconds
  unreachableStrategy {
    inactiveAfterSeconds
    expungeAfterSeconds
  }
  killSelection
  dependencies
}
fragment FieldProblems on ValidationError {
  message
  fields {
    field
    message
  }
}
fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<UpdateAppMutation, UpdateAppMutationVariables>;
export const DeleteAppDocument = new TypedDocumentString(`
    mutation DeleteApp($id: ID!) {
  deleteApp(id: $id) {
    __typename
    ... on DeleteAppSuccess {
      data {
        id
        version
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteAppMutation, DeleteAppMutationVariables>;
export const DeploymentsDocument = new TypedDocumentString(`
    query Deployments($appId: ID, $running: Boolean, $first: Int, $after: String) {
  deployments(appId: $appId, running: $running, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...DeploymentFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<DeploymentsQuery, DeploymentsQueryVariables>;
export const DeploymentDocument = new TypedDocumentString(`
    query Deployment($id: ID!) {
  deployment(id: $id) {
    ...DeploymentFields
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<DeploymentQuery, DeploymentQueryVariables>;
export const DeploymentProgressDocument = new TypedDocumentString(`
    subscription DeploymentProgress($id: ID!) {
  deploymentProgress(id: $id) {
    ...DeploymentFields
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<DeploymentProgressSubscription, DeploymentProgressSubscriptionVariables>;
export const CancelDeploymentDocument = new TypedDocumentString(`
    mutation CancelDeployment($id: ID!, $force: Boolean) {
  cancelDeployment(id: $id, force: $force) {
    __typename
    ... on CancelDeploymentSuccess {
      data {
        canceled {
          ...DeploymentFields
        }
        rollback {
          ...DeploymentFields
        }
        removedAppId
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<CancelDeploymentMutation, CancelDeploymentMutationVariables>;
export const RollbackAppDocument = new TypedDocumentString(`
    mutation RollbackApp($id: ID!, $version: Int!) {
  rollbackApp(id: $id, version: $version) {
    __typename
    ... on RollbackAppSuccess {
      data {
        app {
          id
          version
        }
        deployment {
          ...DeploymentFields
        }
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<RollbackAppMutation, RollbackAppMutationVariables>;
export const KillTasksDocument = new TypedDocumentString(`
    mutation KillTasks($ids: [ID!]!, $scale: Boolean) {
  killTasks(ids: $ids, scale: $scale) {
    __typename
    ... on KillTasksSuccess {
      data {
        tasks {
          id
          appId
          state
          message
        }
        deployments {
          ...DeploymentFields
        }
      }
    }
    ... on TasksNotFoundError {
      message
      taskIds
    }
    ... on Error {
      message
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<KillTasksMutation, KillTasksMutationVariables>;
export const EventsDocument = new TypedDocumentString(`
    query Events($after: String, $first: Int, $type: String, $subject: String) {
  events(after: $after, first: $first, type: $type, subject: $subject) {
    edges {
      cursor
      node {
        ...EventFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment EventFields on Event {
  sequence
  type
  subject
  payload
  createdAt
}`) as unknown as TypedDocumentString<EventsQuery, EventsQueryVariables>;
export const FollowEventsDocument = new TypedDocumentString(`
    subscription FollowEvents($after: BigInt, $types: [String!], $subject: String) {
  events(after: $after, types: $types, subject: $subject) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  sequence
  type
  subject
  payload
  createdAt
}`) as unknown as TypedDocumentString<FollowEventsSubscription, FollowEventsSubscriptionVariables>;
export const AppTasksDocument = new TypedDocumentString(`
    query AppTasks($id: ID!) {
  app(id: $id) {
    id
    version
    status
    tasksStaged
    tasksRunning
    tasksHealthy
    tasksUnhealthy
    queue {
      delayedUntil
      summary
      reasons {
        reason
        agents
      }
    }
    lastTaskFailure {
      taskId
      appVersion
      state
      host
      exitCode
      message
      at
    }
    deployments {
      ...DeploymentFields
    }
    definition {
      instances
    }
    tasks {
      ...TaskFields
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}
fragment TaskFields on Task {
  id
  appId
  appVersion
  state
  health
  healthCause
  ready
  host
  ports
  exitCode
  message
  stagedAt
  startedAt
  finishedAt
  agent {
    id
    hostname
    os
  }
}`) as unknown as TypedDocumentString<AppTasksQuery, AppTasksQueryVariables>;
export const ScaleAppDocument = new TypedDocumentString(`
    mutation ScaleApp($id: ID!, $instances: Int!) {
  scaleApp(id: $id, instances: $instances) {
    __typename
    ... on ScaleAppSuccess {
      data {
        app {
          id
          version
          definition {
            instances
          }
        }
        deployment {
          ...DeploymentFields
        }
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on Error {
      message
    }
  }
}
    fragment FieldProblems on ValidationError {
  message
  fields {
    field
    message
  }
}
fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<ScaleAppMutation, ScaleAppMutationVariables>;
export const RestartAppDocument = new TypedDocumentString(`
    mutation RestartApp($id: ID!) {
  restartApp(id: $id) {
    __typename
    ... on RestartAppSuccess {
      data {
        app {
          id
          version
        }
        deployment {
          ...DeploymentFields
        }
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment DeploymentFields on Deployment {
  id
  appId
  kind
  status
  fromVersion
  toVersion
  createdAt
  finishedAt
  totalSteps
  stepsDone
  steps {
    position
    action
    target
    description
    status
    startedAt
    finishedAt
  }
}`) as unknown as TypedDocumentString<RestartAppMutation, RestartAppMutationVariables>;