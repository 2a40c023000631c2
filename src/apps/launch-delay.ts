import { recordChange } from '../events/index.ts';
import type { App, PrismaClient } from '../generated/prisma/client.ts';
import type { AppSpec } from './spec.ts';
import { lockApp } from './store.ts';

/** When the app's crash-loop delay ends, if it is still in force at `now`; null when its tasks may launch. */
export function launchDelayInForce(app: Pick<App, 'launchDelayUntil'>, now = new Date()): Date | null {
  return app.launchDelayUntil && app.launchDelayUntil > now ? app.launchDelayUntil : null;
}

/**
 * Marathon's delay reset: the app's crash-loop backoff ends now, so its
 * tasks launch at the control loop's next pass (the event wakes it). False
 * when the app had no delay to reset.
 */
export function resetLaunchDelay(prisma: PrismaClient, appId: string): Promise<boolean> {
  return recordChange(prisma, async (tx, emit) => {
    const app = await lockApp(tx, appId);
    if (!launchDelayInForce(app)) return false;
    await tx.app.update({ where: { id: appId }, data: { launchDelayUntil: null, launchDelaySeconds: null } });
    emit({ type: 'app.delayReset', subject: appId, payload: { appId } });
    return true;
  });
}

/** A task that stays up this long proves the app healthy again: its launch delay resets. */
export const STABLE_AFTER_MS = 10_000;

/** The next launch delay after a failure: backoffSeconds, then times backoffFactor, up to maxLaunchDelaySeconds (Marathon). */
export function nextLaunchDelay(app: Pick<App, 'launchDelaySeconds'>, spec: AppSpec, now = new Date()): { launchDelaySeconds: number; launchDelayUntil: Date } {
  const seconds = app.launchDelaySeconds ? Math.min(app.launchDelaySeconds * spec.backoffFactor, spec.maxLaunchDelaySeconds) : spec.backoffSeconds;
  return { launchDelaySeconds: seconds, launchDelayUntil: new Date(now.getTime() + seconds * 1000) };
}
