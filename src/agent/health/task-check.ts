import type { HealthCheckOutcome } from '../../plugin-api/index.ts';
import type { CheckResult, CheckSpec, HealthCheckSpec } from '../protocol.ts';

// A Mesos check (an app's `check`) runs through the same protocol plugins as a health check, as a
// health check that never counts toward a kill; what it saw becomes Marathon's checkResult.

/** The check as the health check that probes the same thing: MESOS_HTTP(S), MESOS_TCP or COMMAND. */
export function checkAsHealthCheck(check: CheckSpec): HealthCheckSpec {
  const timings = {
    intervalSeconds: check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds,
    delaySeconds: check.delaySeconds,
    gracePeriodSeconds: 0,
    maxConsecutiveFailures: 0,
    ignoreHttp1xx: false,
  };
  if (check.http) {
    const { portIndex, port, path, scheme } = check.http;
    return { ...timings, protocol: scheme === 'HTTPS' ? 'MESOS_HTTPS' : 'MESOS_HTTP', path: path ?? '/', ...portOf(portIndex, port) };
  }
  if (check.tcp) return { ...timings, protocol: 'MESOS_TCP', ...portOf(check.tcp.portIndex, check.tcp.port) };
  return { ...timings, protocol: 'COMMAND', command: { value: commandLine(check.exec?.command ?? {}) } };
}

/** Marathon's shape of what the check saw; a check that got no answer says why in `cause`. */
export function checkResultOf(check: CheckSpec, outcome: HealthCheckOutcome): CheckResult {
  const cause = 'cause' in outcome ? { cause: outcome.cause } : {};
  if (check.tcp) return { tcp: { succeeded: 'healthy' in outcome && outcome.healthy }, ...cause };
  const { statusCode, exitCode } = outcome.observed ?? {};
  if (check.http) return statusCode === undefined ? cause : { http: { statusCode } };
  return exitCode === undefined ? cause : { command: { exitCode } };
}

function portOf(portIndex: number | undefined, port: number | undefined): Pick<HealthCheckSpec, 'port' | 'portIndex'> {
  if (port !== undefined && port !== 0) return { port };
  return { portIndex: portIndex ?? 0 };
}

/** A shell command as is; an argv (Mesos' shell: false) quoted for the shell, one word per argument. */
function commandLine({ shell, argv }: { shell?: string; argv?: string[] }): string {
  if (shell !== undefined) return shell;
  const quote = process.platform === 'win32' ? (arg: string) => `"${arg.replace(/"/g, '""')}"` : (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  return (argv ?? []).map(quote).join(' ');
}
