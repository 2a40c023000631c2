import { recordChange } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { lockApp } from './store.ts';

/**
 * Marathon's delay reset: the app's crash-loop backoff ends now, so its
 * tasks launch at the control loop's next pass (the event wakes it). False
 * when the app had no delay to reset.
 */
export function resetLaunchDelay(prisma: PrismaClient, appId: string): Promise<boolean> {
  return recordChange(prisma, async (tx, emit) => {
    const app = await lockApp(tx, appId);
    if (!app.launchDelayUntil || app.launchDelayUntil <= new Date()) return false;
    await tx.app.update({ where: { id: appId }, data: { launchDelayUntil: null, launchDelaySeconds: null } });
    emit({ type: 'app.delayReset', subject: appId, payload: { appId } });
    return true;
  });
}
