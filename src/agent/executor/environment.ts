import type { TaskUser } from '../../plugin-api/index.ts';
import type { LaunchSpec } from '../protocol.ts';
import { serviceEnvironment } from './service-environment.ts';

/** The task's environment: Corral's variables, and Mesos' and Marathon's for programs written for them. */
export function taskEnvironment(spec: LaunchSpec, sandbox: string, hostname: string, serviceHost = '127.0.0.1', user?: TaskUser): Record<string, string> {
  const ports: Record<string, string> = {};
  spec.ports.forEach((port, index) => {
    ports[`PORT${index}`] = String(port);
    const name = spec.portNames[index];
    if (name) ports[`PORT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = String(port);
  });
  return {
    ...inheritedEnvironment(),
    // The agent's own HOME (root's) would be wrong, and unwritable, for a task run as another user.
    ...(user && { HOME: user.home, USER: user.name, LOGNAME: user.name }),
    ...spec.env,
    ...serviceEnvironment(spec.services ?? [], serviceHost),
    ...ports,
    ...(spec.ports.length > 0 && { PORT: String(spec.ports[0]) }),
    PORTS: spec.ports.join(','),
    HOST: hostname,
    CORRAL_TASK_ID: spec.taskId,
    CORRAL_APP_ID: spec.appId,
    CORRAL_APP_VERSION: String(spec.appVersion),
    CORRAL_SANDBOX: sandbox,
    MESOS_SANDBOX: sandbox,
    MESOS_TASK_ID: spec.taskId,
    MARATHON_APP_ID: spec.appId,
    MARATHON_APP_VERSION: String(spec.appVersion),
  };
}

/** The agent's own environment, less what only concerns the agent (its token). */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^CORRAL_(AGENT_)?TOKEN$/.test(name)) env[name] = value;
  }
  return env;
}
