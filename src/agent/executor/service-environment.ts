import type { ServiceBinding } from '../protocol.ts';

/**
 * How a task reaches the apps it depends on: through this machine's service
 * proxy, at CORRAL_SERVICE_HOST and CORRAL_SERVICE_<NAME>_PORT (the app's
 * first service port; _PORT_<PORT NAME> for each named one). <NAME> is the
 * app id (/shop/backend: SHOP_BACKEND) and, where no other dependency ends
 * the same way, its last segment (BACKEND), as Kubernetes names services.
 */
export function serviceEnvironment(services: readonly ServiceBinding[], serviceHost: string): Record<string, string> {
  if (services.length === 0) return {};
  const env: Record<string, string> = { CORRAL_SERVICE_HOST: serviceHost };
  const appsEndingIn = (segment: string) => new Set(services.filter((other) => lastSegment(other.appId) === segment).map((other) => other.appId)).size;
  for (const service of services) {
    const names = [envName(service.appId)];
    const short = lastSegment(service.appId);
    if (appsEndingIn(short) === 1 && envName(short) !== names[0]) names.push(envName(short));
    for (const name of names) {
      env[`CORRAL_SERVICE_${name}_PORT`] ??= String(service.servicePort);
      if (service.portName) env[`CORRAL_SERVICE_${name}_PORT_${envName(service.portName)}`] = String(service.servicePort);
    }
  }
  return env;
}

const lastSegment = (appId: string) => appId.split('/').filter(Boolean).at(-1) ?? appId;
const envName = (text: string) =>
  text
    .replace(/^\/+/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_');
