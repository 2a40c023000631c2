/**
 * An app definition as Marathon (and so Corral) knows it, with every default
 * filled in. What the API stores and returns, and what the control loop reads.
 */
export interface AppSpec {
  id: string;
  cmd?: string;
  args?: string[];
  user?: string;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  instances: number;
  /** A value, or a reference to one of `secrets` (Marathon's {"secret": "name"}), filled in when the task launches */
  env: Record<string, EnvValue>;
  labels: Record<string, string>;
  /** Marathon's [field, operator, value?] triples */
  constraints: Constraint[];
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  fetch: FetchUri[];
  healthChecks: HealthCheck[];
  readinessChecks: ReadinessCheck[];
  upgradeStrategy: UpgradeStrategy;
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  taskKillGracePeriodSeconds: number;
  /** 'disabled': unreachable tasks are never replaced nor expunged; they wait for their agent (Marathon's resident apps) */
  unreachableStrategy: UnreachableStrategy | 'disabled';
  killSelection: 'YOUNGEST_FIRST' | 'OLDEST_FIRST';
  /** Absolute ids of apps or groups, resolved against the app's group */
  dependencies: string[];
  /** Marathon's host networking, the only one a process has: [{mode: 'host'}] */
  networks?: Network[];
  /** A Mesos container without an image is a plain command: kept as given, and shown back */
  container?: { type: 'MESOS'; volumes?: unknown[] };
  /** The role the app's tasks run as (Mesos' resource role) */
  role?: string;
  /** Only agents that declare one of these roles run the app's tasks ("*" is every agent's default role) */
  acceptedResourceRoles?: string[];
  /** A Mesos check: run like a health check, its result shown but never acted on */
  check?: AppCheck;
  /** Names for secrets of the secret store, by their path: {"dbpass": {"source": "/shop/db-password"}} */
  secrets?: Record<string, { source: string }>;
}

export type EnvValue = string | { secret: string };

export interface Network {
  mode: 'host';
  name?: string;
  labels?: Record<string, string>;
}

export interface AppCheck {
  http?: { portIndex?: number; port?: number; path?: string; scheme?: 'HTTP' | 'HTTPS' };
  tcp?: { portIndex?: number; port?: number };
  exec?: { command: { shell?: string; argv?: string[] } };
  intervalSeconds: number;
  timeoutSeconds: number;
  delaySeconds: number;
}

export type Constraint = [field: string, operator: ConstraintOperator, value?: string];

export const constraintOperators = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'] as const;
export type ConstraintOperator = (typeof constraintOperators)[number];

export interface PortDefinition {
  port: number;
  protocol: 'tcp' | 'udp' | 'udp,tcp';
  name?: string;
  labels: Record<string, string>;
  /** A cluster-wide port the service proxy listens on; 0 asks the gateway to assign one */
  servicePort?: number;
}

export interface FetchUri {
  uri: string;
  executable: boolean;
  extract: boolean;
  cache: boolean;
  destPath?: string;
  sha256?: string;
}

/** The protocols of Corral's first-party plugins (Marathon's); plugins may add more (src/plugin-api). */
export const healthCheckProtocols = ['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'] as const;

export interface HealthCheck {
  protocol: string;
  path?: string;
  portIndex?: number;
  port?: number;
  command?: { value: string };
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
  delaySeconds: number;
  ignoreHttp1xx: boolean;
  ipProtocol?: 'IPv4' | 'IPv6';
}

export interface ReadinessCheck {
  name: string;
  protocol: 'HTTP' | 'HTTPS';
  path: string;
  portName?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  httpStatusCodesForReady: number[];
  preserveLastResponse: boolean;
}

export interface UpgradeStrategy {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}

export interface UnreachableStrategy {
  /** How long a task is UNREACHABLE before another replaces it (0: at once) */
  inactiveAfterSeconds: number;
  /** How long a task is UNREACHABLE before it is given up for GONE (0: at once, as in Marathon) */
  expungeAfterSeconds: number;
}

/** A problem with one field of an input, named by its path (`healthChecks[0].portIndex`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The definition stored in an app or app-version row. Only the parser writes
 * that column (storeVersion), so the JSON there is an AppSpec: this is the one
 * place that says so.
 */
export function specOf(row: { spec: unknown }): AppSpec {
  return row.spec as AppSpec;
}
