// The plugin interface: what a folder in plugins/ default-exports. The agent
// and every plugin import this module, so it imports nothing (types aside):
// the agent is bundled alone, also for Windows. See plugins/README.md.
import type { HealthCheckSpec, ReadinessCheckSpec } from '../agent/protocol.ts';

export type { HealthCheckSpec, ReadinessCheckSpec };

/** The task a check looks at. */
export interface CheckedTask {
  id: string;
  appId: string;
  /** The task's sandbox directory: a COMMAND check runs there. */
  sandbox: string;
  /** The task's environment (PORT0, CORRAL_SANDBOX, ...): a COMMAND check runs with it. */
  env: Record<string, string>;
  /** The host ports of the task, in portDefinitions order. */
  ports: number[];
  /** The operating-system user the task runs as (its app's `user`), when not the agent's own: a COMMAND check runs as it too. */
  user?: TaskUser;
}

/** An operating-system user on a Linux agent, as the agent resolved it when the task started. */
export interface TaskUser {
  name: string;
  uid: number;
  gid: number;
  /** Every group of the user, the primary one included, as `id -G` lists them */
  groups: number[];
  home: string;
}

/**
 * A command line that runs `program` as the task's user, with the user's
 * supplementary groups: Node's own uid/gid options would drop them (libuv
 * calls setgroups(0)), and a program such as postgres needs ssl-cert's keys.
 * setpriv (util-linux, on every Debian) execs the program: the pid stays the
 * same, so process groups and kills work as they do without it.
 */
export function asTaskUser(user: TaskUser | undefined, program: string, args: string[]): [string, string[]] {
  if (!user) return [program, args];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, `--groups=${user.groups.join(',')}`, '--', program, ...args]];
}

interface CheckContext {
  task: CheckedTask;
  /** Where the task's ports listen: the loopback address, as Mesos' checks use for tasks on the host network. */
  host: string;
  timeoutSeconds: number;
  /** Aborted when the check times out or the task ends: stop waiting and free what the check holds. */
  signal: AbortSignal;
}

export interface HealthCheckContext extends CheckContext {
  /** The check as the app defines it, Marathon's defaults filled in. */
  check: HealthCheckSpec;
  /** `check.port`, or the task's port at `check.portIndex`; undefined when the check names no port (COMMAND). */
  port?: number;
}

export interface ReadinessCheckContext extends CheckContext {
  check: ReadinessCheckSpec;
  /** The task's port named `check.portName`. */
  port?: number;
}

/**
 * What a check saw, beside its verdict: the HTTP status it got, the exit code of its command. A Mesos
 * check (an app's `check`) reports these rather than a verdict; a health check may leave them out.
 */
export interface CheckObservation {
  statusCode?: number;
  exitCode?: number;
}

/**
 * The result of one health check. `ignored` discards the result: the task's
 * health stays as it was (Marathon's ignoreHttp1xx). A checker may also throw:
 * that counts as a failure with the error's message as the cause.
 */
export type HealthCheckOutcome = ({ healthy: true } | { healthy: false; cause: string } | { ignored: true }) & { observed?: CheckObservation };

export type HealthChecker = (context: HealthCheckContext) => Promise<HealthCheckOutcome>;

/** The result of one readiness check; `cause` says why it is not ready yet. */
export interface ReadinessOutcome {
  ready: boolean;
  cause?: string;
}

export type ReadinessChecker = (context: ReadinessCheckContext) => Promise<ReadinessOutcome>;

export interface CorralPlugin {
  name: string;
  /** Health-check protocols by name (HTTP, TCP, ...): capitals, digits and _, as an app's healthChecks[].protocol names them. */
  healthChecks?: Record<string, HealthChecker>;
  /** Readiness-check protocols by name, as an app's readinessChecks[].protocol names them. */
  readinessChecks?: Record<string, ReadinessChecker>;
}

/** What a plugin folder's index default-exports. Identity at run time; it gives plugin authors the types. */
export function definePlugin<const Plugin extends CorralPlugin>(plugin: Plugin): Plugin {
  return plugin;
}

/** Protocol names as app definitions accept them. */
export const PROTOCOL_NAME = /^[A-Z][A-Z0-9_]*$/;
