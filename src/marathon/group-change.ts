import { randomUUID } from 'node:crypto';
import { appsInGroup, dependsOn, insertApp, lockApp, removeApp, storeVersion, type AppChange, type AppSpec, specOf } from '../apps/index.ts';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { App, PrismaClient } from '../generated/prisma/client.ts';
import { MarathonError } from './errors.ts';
import type { GroupPlan } from './group-body.ts';
import { parentOf, unknownGroup } from './group-ids.ts';

/** Marathon's answer to a group change: the version it made and the deployment that carries it out. */
export interface GroupChange {
  version: string;
  deploymentId: string;
}

type Change = (tx: Tx, emit: Emit) => Promise<AppChange[]>;

/**
 * Runs a change to many apps in one transaction, and gives the app versions it
 * made one time, the group's new version: rolling the group back to it later
 * finds every app as the change left it. Corral deploys each app on its own:
 * the answer names the first app's deployment (a change that changes nothing
 * names a deployment that is already over, as Marathon's empty plan is).
 */
async function changeGroup(prisma: PrismaClient, change: Change): Promise<GroupChange> {
  const at = new Date();
  const changes = await recordChange(prisma, async (tx, emit) => {
    const made = await change(tx, emit);
    const versions = made.filter((one) => one.deployment && !one.app.deletedAt).map((one) => ({ appId: one.app.id, version: one.app.version }));
    if (versions.length > 0) await tx.appVersion.updateMany({ where: { OR: versions }, data: { createdAt: at } });
    return made;
  });
  const deployment = changes.find((one) => one.deployment)?.deployment;
  return { version: at.toISOString(), deploymentId: deployment?.id ?? randomUUID() };
}

/** POST /v2/groups: every app of the group is created, in one transaction; dependencies first. */
export function createGroup(prisma: PrismaClient, plan: GroupPlan): Promise<GroupChange> {
  if (plan.specs.length === 0) {
    throw new MarathonError(422, {
      message: 'Object is not valid',
      details: [{ path: '/apps', errors: ['a group needs at least one app: Corral keeps groups as the apps under a path, so an empty group cannot be kept'] }],
    });
  }
  return changeGroup(prisma, async (tx, emit) => {
    const taken = await tx.app.findFirst({ where: { OR: [appsInGroup(plan.id), { id: plan.id, deletedAt: null }] }, select: { id: true } });
    if (taken?.id === plan.id) throw new MarathonError(409, { message: `An app with id [${plan.id}] already exists: a group cannot take its path.` });
    if (taken) throw new MarathonError(409, { message: `Group ${plan.id} is already created. Use PUT to change this group.` });
    const made: AppChange[] = [];
    for (const spec of dependenciesFirst(plan.specs)) made.push(await insertApp(tx, emit, spec));
    return made;
  });
}

/**
 * PUT /v2/groups/{id}: each app given is created or replaced by its
 * definition; an app no longer listed where its group's apps (or groups) are
 * listed is removed, as Marathon does. An unknown group is created.
 */
export function updateGroup(prisma: PrismaClient, plan: GroupPlan): Promise<GroupChange> {
  return changeGroup(prisma, async (tx, emit) => {
    const existing = await tx.app.findMany({ where: appsInGroup(plan.id), orderBy: { id: 'asc' } });
    const given = new Set(plan.specs.map((spec) => spec.id));
    const made: AppChange[] = [];
    for (const app of existing.filter((one) => !given.has(one.id) && !kept(plan, one.id))) made.push(await removeApp(tx, emit, app.id));
    for (const spec of dependenciesFirst(plan.specs)) {
      const current = existing.find((app) => app.id === spec.id);
      made.push(
        current ? await storeVersion(tx, emit, await lockApp(tx, spec.id), spec, { event: 'app.updated', kind: 'UPDATE' }) : await insertApp(tx, emit, spec),
      );
    }
    return made;
  });
}

/**
 * Whether an app the body does not give stays: walking up from it to the group
 * changed, its own group's `apps` list, or a `groups` list above, leaves it out.
 */
function kept(plan: GroupPlan, appId: string): boolean {
  for (let member = appId, group = parentOf(appId); ; member = group, group = parentOf(group)) {
    const described = plan.described.get(group);
    const listed = member === appId ? described?.apps : described?.groups;
    if (listed && !listed.has(member)) return false;
    if (group === plan.id || group === '/') return true;
  }
}

/** {scaleBy}: every app under the group gets its instances times the factor, rounded up (Marathon's rule). */
export function scaleGroup(prisma: PrismaClient, groupId: string, factor: number): Promise<GroupChange> {
  return changeGroup(prisma, async (tx, emit) => {
    const apps = await existingApps(tx, groupId);
    const made: AppChange[] = [];
    for (const app of apps) {
      const spec = specOf(app);
      made.push(
        await storeVersion(
          tx,
          emit,
          await lockApp(tx, app.id),
          { ...spec, instances: Math.ceil(spec.instances * factor) },
          { event: 'app.scaled', kind: 'SCALE' },
        ),
      );
    }
    return made;
  });
}

/**
 * {version}: every app under the group goes back to the definition it had at
 * that version; an app made since is removed. An app deleted since cannot come
 * back: Corral keeps no definition of a deleted app.
 */
export function rollBackGroup(prisma: PrismaClient, groupId: string, version: Date): Promise<GroupChange> {
  return changeGroup(prisma, async (tx, emit) => {
    const apps = await existingApps(tx, groupId);
    const wasThen = await tx.appVersion.findMany({
      where: { appId: { in: apps.map((app) => app.id) }, createdAt: { lte: version } },
      orderBy: { version: 'desc' },
    });
    if (!wasThen.some((row) => row.createdAt.getTime() === version.getTime()))
      throw new MarathonError(404, { message: `Group ${groupId} has no version ${version.toISOString()}` });
    const made: AppChange[] = [];
    for (const app of apps) {
      const earlier = wasThen.find((row) => row.appId === app.id);
      if (!earlier) made.push(await removeApp(tx, emit, app.id));
      else made.push(await storeVersion(tx, emit, await lockApp(tx, app.id), specOf(earlier), { event: 'app.rolledback', kind: 'ROLLBACK' }));
    }
    return made;
  });
}

/** DELETE /v2/groups/{id}: every app under it is deleted, in one transaction. */
export function deleteGroup(prisma: PrismaClient, groupId: string): Promise<GroupChange> {
  return changeGroup(prisma, async (tx, emit) => {
    const apps = await existingApps(tx, groupId);
    const made: AppChange[] = [];
    for (const app of apps) made.push(await removeApp(tx, emit, app.id));
    return made;
  });
}

async function existingApps(tx: Tx, groupId: string): Promise<App[]> {
  const apps = await tx.app.findMany({ where: appsInGroup(groupId), orderBy: { id: 'asc' } });
  if (apps.length === 0) throw unknownGroup(groupId);
  return apps;
}

/** The apps in an order where each comes after those it depends on (a cycle keeps the given order: the store then says what is missing). */
function dependenciesFirst(specs: AppSpec[]): AppSpec[] {
  const left = [...specs];
  const ordered: AppSpec[] = [];
  while (left.length > 0) {
    const next = left.findIndex((spec) => !left.some((other) => other !== spec && dependsOn(spec, other.id)));
    ordered.push(...left.splice(Math.max(next, 0), 1));
  }
  return ordered;
}
