import type { AppSpec } from '../apps/index.ts';
import type { App } from '../generated/prisma/client.ts';

/** A task that stays up this long proves the app healthy again: its launch delay resets. */
export const STABLE_AFTER_MS = 10_000;

/** The next launch delay after a failure: backoffSeconds, then times backoffFactor, up to maxLaunchDelaySeconds (Marathon). */
export function nextLaunchDelay(app: Pick<App, 'launchDelaySeconds'>, spec: AppSpec, now = new Date()): { launchDelaySeconds: number; launchDelayUntil: Date } {
  const seconds = app.launchDelaySeconds ? Math.min(app.launchDelaySeconds * spec.backoffFactor, spec.maxLaunchDelaySeconds) : spec.backoffSeconds;
  return { launchDelaySeconds: seconds, launchDelayUntil: new Date(now.getTime() + seconds * 1000) };
}
