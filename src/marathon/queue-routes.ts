import { launchDelayInForce, resetLaunchDelay, specOf } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appIdOf } from './app-path.ts';
import { marathonApps } from './app-json.ts';
import { MarathonError } from './errors.ts';
import { ok, type MarathonReply, type MarathonRequest, type MarathonRoute } from './route.ts';
import { wanted } from '../tasks/index.ts';

interface Waiting {
  appId: string;
  /** Instances of the version in force not yet placed */
  count: number;
  delayedUntil: Date | null;
  failures: Record<string, number> | null;
  since: Date;
}

/**
 * The apps with instances waiting for a place or for their launch delay
 * (Marathon's launch queue): those short of tasks of the version in force,
 * or held back by a crash-loop delay. Two statements whatever their number.
 */
async function waitingApps(prisma: PrismaClient, appId?: string): Promise<Waiting[]> {
  const [apps, placed] = await Promise.all([
    prisma.app.findMany({
      where: { deletedAt: null, ...(appId && { id: appId }) },
      select: { id: true, spec: true, version: true, launchDelayUntil: true, placementFailures: true, updatedAt: true },
      orderBy: { id: 'asc' },
    }),
    prisma.task.groupBy({
      by: ['appId', 'appVersion'],
      where: { ...wanted, ...(appId && { appId }) },
      _count: { _all: true },
    }),
  ]);
  const now = new Date();
  const placedOf = new Map(placed.map((row) => [`${row.appId}@${row.appVersion}`, row._count._all]));
  return apps.flatMap((app) => {
    const current = placedOf.get(`${app.id}@${app.version}`) ?? 0;
    const count = Math.max(0, specOf(app).instances - current);
    const delayedUntil = launchDelayInForce(app, now);
    if (count === 0 && !delayedUntil) return [];
    return [{ appId: app.id, count, delayedUntil, failures: app.placementFailures as Record<string, number> | null, since: app.updatedAt }];
  });
}

/** GET /v2/queue: {queue: [{app, count, delay, since, processedOffersSummary}]}, an agent standing for a Mesos offer. */
async function list({ deps }: MarathonRequest): Promise<MarathonReply> {
  const waiting = await waitingApps(deps.db.prisma);
  const apps = waiting.length === 0 ? [] : await marathonApps(deps.db.prisma, { id: { in: waiting.map((one) => one.appId) } }, new Set());
  const appOf = new Map(apps.map((app) => [app.id, app]));
  const now = Date.now();
  const queue = waiting.map((one) => {
    const timeLeftSeconds = one.delayedUntil ? Math.ceil((one.delayedUntil.getTime() - now) / 1000) : 0;
    const declined = Object.values(one.failures ?? {}).reduce((sum, agents) => sum + agents, 0);
    return {
      app: appOf.get(one.appId),
      count: one.count,
      delay: { timeLeftSeconds: Math.max(0, timeLeftSeconds), overdue: timeLeftSeconds <= 0 },
      since: one.since.toISOString(),
      processedOffersSummary: {
        processedOffersCount: declined,
        unusedOffersCount: declined,
        rejectSummaryLastOffers: Object.entries(one.failures ?? {}).map(([reason, agents]) => ({ reason, declined: agents, processed: agents })),
      },
    };
  });
  return ok({ queue });
}

/** DELETE /v2/queue/{id}/delay: 204; 404 when the app has no instance waiting (Marathon's words). */
async function resetDelay({ params, deps }: MarathonRequest): Promise<MarathonReply> {
  const id = appIdOf(params.id!);
  const [waiting] = await waitingApps(deps.db.prisma, id);
  if (!waiting) throw new MarathonError(404, { message: `Application ${id} not found in tasks queue.` });
  await resetLaunchDelay(deps.db.prisma, id);
  return { status: 204 };
}

export const queueRoutes: MarathonRoute[] = [
  { method: 'GET', path: /^\/v2\/queue\/?$/, role: 'VIEWER', handle: list },
  { method: 'DELETE', path: /^\/v2\/queue(?<id>\/.+?)\/delay\/?$/, role: 'OPERATOR', handle: resetDelay },
];
