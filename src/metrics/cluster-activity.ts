import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * What this gateway's control loop and agent API did, since it started: per
 * process, as Prometheus counters are (rate() and sum() across gateways make
 * the cluster's figures). Its methods are those of the cluster's
 * ClusterCounters.
 */
export class ClusterActivity {
  private readonly placed: Counter;
  private readonly launches: Histogram;
  private readonly statusUpdates: Counter;
  private readonly deployments: Histogram;
  private readonly passes: Histogram;

  constructor(registry: Registry) {
    this.placed = new Counter({ name: 'corral_tasks_placed_total', help: 'Tasks placed on agents by the control loop', registers: [registry] });
    this.launches = new Histogram({
      name: 'corral_task_launch_seconds',
      help: 'From a task being placed to its first RUNNING status reaching the gateway',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    });
    this.statusUpdates = new Counter({
      name: 'corral_status_updates_applied_total',
      help: 'Task status updates from agents applied (not counting those delivered again)',
      registers: [registry],
    });
    this.deployments = new Histogram({
      name: 'corral_deployment_duration_seconds',
      help: 'From a deployment starting to its success',
      buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    });
    this.passes = new Histogram({
      name: 'corral_control_loop_pass_seconds',
      help: 'How long a control loop pass took on the leading gateway: reading the cluster, deciding, writing the plan',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  tasksPlaced(count: number): void {
    this.placed.inc(count);
  }

  taskStarted(seconds: number): void {
    this.launches.observe(Math.max(0, seconds));
  }

  statusUpdatesApplied(count: number): void {
    if (count > 0) this.statusUpdates.inc(count);
  }

  passCompleted(seconds: number): void {
    this.passes.observe(seconds);
  }

  deploymentSucceeded(seconds: number): void {
    this.deployments.observe(Math.max(0, seconds));
  }
}
