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
  /** Only agents declaring one of these roles (corral agent --roles) run the tasks */
  acceptedResourceRoles?: Array<string> | null | undefined;
  /** Run without a shell; exclusive with cmd */
  args?: Array<string> | null | undefined;
  /** default 1.15 */
  backoffFactor?: number | null | undefined;
  /** default 1 */
  backoffSeconds?: number | null | undefined;
  /** A Mesos check, {"http"|"tcp"|"exec": {...}, "intervalSeconds", ...}: shown, never acted on */
  check?: unknown;
  /** Run through the shell (sh -c, cmd.exe /c); exclusive with args */
  cmd?: string | null | undefined;
  /** Marathon constraints: [["hostname","UNIQUE"], ["os","LIKE","windows"]] */
  constraints?: Array<Array<string>> | null | undefined;
  /** {"type": "MESOS"} (no image: a plain command) */
  container?: unknown;
  /** default 1 */
  cpus?: number | null | undefined;
  /** Ids of apps or groups this one needs running first, relative to its group ("mongo", "../db") or absolute */
  dependencies?: Array<string> | null | undefined;
  /** MiB, default 0 */
  disk?: number | null | undefined;
  /** An object of string values, or {"secret": "<name in secrets>"} */
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
  networks?: Array<NetworkInput> | null | undefined;
  portDefinitions?: Array<PortDefinitionInput> | null | undefined;
  /** Marathon's older form of portDefinitions */
  ports?: Array<number> | null | undefined;
  readinessChecks?: Array<ReadinessCheckInput> | null | undefined;
  requirePorts?: boolean | null | undefined;
  role?: string | null | undefined;
  /** {"<name>": {"source": "<secret path>"}}, for env values {"secret": "<name>"} */
  secrets?: unknown;
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
  /** Only agents declaring one of these roles (corral agent --roles) run the tasks */
  acceptedResourceRoles?: Array<string> | null | undefined;
  /** Run without a shell; exclusive with cmd */
  args?: Array<string> | null | undefined;
  /** default 1.15 */
  backoffFactor?: number | null | undefined;
  /** default 1 */
  backoffSeconds?: number | null | undefined;
  /** A Mesos check, {"http"|"tcp"|"exec": {...}, "intervalSeconds", ...}: shown, never acted on */
  check?: unknown;
  /** Run through the shell (sh -c, cmd.exe /c); exclusive with args */
  cmd?: string | null | undefined;
  /** Marathon constraints: [["hostname","UNIQUE"], ["os","LIKE","windows"]] */
  constraints?: Array<Array<string>> | null | undefined;
  /** {"type": "MESOS"} (no image: a plain command) */
  container?: unknown;
  /** default 1 */
  cpus?: number | null | undefined;
  /** Ids of apps or groups this one needs running first, relative to its group ("mongo", "../db") or absolute */
  dependencies?: Array<string> | null | undefined;
  /** MiB, default 0 */
  disk?: number | null | undefined;
  /** An object of string values, or {"secret": "<name in secrets>"} */
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
  networks?: Array<NetworkInput> | null | undefined;
  portDefinitions?: Array<PortDefinitionInput> | null | undefined;
  /** Marathon's older form of portDefinitions */
  ports?: Array<number> | null | undefined;
  readinessChecks?: Array<ReadinessCheckInput> | null | undefined;
  requirePorts?: boolean | null | undefined;
  role?: string | null | undefined;
  /** {"<name>": {"source": "<secret path>"}}, for env values {"secret": "<name>"} */
  secrets?: unknown;
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
  | 'DELETE'
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
  /** IPv4 (default) or IPv6 */
  ipProtocol?: string | null | undefined;
  /** default 3; 0 never kills */
  maxConsecutiveFailures?: number | null | undefined;
  path?: string | null | undefined;
  port?: number | null | undefined;
  portIndex?: number | null | undefined;
  /** HTTP (default), HTTPS, TCP, COMMAND (or MESOS_HTTP, MESOS_HTTPS, MESOS_TCP), or a protocol a plugin adds */
  protocol?: string | null | undefined;
  /** default 20 */
  timeoutSeconds?: number | null | undefined;
};

export type NetworkInput = {
  labels?: unknown;
  /** host, the only one for processes */
  mode: string;
  name?: string | null | undefined;
};

export type OperatingSystem =
  | 'LINUX'
  | 'WINDOWS';

export type PackageLayout =
  /** Corral's: packages/<name>/<version>/ with apps.json.mustache and config.schema.json */
  | 'CORRAL'
  /** DC/OS Universe's: repo/packages/<L>/<name>/<revision>/ with marathon.json.mustache and config.json */
  | 'DCOS';

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

export type SecretInput = {
  /** Such as /shop/db-password: letters, digits, ".", "_" and "-" between slashes */
  path: string;
  /** At most 64 KiB, without NUL characters */
  value: string;
};

/** What the gateway wants of a task (Nomad's desired status): RUN, or KILL once it ordered the task killed */
export type TaskDesiredState =
  | 'KILL'
  | 'RUN';

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

/** VIEWER reads; OPERATOR also changes apps, tasks and agents; ADMIN also manages tokens and catalogs; AGENT joins agents */
export type TokenRole =
  | 'ADMIN'
  | 'AGENT'
  | 'OPERATOR'
  | 'VIEWER';

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

export type DrainAgentMutationVariables = Exact<{
  id: string | number;
}>;


