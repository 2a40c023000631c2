import type { LaunchSpec, ServiceBinding } from '../agent/index.ts';
import type { AppSpec } from '../apps/index.ts';
import type { Task } from '../generated/prisma/client.ts';

/**
 * What an agent needs to run `task`, from the app version it was placed for, its environment (with
 * its secrets' values: taskEnvironment), and the service ports of the app's dependencies.
 */
export function launchSpecOf(
  task: Pick<Task, 'id' | 'appId' | 'appVersion' | 'ports'>,
  spec: AppSpec,
  environment: { env: Record<string, string>; secretVariables: string[] },
  services: ServiceBinding[] = [],
): LaunchSpec {
  return {
    taskId: task.id,
    appId: task.appId,
    appVersion: task.appVersion,
    cmd: spec.cmd,
    args: spec.args,
    user: spec.user,
    env: environment.env,
    ...(environment.secretVariables.length > 0 && { secretEnv: environment.secretVariables }),
    ports: task.ports,
    portNames: spec.portDefinitions.map((definition) => definition.name),
    fetch: spec.fetch,
    healthChecks: spec.healthChecks,
    readinessChecks: spec.readinessChecks.map((check) => ({ ...check, portName: check.portName ?? 'http-api' })),
    ...(spec.check && { check: spec.check }),
    killGracePeriodSeconds: spec.taskKillGracePeriodSeconds,
    cpus: spec.cpus,
    mem: spec.mem,
    disk: spec.disk,
    ...(services.length > 0 && { services }),
  };
}
