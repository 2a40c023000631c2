import type { ReadinessChecker } from '../../src/plugin-api/index.ts';
import { probe, type Scheme } from './probe.ts';

/** Ready when the answer's status is one of httpStatusCodesForReady (Marathon). */
export function httpReadiness(scheme: Scheme): ReadinessChecker {
  return async ({ check, host, port, signal }) => {
    if (port === undefined) return { ready: false, cause: `the task has no port named "${check.portName}"` };
    const status = await probe(scheme, host, port, check.path, signal);
    return check.httpStatusCodesForReady.includes(status) ? { ready: true } : { ready: false, cause: `HTTP ${status}` };
  };
}
