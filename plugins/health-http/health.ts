import type { HealthChecker } from '../../src/plugin-api/index.ts';
import { probe, type Scheme } from './probe.ts';

/** Healthy on 200-399 (Marathon); 1xx is discarded when the check sets ignoreHttp1xx. */
export function httpHealth(scheme: Scheme): HealthChecker {
  return async ({ check, host, port, signal }) => {
    if (port === undefined) return { healthy: false, cause: 'the check names no port' };
    const status = await probe(scheme, host, port, check.path ?? '/', signal);
    const observed = { statusCode: status };
    if (status >= 200 && status < 400) return { healthy: true, observed };
    if (status < 200 && check.ignoreHttp1xx) return { ignored: true, observed };
    return { healthy: false, cause: `HTTP ${status}`, observed };
  };
}
