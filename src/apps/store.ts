import { isDeepStrictEqual } from 'node:util';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import { startDeployment, type DeploymentKind, type DeploymentWithSteps } from '../deployments/index.ts';
import type { App, PrismaClient } from '../generated/prisma/client.ts';
import { activeStates } from '../tasks/index.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { parseAppId } from './app-id.ts';
import { AppAlreadyExists, AppNotFound, AppStillStopping, AppVersionNotFound, InvalidAppDefinition } from './errors.ts';
import { parseAppDefinition } from './parse.ts';
import { instancesProblems } from './rules.ts';
import { assignServicePorts } from './service-ports.ts';
import { specOf, type AppSpec } from './spec.ts';

/** Parses a definition, or throws InvalidAppDefinition naming every problem. */
export function requireValidSpec(input: unknown): AppSpec {
  return readDefinition(input).spec;
}

/** The spec and what was ignored in it, or InvalidAppDefinition naming every problem. */
export function readDefinition(input: unknown): { spec: AppSpec; warnings: string[] } {
  const parsed = parseAppDefinition(input);
  if (!parsed.ok) throw new InvalidAppDefinition(parsed.errors);
  return parsed;
}

export function normalizeAppId(raw: string): string {
  const parsed = parseAppId(raw);
  if ('problem' in parsed) throw new InvalidAppDefinition([{ field: 'id', message: parsed.problem }]);
  return parsed.id;
}

const json = (spec: AppSpec) => spec as unknown as Prisma.InputJsonValue;

/** What a change did: the app as stored, and the deployment that carries it out (none when nothing changed). */
export interface AppChange {
  app: App;
  deployment: DeploymentWithSteps | null;
  /** What the definition held that Corral ignored ("executor: not a field Corral knows; ignored") */
  warnings?: string[];
}

/** Stores a new app as version 1 and starts its deployment. Used by createApp and by package installs (inside their own transaction). */
export async function insertApp(tx: Tx, emit: Emit, spec: AppSpec, installedPackageId?: string): Promise<AppChange> {
  await clearTombstone(tx, spec.id);
  spec = await assignServicePorts(tx, spec);
  // Apart, each INSERT answers with its row: as one nested write, the app was read again after both.
  const app = await tx.app.create({ data: { id: spec.id, spec: json(spec), version: 1, installedPackageId } });
  await tx.appVersion.create({ data: { appId: spec.id, version: 1, spec: json(spec) }, select: { id: true } });
  emit({ type: 'app.created', subject: spec.id, payload: { version: 1 } });
  return { app, deployment: await startDeployment(tx, emit, app, 'CREATE', null) };
}

export async function createApp(prisma: PrismaClient, input: unknown): Promise<AppChange> {
  const { spec, warnings } = readDefinition(input);
  return { ...(await recordChange(prisma, (tx, emit) => insertApp(tx, emit, spec))), warnings };
}

/**
 * Applies a change as Marathon's PUT does by default: the fields given replace
 * those stored, the rest stay. A change that changes nothing makes no version.
 */
export function updateApp(prisma: PrismaClient, rawId: string, changes: Record<string, unknown>): Promise<AppChange> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    const { spec, warnings } = readDefinition({ ...(current.spec as object), ...definedFields(changes), id });
    return { ...(await storeVersion(tx, emit, current, spec, { event: 'app.updated', kind: 'UPDATE' })), warnings };
  });
}

/**
 * Marathon's PUT without partialUpdate: `definition` replaces the stored one
 * whole (fields left out take their defaults), keeping the app's id.
 */
export function replaceApp(prisma: PrismaClient, rawId: string, definition: Record<string, unknown>): Promise<AppChange> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    const { spec, warnings } = readDefinition({ ...definition, id });
    return { ...(await storeVersion(tx, emit, current, spec, { event: 'app.updated', kind: 'UPDATE' })), warnings };
  });
}

export interface VersionChange {
  /** The event that records the change */
  event: 'app.updated' | 'app.scaled' | 'app.restarted' | 'app.rolledback';
  /** The deployment it starts; an UPDATE that changes only `instances` is a SCALE */
  kind: DeploymentKind;
  /** Make a version even when nothing changed (a restart) */
  force?: boolean;
}

/**
 * Makes `spec` the app's next version and starts its deployment (nothing,
 * when it equals the current one, unless `force`). Tasks whose version has
 * the same definition but for `instances` carry on as tasks of the new
 * version, as Marathon keeps tasks whose config did not change: scaling, or
 * rolling back to what runs, restarts nothing.
 */
