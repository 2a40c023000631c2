import type { HealthCheckOutcome } from '../../plugin-api/index.ts';
import type { HealthCheckSpec } from '../protocol.ts';

/**
 * One health check's verdict over time, with Marathon's rules: failures do not
 * count inside the grace period until the first success; after that,
 * maxConsecutiveFailures failures in a row (0: never) mean the task must go.
 * Pure, so the rules are tested without timers.
 */
export class HealthCheckState {
  /** undefined until a result counts */
  healthy: boolean | undefined;
  cause: string | undefined;
  private succeededOnce = false;
  private failures = 0;

  constructor(
    private readonly check: Pick<HealthCheckSpec, 'gracePeriodSeconds' | 'maxConsecutiveFailures'>,
    private readonly startedAt: number,
  ) {}

  /** Applies one result; answers why the task must be killed, when it must. */
  record(outcome: HealthCheckOutcome, now: number): { kill?: string } {
    if ('ignored' in outcome) return {};
    if (outcome.healthy) {
      this.succeededOnce = true;
      this.failures = 0;
      this.healthy = true;
      this.cause = undefined;
      return {};
    }
    if (!this.succeededOnce && now < this.startedAt + this.check.gracePeriodSeconds * 1000) return {};
    this.failures += 1;
    this.healthy = false;
    this.cause = outcome.cause;
    const limit = this.check.maxConsecutiveFailures;
    return limit > 0 && this.failures >= limit ? { kill: `failed ${this.failures} consecutive health checks: ${outcome.cause}` } : {};
  }

  /** A verdict that needs no checking: the agent cannot run this check at all. */
  fail(cause: string): void {
    this.healthy = false;
    this.cause = cause;
  }
}
