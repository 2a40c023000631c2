export class DeploymentNotFound extends Error {
  override name = 'DeploymentNotFound';
  constructor(readonly deploymentId: string) {
    super(`deployment ${deploymentId} does not exist`);
  }
}

/** Only a running deployment can be canceled. */
export class DeploymentNotRunning extends Error {
  override name = 'DeploymentNotRunning';
  constructor(
    readonly deploymentId: string,
    readonly status: string,
  ) {
    super(`deployment ${deploymentId} is ${status.toLowerCase()}, not running: nothing to cancel`);
  }
}
