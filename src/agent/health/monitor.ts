import type { CheckedTask, HealthChecker, HealthCheckOutcome, ReadinessChecker, ReadinessOutcome } from '../../plugin-api/index.ts';
import type { CheckResult, CheckSpec, HealthCheckSpec, HealthResult, LaunchSpec, ReadinessCheckSpec } from '../protocol.ts';
import type { HealthCheckers } from './checkers.ts';
import { HealthCheckState } from './check-state.ts';
import { repeat } from './repeat.ts';
import { checkAsHealthCheck, checkResultOf } from './task-check.ts';
import { timeoutCause, withTimeout } from './timeout.ts';

/** Where a task's ports listen, seen from its agent (Mesos' checks use the loopback address too). */
const LOOPBACK = '127.0.0.1';

export interface HealthReports {
  /** The task's health (healthy, cause) or readiness changed: the agent reports it with the task's state. */
  changed(result: HealthResult): void;
  /** A check failed maxConsecutiveFailures times in a row: the task must be killed (the monitor has stopped). */
  failing(message: string, result: HealthResult): void;
  /** The result of the task's Mesos check changed: only reported, never acted on. */
  checked(result: CheckResult): void;
}

/**
 * Runs one task's health and readiness checks, next to the task, from the
 * moment it runs until it ends. Healthy means every health check passes;
 * ready, once every readiness check has passed (they stop then, as Marathon's).
 */
export class TaskHealthMonitor {
  private readonly stopped = new AbortController();
  private readonly health: HealthCheckState[] = [];
  private readonly readinessPassed: boolean[];
  private reported: HealthResult = {};

  constructor(
    private readonly checkers: HealthCheckers,
    private readonly spec: LaunchSpec,
    private readonly task: CheckedTask,
    private readonly reports: HealthReports,
  ) {
    this.readinessPassed = spec.readinessChecks.map(() => false);
  }

  start(now = Date.now()): void {
    this.spec.healthChecks.forEach((check) => {
      const state = new HealthCheckState(check, now);
      this.health.push(state);
      this.watchHealth(check, state);
    });
    this.spec.readinessChecks.forEach((check, index) => this.watchReadiness(check, index));
    if (this.spec.check) this.watchCheck(this.spec.check);
    this.report(); // a check the agent cannot run is told at once
  }

  stop(): void {
    this.stopped.abort();
  }

  private watchHealth(check: HealthCheckSpec, state: HealthCheckState): void {
    const checker = this.checkers.healthChecker(check.protocol);
    // Not counted toward a kill: a replacement would land on an agent like this one and fail the same way.
    if (!checker) return state.fail(`no health check plugin for protocol ${check.protocol}`);
    const port = check.port ?? (check.portIndex !== undefined ? this.spec.ports[check.portIndex] : undefined);
    repeat(check.delaySeconds * 1000, check.intervalSeconds * 1000, this.stopped.signal, async () => {
      const outcome = await this.runHealthCheck(checker, check, port);
      if (this.stopped.signal.aborted) return 'done';
      const { kill } = state.record(outcome, Date.now());
      this.report();
      if (!kill) return;
      this.stop();
      this.reports.failing(kill, this.result());
      return 'done';
    });
  }

  private async runHealthCheck(checker: HealthChecker, check: HealthCheckSpec, port: number | undefined): Promise<HealthCheckOutcome> {
    try {
      const answer = await withTimeout(check.timeoutSeconds, this.stopped.signal, (signal) =>
        checker({ check, port, host: LOOPBACK, task: this.task, timeoutSeconds: check.timeoutSeconds, signal }),
      );
      return 'timedOut' in answer ? { healthy: false, cause: timeoutCause(check.timeoutSeconds) } : answer.value;
    } catch (error) {
      return { healthy: false, cause: causeOf(error) };
    }
  }

  /**
   * A Mesos check: probed as the health check of the same protocol, but its outcome is neither health
   * nor a reason to kill. Reported when it changes, as Mesos sends check status updates.
   */
  private watchCheck(check: CheckSpec): void {
    const probe = checkAsHealthCheck(check);
    const checker = this.checkers.healthChecker(probe.protocol);
    let last = '';
    const tell = (result: CheckResult) => {
      const seen = JSON.stringify(result);
      if (seen === last) return;
      last = seen;
      this.reports.checked(result);
    };
    if (!checker) return tell({ cause: `no plugin for the ${probe.protocol} protocol` });
    const port = probe.port ?? (probe.portIndex !== undefined ? this.spec.ports[probe.portIndex] : undefined);
    repeat(check.delaySeconds * 1000, check.intervalSeconds * 1000, this.stopped.signal, async () => {
      const outcome = await this.runHealthCheck(checker, probe, port);
      if (this.stopped.signal.aborted) return 'done';
      tell(checkResultOf(check, outcome));
    });
  }

  /** Marathon's readiness checks start one interval after the task runs. */
  private watchReadiness(check: ReadinessCheckSpec, index: number): void {
    const checker = this.checkers.readinessChecker(check.protocol);
    if (!checker) return; // never ready; app definitions only name protocols the agent has (HTTP, HTTPS)
    const portIndex = this.spec.portNames.indexOf(check.portName);
    const port = portIndex >= 0 ? this.spec.ports[portIndex] : undefined;
    const every = check.intervalSeconds * 1000;
    repeat(every, every, this.stopped.signal, async () => {
      const outcome = await this.runReadinessCheck(checker, check, port);
      if (this.stopped.signal.aborted) return 'done';
      if (!outcome.ready) return;
      this.readinessPassed[index] = true;
      this.report();
      return 'done';
    });
  }

  private async runReadinessCheck(checker: ReadinessChecker, check: ReadinessCheckSpec, port: number | undefined): Promise<ReadinessOutcome> {
    try {
      const answer = await withTimeout(check.timeoutSeconds, this.stopped.signal, (signal) =>
        checker({ check, port, host: LOOPBACK, task: this.task, timeoutSeconds: check.timeoutSeconds, signal }),
      );
      return 'timedOut' in answer ? { ready: false, cause: timeoutCause(check.timeoutSeconds) } : answer.value;
    } catch (error) {
      return { ready: false, cause: causeOf(error) };
    }
  }

  private result(): HealthResult {
    const result: HealthResult = {};
    const failing = this.health.find((state) => state.healthy === false);
    if (failing) Object.assign(result, { healthy: false, cause: failing.cause });
    else if (this.health.length > 0 && this.health.every((state) => state.healthy === true)) result.healthy = true;
    if (this.readinessPassed.length > 0 && this.readinessPassed.every(Boolean)) result.ready = true;
    return result;
  }

  private report(): void {
    const result = this.result();
    const last = this.reported;
    if (result.healthy === last.healthy && result.cause === last.cause && result.ready === last.ready) return;
    this.reported = result;
    this.reports.changed(result);
  }
}

const causeOf = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'the check failed';
