// The agent protocol, /agent/v1 (HTTP + JSON). Agents dial out; the gateway
// never dials an agent. This file is the contract both sides compile against;
// it has no imports so the agent bundle stays free of the server.

export const AGENT_PROTOCOL_VERSION = 'v1';

export type AgentOs = 'LINUX' | 'WINDOWS';

/** Inclusive port range [from, to]. */
export type PortRange = [number, number];

export interface AgentResources {
  cpus: number;
  /** MiB */
  mem: number;
  /** MiB, of the disk that holds the work dir */
  disk: number;
  gpus: number;
  ports: PortRange[];
}

/** Task states the agent reports (Mesos names). */
export type ReportedTaskState = 'STARTING' | 'RUNNING' | 'KILLING' | 'FINISHED' | 'FAILED' | 'KILLED' | 'ERROR';
export const terminalReportedStates: readonly ReportedTaskState[] = ['FINISHED', 'FAILED', 'KILLED', 'ERROR'];

export interface RegisterRequest {
  /** The id this agent had before (kept in its work dir), so a restart keeps its identity. */
  agentId?: string;
  hostname: string;
  os: AgentOs;
  arch: string;
  version: string;
  resources: AgentResources;
  attributes: Record<string, string>;
  /**
   * The resource roles this agent offers (`corral agent --roles`), as a Mesos agent reserves its
   * resources: "*" is the unreserved role. Absent (older agents): ["*"].
   */
  roles?: string[];
  /** Tasks the agent is already running (recovered after its own restart). */
  tasks: KnownTask[];
}

/**
 * The header that proves an agent's id: the secret the gateway issued when the id was first
 * registered. The shared join token only admits agents; this binds each id to one machine, so a
 * holder of the join token cannot poll, report or re-register as another agent.
 */
export const AGENT_SECRET_HEADER = 'x-corral-agent-secret';

/**
 * The header in which a poll says how many other gateways the agent could poll instead (of those it
 * was given, those that failed none of its requests lately). The gateway that leads the control
 * loop leaves agents to the others when there are some (a 503 with POLL_ANOTHER): it spends its
 * time on passes, as Kubernetes' scheduler serves no kubelet. An agent with no other answers its polls.
 */
export const OTHER_GATEWAYS_HEADER = 'x-corral-other-gateways';

/** The answer of a leader that leaves this agent to the other gateways: 503, and this body. */
export interface PollAnother {
  error: string;
  pollAnother: true;
}

export interface RegisterResponse {
  agentId: string;
  /** Issued when the id is new to the gateway (or had none yet), this once: the agent keeps it and sends it as AGENT_SECRET_HEADER. */
  agentSecret?: string;
  /** How long the gateway holds a poll open when it has nothing to say. */
  pollTimeoutMs: number;
  /** How long without a poll before the agent counts as unreachable. */
  unreachableAfterMs: number;
}

export interface KnownTask {
  taskId: string;
  state: ReportedTaskState;
}

export interface HealthResult {
  /** Whether the task passed its health checks; absent when it has none or none has answered yet. */
  healthy?: boolean;
  /** Why the last check failed: "HTTP 500", "timeout after 2 s", "connection refused". */
  cause?: string;
  /** Whether the task passed its readiness checks. */
  ready?: boolean;
}

export interface StatusUpdate {
  /** Delivered at least once until acknowledged; the gateway applies each uuid once. */
  uuid: string;
  taskId: string;
  state: ReportedTaskState;
  /** ISO 8601 */
  timestamp: string;
  message?: string;
  exitCode?: number;
  signal?: string;
  /**
   * Sent with the task's state whenever its health or readiness changes. On a
   * KILLING or KILLED update, healthy: false says the agent killed the task
   * itself for failing maxConsecutiveFailures health checks in a row.
   */
  health?: HealthResult;
  /** Sent with the task's state whenever the result of its Mesos check changes. */
  check?: CheckResult;
}

export interface FileReadResult {
  requestId: string;
  /** base64 of the bytes read */
  data?: string;
  /** the file's size, so a reader can follow it */
  size?: number;
  error?: string;
}

