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
  env: Record<string, string>;
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
  unreachableStrategy: UnreachableStrategy;
  killSelection: 'YOUNGEST_FIRST' | 'OLDEST_FIRST';
  dependencies: string[];
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

/** The protocols of Corral's first-party plugins (Marathon's); plugins may add more (src/plugins). */
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
  inactiveAfterSeconds: number;
  expungeAfterSeconds: number;
}

/** A problem with one field of an input, named by its path (`healthChecks[0].portIndex`). */
export interface FieldError {
  field: string;
  message: string;
}