export type DrainAgentMutation = { drainAgent:
    | { __typename: 'AgentNotFoundError', message: string }
    | { __typename: 'DrainAgentSuccess', data: { id: string, hostname: string, state: AgentState, drainingSince: string | null } }
   };

export type ActivateAgentMutationVariables = Exact<{
  id: string | number;
}>;


export type ActivateAgentMutation = { activateAgent:
    | { __typename: 'ActivateAgentSuccess', data: { id: string, hostname: string, state: AgentState, drainingSince: string | null } }
    | { __typename: 'AgentNotFoundError', message: string }
   };

export type AgentQueryVariables = Exact<{
  id: string | number;
}>;


export type AgentQuery = { agent: { id: string, hostname: string, os: OperatingSystem, arch: string, version: string, state: AgentState, drainingSince: string | null, attributes: unknown, portRanges: unknown, registeredAt: string, lastSeenAt: string, resources: { cpus: number, mem: number, disk: number, gpus: number }, used: { cpus: number, mem: number, disk: number, gpus: number }, tasks: { totalCount: number, edges: Array<{ node: { id: string, appId: string, state: TaskState, health: TaskHealth, ports: Array<number> } }> } } | null };

export type AppDefinitionFieldsFragment = { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null };

export type FieldProblemsFragment = { message: string, fields: Array<{ field: string, message: string }> };