export async function storeVersion(tx: Tx, emit: Emit, current: App, spec: AppSpec, { event, kind, force = false }: VersionChange): Promise<AppChange> {
  // Scales, restarts and rollbacks come here without a parse: an earlier version may hold more instances than the limit allows now.
  const overLimit = instancesProblems(spec.instances);
  if (overLimit.length > 0) throw new InvalidAppDefinition(overLimit);
  spec = await assignServicePorts(tx, spec, specOf(current));
  if (isDeepStrictEqual(current.spec, spec) && !force) return { app: current, deployment: null };
  const version = current.version + 1;
  await tx.appVersion.create({ data: { appId: current.id, version, spec: json(spec) } });
  const app = await tx.app.update({ where: { id: current.id }, data: { spec: json(spec), version, launchDelaySeconds: null, launchDelayUntil: null } });
  const adopted = force ? [] : await versionsLike(tx, current.id, spec);
  if (adopted.length > 0) await tx.task.updateMany({ where: { appId: current.id, appVersion: { in: adopted } }, data: { appVersion: version } });
  emit({ type: event, subject: current.id, payload: { fromVersion: current.version, toVersion: version, instances: spec.instances } });
  const scaleOnly = kind === 'UPDATE' && sameButInstances(specOf(current), spec);
  const deployment = await startDeployment(tx, emit, app, scaleOnly ? 'SCALE' : kind, current.version);
  return { app, deployment };
}

/** The versions with tasks still holding resources whose definition equals `spec` but for `instances`. */
async function versionsLike(tx: Tx, appId: string, spec: AppSpec): Promise<number[]> {
  const running = await tx.task.findMany({ where: { appId, state: { in: activeStates } }, distinct: ['appVersion'], select: { appVersion: true } });
  if (running.length === 0) return [];
  const versions = await tx.appVersion.findMany({ where: { appId, version: { in: running.map((task) => task.appVersion) } } });
  return versions.filter((candidate) => sameButInstances(specOf(candidate), spec)).map((candidate) => candidate.version);
}

const sameButInstances = (a: AppSpec, b: AppSpec) => isDeepStrictEqual({ ...a, instances: b.instances }, b);

/** Marathon's scale: only the number of instances changes; running tasks stay. */
export function scaleApp(prisma: PrismaClient, rawId: string, instances: number): Promise<AppChange> {
  if (!Number.isInteger(instances) || instances < 0) throw new InvalidAppDefinition([{ field: 'instances', message: 'must be a whole number >= 0' }]);
  const overLimit = instancesProblems(instances);
  if (overLimit.length > 0) throw new InvalidAppDefinition(overLimit);
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    return storeVersion(tx, emit, current, { ...specOf(current), instances }, { event: 'app.scaled', kind: 'SCALE' });
  });
}

/** Marathon's restart: a new version with the same definition, so every task is replaced, rolling. */
export function restartApp(prisma: PrismaClient, rawId: string): Promise<AppChange> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    return storeVersion(tx, emit, current, specOf(current), { event: 'app.restarted', kind: 'RESTART', force: true });
  });
}

/** Marathon's rollback: the definition of an earlier version becomes the next version, deployed rolling. */
export function rollbackApp(prisma: PrismaClient, rawId: string, version: number): Promise<AppChange> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    return rollBackTo(tx, emit, current, version);
  });
}

export async function rollBackTo(tx: Tx, emit: Emit, current: App, version: number): Promise<AppChange> {
  const earlier = await tx.appVersion.findUnique({ where: { appId_version: { appId: current.id, version } } });
  if (!earlier) throw new AppVersionNotFound(current.id, version);
  return storeVersion(tx, emit, current, specOf(earlier), { event: 'app.rolledback', kind: 'ROLLBACK' });
}

export function deleteApp(prisma: PrismaClient, rawId: string): Promise<AppChange> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, (tx, emit) => removeApp(tx, emit, id));
}

/**
 * Deletes an app inside a transaction (deleteApp, package uninstalls): it is
 * gone from the API at once, and a deployment stops its tasks; the row (with
 * its versions) goes once they have ended, so their ports stay taken until then.
 */
export async function removeApp(tx: Tx, emit: Emit, id: string): Promise<AppChange> {
  const current = await lockApp(tx, id);
  const app = await tx.app.update({ where: { id }, data: { deletedAt: new Date() } });
  emit({ type: 'app.deleted', subject: id, payload: { version: app.version } });
  return { app, deployment: await startDeployment(tx, emit, app, 'DELETE', current.version) };
}

/** A new app may take the id of a deleted one once the deleted one's tasks have stopped. */
async function clearTombstone(tx: Tx, id: string): Promise<void> {
  const existing = await tx.app.findUnique({ where: { id }, select: { deletedAt: true } });
  if (!existing) return;
  if (!existing.deletedAt) throw new AppAlreadyExists(id);
  if ((await tx.task.count({ where: { appId: id, state: { in: activeStates } } })) > 0) throw new AppStillStopping(id);
  await tx.app.delete({ where: { id } });
}

/** Reads the app and holds its row until the transaction ends, so concurrent changes queue up. */
export async function lockApp(tx: Tx, id: string): Promise<App> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "App" WHERE id = ${id} AND "deletedAt" IS NULL FOR UPDATE`;
  if (locked.length === 0) throw new AppNotFound(id);
  return tx.app.findUniqueOrThrow({ where: { id } });
}

function definedFields(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== null));
}