export interface PollRequest {
  agentId: string;
  /** Every task the agent knows and has not seen acknowledged as ended. */
  tasks: KnownTask[];
  statuses: StatusUpdate[];
  fileReads?: FileReadResult[];
  /**
   * The version of the service table this agent's proxy has ('' before the
   * first). The gateway answers at once with the table when it differs; an
   * agent that leaves it out runs no proxy and never gets one.
   */
  services?: string;
}

export interface FetchSpec {
  uri: string;
  executable: boolean;
  extract: boolean;
  cache: boolean;
  destPath?: string;
  sha256?: string;
}

export interface HealthCheckSpec {
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

/**
 * A Mesos check (Marathon's app `check`): run like a health check, one of http, tcp or exec, but its
 * result is only reported: it never kills the task nor changes its health.
 */
export interface CheckSpec {
  http?: { portIndex?: number; port?: number; path?: string; scheme?: 'HTTP' | 'HTTPS' };
  tcp?: { portIndex?: number; port?: number };
  exec?: { command: { shell?: string; argv?: string[] } };
  intervalSeconds: number;
  timeoutSeconds: number;
  delaySeconds: number;
}

/**
 * What a task's check found last, in Marathon's shape (a task's checkResult): the HTTP status, whether
 * the TCP connection was accepted, or the command's exit code. An HTTP or command check that got no
 * answer (refused, timed out) has none of them, as in Mesos: `cause` says why.
 */
export interface CheckResult {
  http?: { statusCode: number };
  tcp?: { succeeded: boolean };
  command?: { exitCode: number };
  cause?: string;
}

export interface ReadinessCheckSpec {
  name: string;
  protocol: string;
  path: string;
  portName: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  httpStatusCodesForReady: number[];
}

export interface LaunchSpec {
  taskId: string;
  appId: string;
  appVersion: number;
  cmd?: string;
  args?: string[];
  user?: string;
  env: Record<string, string>;
  /**
   * The variables of `env` whose values come from the secret store: the task gets them in its
   * environment only; the agent writes them nowhere (its task.json record leaves them out, as
   * Mesos resolves secrets into the environment and checkpoints only their references).
   */
  secretEnv?: string[];
  /** Host ports assigned to this task, in portDefinitions order. */
  ports: number[];
  portNames: (string | undefined)[];
  fetch: FetchSpec[];
  healthChecks: HealthCheckSpec[];
  readinessChecks: ReadinessCheckSpec[];
  /** The app's Mesos check, when it has one. */
  check?: CheckSpec;
  killGracePeriodSeconds: number;
  cpus: number;
  mem: number;
  disk: number;
  /** The service ports of the app's dependencies, named in the task's CORRAL_SERVICE_<NAME>_PORT variables. */
  services?: ServiceBinding[];
}

export interface ServiceBinding {
  /** The dependency, such as /shop/backend */
  appId: string;
  /** Its position in the dependency's portDefinitions, and its name there */
  portIndex: number;
  portName?: string;
  servicePort: number;
}

/**
 * Where each service port leads: every agent's proxy listens on its service
 * address (127.0.0.1) at `servicePort` and forwards to one of `endpoints`,
 * the tasks of the app that serve traffic now (running, and healthy where the
 * app has health checks), as marathon-lb does.
 */
export interface ServiceTable {
  /** Changes whenever anything in the table does. */
  version: string;
  services: ServiceRoute[];
}

export interface ServiceRoute {
  appId: string;
  portIndex: number;
  servicePort: number;
  endpoints: Endpoint[];
}

export interface Endpoint {
  host: string;
  port: number;
}

export type AgentCommand =
  | { type: 'acknowledge'; uuids: string[] }
  | { type: 'launch'; task: LaunchSpec }
  | { type: 'kill'; taskId: string; gracePeriodSeconds: number }
  | { type: 'readFile'; requestId: string; taskId: string; path: string; offset: number; length: number }
  | { type: 'drain' };

export interface PollResponse {
  commands: AgentCommand[];
  /** How long the gateway holds a poll now: it grows with the fleet (older gateways send none). */
  pollTimeoutMs?: number;
  /** The service table, when the version the agent sent is not the current one. */
  services?: ServiceTable;
}