export type AppsQueryVariables = Exact<{
  prefix?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppsQuery = { apps: { totalCount: number, edges: Array<{ node: { id: string, version: number, updatedAt: string, status: AppStatus, tasksStaged: number, tasksRunning: number, tasksHealthy: number, tasksUnhealthy: number, definition: { instances: number, cpus: number, mem: number }, deployments: Array<{ id: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AppQueryVariables = Exact<{
  id: string | number;
}>;


export type AppQuery = { app: { id: string, version: number, createdAt: string, updatedAt: string, definition: { json: unknown, id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null } } | null };

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
    | { __typename: 'AppStillStoppingError', message: string }
    | { __typename: 'CreateAppSuccess', data: { warnings: Array<string>, app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type CreateAppFromDefinitionMutationVariables = Exact<{
  definition: unknown;
}>;


export type CreateAppFromDefinitionMutation = { createApp:
    | { __typename: 'AppAlreadyExistsError', message: string }
    | { __typename: 'AppStillStoppingError', message: string }
    | { __typename: 'CreateAppSuccess', data: { warnings: Array<string>, app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UpdateAppMutationVariables = Exact<{
  id: string | number;
  input: AppUpdateInput;
}>;


export type UpdateAppMutation = { updateApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'UpdateAppSuccess', data: { warnings: Array<string>, app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UpdateAppFromDefinitionMutationVariables = Exact<{
  id: string | number;
  definition: unknown;
}>;


export type UpdateAppFromDefinitionMutation = { updateApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'UpdateAppSuccess', data: { warnings: Array<string>, app: { id: string, version: number, definition: { id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type DeleteAppMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteAppMutation = { deleteApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'DeleteAppSuccess', data: { id: string, version: number, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type PackageSummaryFragment = { name: string, version: string, repository: string, description: string, tags: Array<string>, layout: PackageLayout };

export type PackageInstallationFieldsFragment = { removedAppIds: Array<string>, agentsNotQualifying: string | null, postInstallNotes: string | null, notices: Array<string>, installedPackage: { id: string, name: string, version: string, repository: string, appId: string, options: unknown, apps: Array<{ id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>> } }> }, apps: Array<{ app: { id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>>, dependencies: Array<string> } }, deployment: { id: string, kind: DeploymentKind, status: DeploymentStatus } | null }>, qualifyingAgents: { totalCount: number, nodes: Array<{ id: string, hostname: string }> }, notQualifying: { totalCount: number, nodes: Array<{ reasons: string, agent: { id: string, hostname: string } }> } };

export type CatalogRepositoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogRepositoriesQuery = { catalogRepositories: Array<{ name: string, uri: string, position: number, builtIn: boolean, packageCount: number | null, problem: string | null }> };

export type AddCatalogRepositoryMutationVariables = Exact<{
  name: string;
  uri: string;
}>;


export type AddCatalogRepositoryMutation = { addCatalogRepository:
    | { __typename: 'AddCatalogRepositorySuccess', data: { name: string, uri: string, position: number, builtIn: boolean, packageCount: number | null } }
    | { __typename: 'CatalogRepositoryExistsError', message: string }
    | { __typename: 'CatalogRepositoryUnreadableError', reason: string, message: string }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type RemoveCatalogRepositoryMutationVariables = Exact<{
  name: string;
}>;


export type RemoveCatalogRepositoryMutation = { removeCatalogRepository:
    | { __typename: 'CatalogRepositoryBuiltInError', message: string }
    | { __typename: 'CatalogRepositoryNotFoundError', message: string }
    | { __typename: 'RemoveCatalogRepositorySuccess', data: { name: string, uri: string } }
   };

export type PackagesQueryVariables = Exact<{
  search?: string | null | undefined;
  tag?: string | null | undefined;
  repository?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PackagesQuery = { packages: { totalCount: number, edges: Array<{ node: { name: string, version: string, repository: string, description: string, tags: Array<string>, layout: PackageLayout } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PackageQueryVariables = Exact<{
  name: string;
  version?: string | null | undefined;
  repository?: string | null | undefined;
}>;


export type PackageQuery = { package: { versions: Array<string>, maintainer: string | null, minCorralVersion: string | null, requiredPrograms: Array<string>, preInstallNotes: string | null, postInstallNotes: string | null, configSchema: unknown, resource: unknown, readme: string | null, framework: boolean, hasAppTemplate: boolean, alsoInRepositories: Array<string>, notice: string | null, name: string, version: string, repository: string, description: string, tags: Array<string>, layout: PackageLayout, licenses: Array<{ name: string, url: string | null }> } | null };

export type RenderPackageQueryVariables = Exact<{
  name: string;
  version?: string | null | undefined;
  options?: unknown;
  appId?: string | number | null | undefined;
  repository?: string | null | undefined;
}>;


export type RenderPackageQuery = { renderPackage:
    | { __typename: 'CatalogRepositoryNotFoundError', message: string }
    | { __typename: 'PackageNotFoundError', message: string }
    | { __typename: 'PackageNotInstallableError', reason: string, message: string }
    | { __typename: 'PackageRenderError', reason: string, message: string }
    | { __typename: 'RenderPackageSuccess', data: { appId: string, options: unknown, notices: Array<string>, apps: Array<{ json: unknown, id: string, cmd: string | null, args: Array<string> | null, user: string | null, cpus: number, mem: number, disk: number, gpus: number, instances: number, env: unknown, labels: unknown, constraints: Array<Array<string>>, requirePorts: boolean, backoffSeconds: number, backoffFactor: number, maxLaunchDelaySeconds: number, taskKillGracePeriodSeconds: number, killSelection: string, dependencies: Array<string>, networks: unknown, container: unknown, role: string | null, acceptedResourceRoles: Array<string> | null, check: unknown, secrets: unknown, portDefinitions: Array<{ port: number, protocol: string, name: string | null, servicePort: number | null, labels: unknown }>, fetch: Array<{ uri: string, executable: boolean, extract: boolean, cache: boolean, destPath: string | null, sha256: string | null }>, healthChecks: Array<{ protocol: string, path: string | null, portIndex: number | null, port: number | null, command: string | null, gracePeriodSeconds: number, intervalSeconds: number, timeoutSeconds: number, maxConsecutiveFailures: number, delaySeconds: number, ignoreHttp1xx: boolean, ipProtocol: string | null }>, readinessChecks: Array<{ name: string, protocol: string, path: string, portName: string | null, intervalSeconds: number, timeoutSeconds: number, httpStatusCodesForReady: Array<number> }>, upgradeStrategy: { minimumHealthCapacity: number, maximumOverCapacity: number }, unreachableStrategy: { inactiveAfterSeconds: number, expungeAfterSeconds: number } | null }>, qualifyingAgents: { totalCount: number, nodes: Array<{ id: string, hostname: string }> }, notQualifying: { totalCount: number, nodes: Array<{ reasons: string, agent: { id: string, hostname: string } }> } } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type InstallPackageMutationVariables = Exact<{
  name: string;
  version?: string | null | undefined;
  options?: unknown;
  appId?: string | number | null | undefined;
  repository?: string | null | undefined;
}>;


export type InstallPackageMutation = { installPackage:
    | { __typename: 'AppAlreadyExistsError', message: string }
    | { __typename: 'CatalogRepositoryNotFoundError', message: string }
    | { __typename: 'InstallPackageSuccess', data: { removedAppIds: Array<string>, agentsNotQualifying: string | null, postInstallNotes: string | null, notices: Array<string>, installedPackage: { id: string, name: string, version: string, repository: string, appId: string, options: unknown, apps: Array<{ id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>> } }> }, apps: Array<{ app: { id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>>, dependencies: Array<string> } }, deployment: { id: string, kind: DeploymentKind, status: DeploymentStatus } | null }>, qualifyingAgents: { totalCount: number, nodes: Array<{ id: string, hostname: string }> }, notQualifying: { totalCount: number, nodes: Array<{ reasons: string, agent: { id: string, hostname: string } }> } } }
    | { __typename: 'PackageAlreadyInstalledError', message: string }
    | { __typename: 'PackageNotFoundError', message: string }
    | { __typename: 'PackageNotInstallableError', reason: string, message: string }
    | { __typename: 'PackageRenderError', reason: string, message: string }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UpgradePackageMutationVariables = Exact<{
  appId: string | number;
  version?: string | null | undefined;
  options?: unknown;
  replaceOptions?: boolean | null | undefined;
}>;


export type UpgradePackageMutation = { upgradePackage:
    | { __typename: 'AppAlreadyExistsError', message: string }
    | { __typename: 'PackageNotFoundError', message: string }
    | { __typename: 'PackageNotInstallableError', message: string }
    | { __typename: 'PackageNotInstalledError', message: string }
    | { __typename: 'PackageRenderError', reason: string, message: string }
    | { __typename: 'UpgradePackageSuccess', data: { removedAppIds: Array<string>, agentsNotQualifying: string | null, postInstallNotes: string | null, notices: Array<string>, installedPackage: { id: string, name: string, version: string, repository: string, appId: string, options: unknown, apps: Array<{ id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>> } }> }, apps: Array<{ app: { id: string, version: number, definition: { labels: unknown, constraints: Array<Array<string>>, dependencies: Array<string> } }, deployment: { id: string, kind: DeploymentKind, status: DeploymentStatus } | null }>, qualifyingAgents: { totalCount: number, nodes: Array<{ id: string, hostname: string }> }, notQualifying: { totalCount: number, nodes: Array<{ reasons: string, agent: { id: string, hostname: string } }> } } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UninstallPackageMutationVariables = Exact<{
  appId: string | number;
}>;


export type UninstallPackageMutation = { uninstallPackage:
    | { __typename: 'PackageNotInstalledError', message: string }
    | { __typename: 'UninstallPackageSuccess', data: { appId: string, name: string, version: string, removedAppIds: Array<string> } }
    | { __typename: 'ValidationError', message: string }
   };

export type InstalledPackagesQueryVariables = Exact<{
  name?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InstalledPackagesQuery = { installedPackages: { totalCount: number, edges: Array<{ node: { id: string, name: string, version: string, repository: string, appId: string, options: unknown, apps: Array<{ id: string, version: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DashboardAppsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardAppsQuery = { apps: { totalCount: number, edges: Array<{ node: { id: string, version: number, status: AppStatus, tasksStaged: number, tasksRunning: number, tasksHealthy: number, tasksUnhealthy: number, definition: { instances: number, cpus: number, mem: number, healthChecks: Array<{ protocol: string }> }, queue: { summary: string, delayedUntil: string | null } | null, lastTaskFailure: { taskId: string, state: string, exitCode: number | null, message: string | null, at: string | null } | null, deployments: Array<{ id: string, kind: DeploymentKind, status: DeploymentStatus, stepsDone: number, totalSteps: number, currentStep: { position: number, description: string, status: DeploymentStepStatus } | null }>, tasks: { totalCount: number, nodes: Array<{ id: string, state: TaskState, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, stagedAt: string, startedAt: string | null, agent: { id: string, hostname: string } | null }> } } }> } };

export type DashboardEventsQueryVariables = Exact<{
  last?: number | null | undefined;
}>;


export type DashboardEventsQuery = { events: { edges: Array<{ node: { sequence: string, type: string, subject: string | null, payload: unknown, createdAt: string } }> } };

export type DeploymentFieldsFragment = { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null };

export type DeploymentStepFieldsFragment = { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null };

export type DeploymentsQueryVariables = Exact<{
  appId?: string | number | null | undefined;
  running?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeploymentsQuery = { deployments: { totalCount: number, edges: Array<{ node: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DeploymentQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DeploymentQuery = { deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, steps: { nodes: Array<{ position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null };

export type DeploymentProgressSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type DeploymentProgressSubscription = { deploymentProgress: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null };

export type CancelDeploymentMutationVariables = Exact<{
  id: string | number;
  force?: boolean | null | undefined;
}>;


export type CancelDeploymentMutation = { cancelDeployment:
    | { __typename: 'CancelDeploymentSuccess', data: { removedAppId: string | null, canceled: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null }, rollback: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
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
    | { __typename: 'RollbackAppSuccess', data: { app: { id: string, version: number }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type KillTasksMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
  scale?: boolean | null | undefined;
}>;


export type KillTasksMutation = { killTasks:
    | { __typename: 'KillTasksSuccess', data: { tasks: Array<{ id: string, appId: string, state: TaskState, desiredState: TaskDesiredState, reportedState: TaskState | null, message: string | null }>, deployments: Array<{ id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null }> } }
    | { __typename: 'TasksNotFoundError', message: string, taskIds: Array<string> }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type AppEndpointsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppEndpointsQuery = { app: { id: string, definition: { portDefinitions: Array<{ port: number, name: string | null, servicePort: number | null }> }, endpoints: { totalCount: number, nodes: Array<{ taskId: string, host: string, port: number, portIndex: number, portName: string | null, servicePort: number | null, healthy: boolean }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type EventFieldsFragment = { sequence: string, type: string, subject: string | null, payload: unknown, createdAt: string };

export type EventsQueryVariables = Exact<{
  after?: string | null | undefined;
  before?: string | null | undefined;
  first?: number | null | undefined;
  last?: number | null | undefined;
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

export type AppTaskHealthQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppTaskHealthQuery = { app: { id: string, tasksHealthy: number, tasksUnhealthy: number, tasks: { totalCount: number, nodes: Array<{ id: string, state: TaskState, health: TaskHealth, healthCause: string | null, ready: boolean, message: string | null, healthHistory: Array<{ health: TaskHealth, cause: string | null, at: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type TaskHealthChangedSubscriptionVariables = Exact<{
  appId: string | number;
  after?: string | null | undefined;
}>;


export type TaskHealthChangedSubscription = { taskHealthChanged: { sequence: string, taskId: string, appId: string, health: TaskHealth, previousHealth: TaskHealth, cause: string | null, ready: boolean, at: string } };

export type CreateSecretMutationVariables = Exact<{
  input: SecretInput;
}>;


export type CreateSecretMutation = { createSecret:
    | { __typename: 'CreateSecretSuccess', data: { path: string, createdAt: string, updatedAt: string } }
    | { __typename: 'SecretAlreadyExistsError', message: string }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type UpdateSecretMutationVariables = Exact<{
  input: SecretInput;
}>;


export type UpdateSecretMutation = { updateSecret:
    | { __typename: 'SecretNotFoundError', message: string }
    | { __typename: 'UpdateSecretSuccess', data: { path: string, createdAt: string, updatedAt: string } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type DeleteSecretMutationVariables = Exact<{
  path: string;
}>;


export type DeleteSecretMutation = { deleteSecret:
    | { __typename: 'DeleteSecretSuccess', data: { path: string } }
    | { __typename: 'SecretNotFoundError', message: string }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type SecretsQueryVariables = Exact<{
  prefix?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SecretsQuery = { secrets: { edges: Array<{ node: { path: string, createdAt: string, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TaskFileQueryVariables = Exact<{
  taskId: string | number;
  path?: string | null | undefined;
  offset?: number | null | undefined;
  length?: number | null | undefined;
}>;


export type TaskFileQuery = { taskFile:
    | { __typename: 'TaskFileSuccess', data: { taskId: string, path: string, offset: number, text: string, size: number, nextOffset: number } }
    | { __typename: 'TaskFileUnavailableError', message: string }
    | { __typename: 'TasksNotFoundError', message: string }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type TaskFieldsFragment = { id: string, appId: string, appVersion: number, state: TaskState, desiredState: TaskDesiredState, reportedState: TaskState | null, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null };

export type AppTasksQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AppTasksQuery = { app: { id: string, version: number, status: AppStatus, tasksStaged: number, tasksRunning: number, tasksHealthy: number, tasksUnhealthy: number, queue: { delayedUntil: string | null, summary: string, reasons: Array<{ reason: string, agents: number }> } | null, lastTaskFailure: { taskId: string, appVersion: number, state: string, host: string | null, exitCode: number | null, message: string | null, at: string | null } | null, deployments: Array<{ id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null }>, definition: { instances: number }, tasks: { totalCount: number, nodes: Array<{ id: string, appId: string, appVersion: number, state: TaskState, desiredState: TaskDesiredState, reportedState: TaskState | null, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ScaleAppMutationVariables = Exact<{
  id: string | number;
  instances: number;
}>;


export type ScaleAppMutation = { scaleApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'ScaleAppSuccess', data: { app: { id: string, version: number, definition: { instances: number } }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type RestartAppMutationVariables = Exact<{
  id: string | number;
}>;


export type RestartAppMutation = { restartApp:
    | { __typename: 'AppNotFoundError', message: string }
    | { __typename: 'RestartAppSuccess', data: { app: { id: string, version: number }, deployment: { id: string, appId: string, kind: DeploymentKind, status: DeploymentStatus, fromVersion: number | null, toVersion: number, createdAt: string, finishedAt: string | null, totalSteps: number, stepsDone: number, currentStep: { position: number, action: DeploymentAction, target: number, description: string, status: DeploymentStepStatus, startedAt: string | null, finishedAt: string | null } | null } | null } }
    | { __typename: 'ValidationError', message: string }
   };

export type TasksQueryVariables = Exact<{
  appId?: string | number | null | undefined;
  ended?: boolean | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TasksQuery = { tasks: { totalCount: number, edges: Array<{ node: { id: string, appId: string, appVersion: number, state: TaskState, desiredState: TaskDesiredState, reportedState: TaskState | null, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TaskQueryVariables = Exact<{
  id: string | number;
}>;


export type TaskQuery = { task: { id: string, appId: string, appVersion: number, state: TaskState, desiredState: TaskDesiredState, reportedState: TaskState | null, health: TaskHealth, healthCause: string | null, ready: boolean, host: string | null, ports: Array<number>, exitCode: number | null, message: string | null, stagedAt: string, startedAt: string | null, finishedAt: string | null, agent: { id: string, hostname: string, os: OperatingSystem } | null } | null };

export type CreateApiTokenMutationVariables = Exact<{
  name: string;
  role: TokenRole;
}>;


export type CreateApiTokenMutation = { createApiToken:
    | { __typename: 'CreateApiTokenSuccess', data: { secret: string, token: { id: string, name: string, role: TokenRole, createdAt: string } } }
    | { __typename: 'ValidationError', message: string, fields: Array<{ field: string, message: string }> }
   };

export type ApiTokensQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ApiTokensQuery = { apiTokens: { edges: Array<{ node: { id: string, name: string, role: TokenRole, createdAt: string, revokedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken:
    | { __typename: 'RevokeApiTokenSuccess', data: { id: string, name: string, role: TokenRole, revokedAt: string | null } }
    | { __typename: 'TokenNotFoundError', message: string }
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
export const PackageSummaryFragmentDoc = new TypedDocumentString(`
    fragment PackageSummary on Package {
  name
  version
  repository
  description
  tags
  layout
}
    `, {"fragmentName":"PackageSummary"}) as unknown as TypedDocumentString<PackageSummaryFragment, unknown>;
export const PackageInstallationFieldsFragmentDoc = new TypedDocumentString(`
    fragment PackageInstallationFields on PackageInstallation {
  installedPackage {
    id
    name
    version
    repository
    appId
    options
    apps {
      id
      version
      definition {
        labels
        constraints
      }
    }
  }
  apps {
    app {
      id
      version
      definition {
        labels
        constraints
        dependencies
      }
    }
    deployment {
      id
      kind
      status
    }
  }
  removedAppIds
  qualifyingAgents {
    totalCount
    nodes {
      id
      hostname
    }
  }
  agentsNotQualifying
  notQualifying {
    totalCount
    nodes {
      agent {
        id
        hostname
      }
      reasons
    }
  }
  postInstallNotes
  notices
}
    `, {"fragmentName":"PackageInstallationFields"}) as unknown as TypedDocumentString<PackageInstallationFieldsFragment, unknown>;
export const DeploymentStepFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}
    `, {"fragmentName":"DeploymentStepFields"}) as unknown as TypedDocumentString<DeploymentStepFieldsFragment, unknown>;
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
  currentStep {
    ...DeploymentStepFields
  }
}
    fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`, {"fragmentName":"DeploymentFields"}) as unknown as TypedDocumentString<DeploymentFieldsFragment, unknown>;
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
  desiredState
  reportedState
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
export const DrainAgentDocument = new TypedDocumentString(`
    mutation DrainAgent($id: ID!) {
  drainAgent(id: $id) {
    __typename
    ... on DrainAgentSuccess {
      data {
        id
        hostname
        state
        drainingSince
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DrainAgentMutation, DrainAgentMutationVariables>;
export const ActivateAgentDocument = new TypedDocumentString(`
    mutation ActivateAgent($id: ID!) {
  activateAgent(id: $id) {
    __typename
    ... on ActivateAgentSuccess {
      data {
        id
        hostname
        state
        drainingSince
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ActivateAgentMutation, ActivateAgentMutationVariables>;
export const AgentDocument = new TypedDocumentString(`
    query Agent($id: ID!) {
  agent(id: $id) {
    id
    hostname
    os
    arch
    version
    state
    drainingSince
    attributes
    portRanges
    registeredAt
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
    tasks(first: 100) {
      totalCount
      edges {
        node {
          id
          appId
          state
          health
          ports
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgentQuery, AgentQueryVariables>;
export const AppsDocument = new TypedDocumentString(`
    query Apps($prefix: String, $first: Int, $after: String) {
  apps(prefix: $prefix, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        version
        updatedAt
        status
        tasksStaged
        tasksRunning
        tasksHealthy
        tasksUnhealthy
        definition {
          instances
          cpus
          mem
        }
        deployments {
          id
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
        warnings
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<CreateAppMutation, CreateAppMutationVariables>;
export const CreateAppFromDefinitionDocument = new TypedDocumentString(`
    mutation CreateAppFromDefinition($definition: JSON!) {
  createApp(definition: $definition) {
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
        warnings
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<CreateAppFromDefinitionMutation, CreateAppFromDefinitionMutationVariables>;
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
        warnings
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<UpdateAppMutation, UpdateAppMutationVariables>;
export const UpdateAppFromDefinitionDocument = new TypedDocumentString(`
    mutation UpdateAppFromDefinition($id: ID!, $definition: JSON!) {
  updateApp(id: $id, definition: $definition) {
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
        warnings
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<UpdateAppFromDefinitionMutation, UpdateAppFromDefinitionMutationVariables>;
export const DeleteAppDocument = new TypedDocumentString(`
    mutation DeleteApp($id: ID!) {
  deleteApp(id: $id) {
    __typename
    ... on DeleteAppSuccess {
      data {
        id
        version
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<DeleteAppMutation, DeleteAppMutationVariables>;
export const CatalogRepositoriesDocument = new TypedDocumentString(`
    query CatalogRepositories {
  catalogRepositories {
    name
    uri
    position
    builtIn
    packageCount
    problem
  }
}
    `) as unknown as TypedDocumentString<CatalogRepositoriesQuery, CatalogRepositoriesQueryVariables>;
export const AddCatalogRepositoryDocument = new TypedDocumentString(`
    mutation AddCatalogRepository($name: String!, $uri: String!) {
  addCatalogRepository(name: $name, uri: $uri) {
    __typename
    ... on AddCatalogRepositorySuccess {
      data {
        name
        uri
        position
        builtIn
        packageCount
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on CatalogRepositoryUnreadableError {
      reason
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
}`) as unknown as TypedDocumentString<AddCatalogRepositoryMutation, AddCatalogRepositoryMutationVariables>;
export const RemoveCatalogRepositoryDocument = new TypedDocumentString(`
    mutation RemoveCatalogRepository($name: String!) {
  removeCatalogRepository(name: $name) {
    __typename
    ... on RemoveCatalogRepositorySuccess {
      data {
        name
        uri
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveCatalogRepositoryMutation, RemoveCatalogRepositoryMutationVariables>;
export const PackagesDocument = new TypedDocumentString(`
    query Packages($search: String, $tag: String, $repository: String, $first: Int, $after: String) {
  packages(
    search: $search
    tag: $tag
    repository: $repository
    first: $first
    after: $after
  ) {
    totalCount
    edges {
      node {
        ...PackageSummary
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment PackageSummary on Package {
  name
  version
  repository
  description
  tags
  layout
}`) as unknown as TypedDocumentString<PackagesQuery, PackagesQueryVariables>;
export const PackageDocument = new TypedDocumentString(`
    query Package($name: String!, $version: String, $repository: String) {
  package(name: $name, version: $version, repository: $repository) {
    ...PackageSummary
    versions
    maintainer
    licenses {
      name
      url
    }
    minCorralVersion
    requiredPrograms
    preInstallNotes
    postInstallNotes
    configSchema
    resource
    readme
    framework
    hasAppTemplate
    alsoInRepositories
    notice
  }
}
    fragment PackageSummary on Package {
  name
  version
  repository
  description
  tags
  layout
}`) as unknown as TypedDocumentString<PackageQuery, PackageQueryVariables>;
export const RenderPackageDocument = new TypedDocumentString(`
    query RenderPackage($name: String!, $version: String, $options: JSON, $appId: ID, $repository: String) {
  renderPackage(
    name: $name
    version: $version
    options: $options
    appId: $appId
    repository: $repository
  ) {
    __typename
    ... on RenderPackageSuccess {
      data {
        appId
        options
        notices
        apps {
          ...AppDefinitionFields
          json
        }
        qualifyingAgents {
          totalCount
          nodes {
            id
            hostname
          }
        }
        notQualifying {
          totalCount
          nodes {
            agent {
              id
              hostname
            }
            reasons
          }
        }
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on PackageRenderError {
      reason
    }
    ... on PackageNotInstallableError {
      reason
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
    ipProtocol
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
  networks
  container
  role
  acceptedResourceRoles
  check
  secrets
}
fragment FieldProblems on ValidationError {
  message
  fields {
    field
    message
  }
}`) as unknown as TypedDocumentString<RenderPackageQuery, RenderPackageQueryVariables>;
export const InstallPackageDocument = new TypedDocumentString(`
    mutation InstallPackage($name: String!, $version: String, $options: JSON, $appId: ID, $repository: String) {
  installPackage(
    name: $name
    version: $version
    options: $options
    appId: $appId
    repository: $repository
  ) {
    __typename
    ... on InstallPackageSuccess {
      data {
        ...PackageInstallationFields
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on PackageRenderError {
      reason
    }
    ... on PackageNotInstallableError {
      reason
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
fragment PackageInstallationFields on PackageInstallation {
  installedPackage {
    id
    name
    version
    repository
    appId
    options
    apps {
      id
      version
      definition {
        labels
        constraints
      }
    }
  }
  apps {
    app {
      id
      version
      definition {
        labels
        constraints
        dependencies
      }
    }
    deployment {
      id
      kind
      status
    }
  }
  removedAppIds
  qualifyingAgents {
    totalCount
    nodes {
      id
      hostname
    }
  }
  agentsNotQualifying
  notQualifying {
    totalCount
    nodes {
      agent {
        id
        hostname
      }
      reasons
    }
  }
  postInstallNotes
  notices
}`) as unknown as TypedDocumentString<InstallPackageMutation, InstallPackageMutationVariables>;
export const UpgradePackageDocument = new TypedDocumentString(`
    mutation UpgradePackage($appId: ID!, $version: String, $options: JSON, $replaceOptions: Boolean) {
  upgradePackage(
    appId: $appId
    version: $version
    options: $options
    replaceOptions: $replaceOptions
  ) {
    __typename
    ... on UpgradePackageSuccess {
      data {
        ...PackageInstallationFields
      }
    }
    ... on ValidationError {
      ...FieldProblems
    }
    ... on PackageRenderError {
      reason
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
fragment PackageInstallationFields on PackageInstallation {
  installedPackage {
    id
    name
    version
    repository
    appId
    options
    apps {
      id
      version
      definition {
        labels
        constraints
      }
    }
  }
  apps {
    app {
      id
      version
      definition {
        labels
        constraints
        dependencies
      }
    }
    deployment {
      id
      kind
      status
    }
  }
  removedAppIds
  qualifyingAgents {
    totalCount
    nodes {
      id
      hostname
    }
  }
  agentsNotQualifying
  notQualifying {
    totalCount
    nodes {
      agent {
        id
        hostname
      }
      reasons
    }
  }
  postInstallNotes
  notices
}`) as unknown as TypedDocumentString<UpgradePackageMutation, UpgradePackageMutationVariables>;
export const UninstallPackageDocument = new TypedDocumentString(`
    mutation UninstallPackage($appId: ID!) {
  uninstallPackage(appId: $appId) {
    __typename
    ... on UninstallPackageSuccess {
      data {
        appId
        name
        version
        removedAppIds
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UninstallPackageMutation, UninstallPackageMutationVariables>;
export const InstalledPackagesDocument = new TypedDocumentString(`
    query InstalledPackages($name: String, $first: Int, $after: String) {
  installedPackages(name: $name, first: $first, after: $after) {
    totalCount
    edges {
      node {
        id
        name
        version
        repository
        appId
        options
        apps {
          id
          version
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<InstalledPackagesQuery, InstalledPackagesQueryVariables>;
export const DashboardAppsDocument = new TypedDocumentString(`
    query DashboardApps {
  apps(first: 100) {
    totalCount
    edges {
      node {
        id
        version
        status
        tasksStaged
        tasksRunning
        tasksHealthy
        tasksUnhealthy
        definition {
          instances
          cpus
          mem
          healthChecks {
            protocol
          }
        }
        queue {
          summary
          delayedUntil
        }
        lastTaskFailure {
          taskId
          state
          exitCode
          message
          at
        }
        deployments {
          id
          kind
          status
          stepsDone
          totalSteps
          currentStep {
            position
            description
            status
          }
        }
        tasks(first: 10) {
          totalCount
          nodes {
            id
            state
            health
            healthCause
            ready
            host
            ports
            stagedAt
            startedAt
            agent {
              id
              hostname
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardAppsQuery, DashboardAppsQueryVariables>;
export const DashboardEventsDocument = new TypedDocumentString(`
    query DashboardEvents($last: Int) {
  events(last: $last) {
    edges {
      node {
        ...EventFields
      }
    }
  }
}
    fragment EventFields on Event {
  sequence
  type
  subject
  payload
  createdAt
}`) as unknown as TypedDocumentString<DashboardEventsQuery, DashboardEventsQueryVariables>;
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<DeploymentsQuery, DeploymentsQueryVariables>;
export const DeploymentDocument = new TypedDocumentString(`
    query Deployment($id: ID!, $first: Int, $after: String) {
  deployment(id: $id) {
    ...DeploymentFields
    steps(first: $first, after: $after) {
      nodes {
        ...DeploymentStepFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
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
          desiredState
          reportedState
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<KillTasksMutation, KillTasksMutationVariables>;
export const AppEndpointsDocument = new TypedDocumentString(`
    query AppEndpoints($id: ID!, $first: Int, $after: String) {
  app(id: $id) {
    id
    definition {
      portDefinitions {
        port
        name
        servicePort
      }
    }
    endpoints(first: $first, after: $after) {
      totalCount
      nodes {
        taskId
        host
        port
        portIndex
        portName
        servicePort
        healthy
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppEndpointsQuery, AppEndpointsQueryVariables>;
export const EventsDocument = new TypedDocumentString(`
    query Events($after: String, $before: String, $first: Int, $last: Int, $type: String, $subject: String) {
  events(
    after: $after
    before: $before
    first: $first
    last: $last
    type: $type
    subject: $subject
  ) {
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
export const AppTaskHealthDocument = new TypedDocumentString(`
    query AppTaskHealth($id: ID!, $first: Int, $after: String) {
  app(id: $id) {
    id
    tasksHealthy
    tasksUnhealthy
    tasks(first: $first, after: $after) {
      totalCount
      nodes {
        id
        state
        health
        healthCause
        ready
        message
        healthHistory {
          health
          cause
          at
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppTaskHealthQuery, AppTaskHealthQueryVariables>;
export const TaskHealthChangedDocument = new TypedDocumentString(`
    subscription TaskHealthChanged($appId: ID!, $after: BigInt) {
  taskHealthChanged(appId: $appId, after: $after) {
    sequence
    taskId
    appId
    health
    previousHealth
    cause
    ready
    at
  }
}
    `) as unknown as TypedDocumentString<TaskHealthChangedSubscription, TaskHealthChangedSubscriptionVariables>;
export const CreateSecretDocument = new TypedDocumentString(`
    mutation CreateSecret($input: SecretInput!) {
  createSecret(input: $input) {
    __typename
    ... on CreateSecretSuccess {
      data {
        path
        createdAt
        updatedAt
      }
    }
    ... on ValidationError {
      message
      fields {
        field
        message
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateSecretMutation, CreateSecretMutationVariables>;
export const UpdateSecretDocument = new TypedDocumentString(`
    mutation UpdateSecret($input: SecretInput!) {
  updateSecret(input: $input) {
    __typename
    ... on UpdateSecretSuccess {
      data {
        path
        createdAt
        updatedAt
      }
    }
    ... on ValidationError {
      message
      fields {
        field
        message
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateSecretMutation, UpdateSecretMutationVariables>;
export const DeleteSecretDocument = new TypedDocumentString(`
    mutation DeleteSecret($path: String!) {
  deleteSecret(path: $path) {
    __typename
    ... on DeleteSecretSuccess {
      data {
        path
      }
    }
    ... on ValidationError {
      message
      fields {
        field
        message
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteSecretMutation, DeleteSecretMutationVariables>;
export const SecretsDocument = new TypedDocumentString(`
    query Secrets($prefix: String, $first: Int, $after: String) {
  secrets(prefix: $prefix, first: $first, after: $after) {
    edges {
      node {
        path
        createdAt
        updatedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SecretsQuery, SecretsQueryVariables>;
export const TaskFileDocument = new TypedDocumentString(`
    query TaskFile($taskId: ID!, $path: String, $offset: Int, $length: Int) {
  taskFile(taskId: $taskId, path: $path, offset: $offset, length: $length) {
    __typename
    ... on TaskFileSuccess {
      data {
        taskId
        path
        offset
        text
        size
        nextOffset
      }
    }
    ... on ValidationError {
      message
      fields {
        field
        message
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TaskFileQuery, TaskFileQueryVariables>;
export const AppTasksDocument = new TypedDocumentString(`
    query AppTasks($id: ID!, $first: Int, $after: String) {
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
    tasks(first: $first, after: $after) {
      totalCount
      nodes {
        ...TaskFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}
fragment TaskFields on Task {
  id
  appId
  appVersion
  state
  desiredState
  reportedState
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
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
  currentStep {
    ...DeploymentStepFields
  }
}
fragment DeploymentStepFields on DeploymentStep {
  position
  action
  target
  description
  status
  startedAt
  finishedAt
}`) as unknown as TypedDocumentString<RestartAppMutation, RestartAppMutationVariables>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($appId: ID, $ended: Boolean, $first: Int, $after: String) {
  tasks(appId: $appId, ended: $ended, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...TaskFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TaskFields on Task {
  id
  appId
  appVersion
  state
  desiredState
  reportedState
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
}`) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const TaskDocument = new TypedDocumentString(`
    query Task($id: ID!) {
  task(id: $id) {
    ...TaskFields
  }
}
    fragment TaskFields on Task {
  id
  appId
  appVersion
  state
  desiredState
  reportedState
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
}`) as unknown as TypedDocumentString<TaskQuery, TaskQueryVariables>;
export const CreateApiTokenDocument = new TypedDocumentString(`
    mutation CreateApiToken($name: String!, $role: TokenRole!) {
  createApiToken(name: $name, role: $role) {
    __typename
    ... on CreateApiTokenSuccess {
      data {
        secret
        token {
          id
          name
          role
          createdAt
        }
      }
    }
    ... on ValidationError {
      message
      fields {
        field
        message
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const ApiTokensDocument = new TypedDocumentString(`
    query ApiTokens($first: Int, $after: String) {
  apiTokens(first: $first, after: $after) {
    edges {
      node {
        id
        name
        role
        createdAt
        revokedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ApiTokensQuery, ApiTokensQueryVariables>;
export const RevokeApiTokenDocument = new TypedDocumentString(`
    mutation RevokeApiToken($id: ID!) {
  revokeApiToken(id: $id) {
    __typename
    ... on RevokeApiTokenSuccess {
      data {
        id
        name
        role
        revokedAt
      }
    }
    ... on Error {
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;