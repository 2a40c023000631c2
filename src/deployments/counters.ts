/** Where deployments' ends are reported, for the gateway's /metrics. */
export interface DeploymentCounters {
  /** A deployment succeeded, `seconds` after it started. */
  deploymentSucceeded(seconds: number): void;
}
