import { isDeepStrictEqual } from 'node:util';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { App, PrismaClient } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { parseAppId } from './app-id.ts';
import { AppAlreadyExists, AppNotFound, InvalidAppDefinition } from './errors.ts';
import { parseAppDefinition } from './parse.ts';
import type { AppSpec } from './spec.ts';

/** Parses a definition, or throws InvalidAppDefinition naming every problem. */
export function requireValidSpec(input: unknown): AppSpec {
  const parsed = parseAppDefinition(input);
  if (!parsed.ok) throw new InvalidAppDefinition(parsed.errors);
  return parsed.spec;
}

export function normalizeAppId(raw: string): string {
  const parsed = parseAppId(raw);
  if ('problem' in parsed) throw new InvalidAppDefinition([{ field: 'id', message: parsed.problem }]);
  return parsed.id;
}

const json = (spec: AppSpec) => spec as unknown as Prisma.InputJsonValue;

/** Stores a new app as version 1. Used by createApp and by package installs (inside their own transaction). */
export async function insertApp(tx: Tx, emit: Emit, spec: AppSpec, installedPackageId?: string): Promise<App> {
  if (await tx.app.findUnique({ where: { id: spec.id }, select: { id: true } })) throw new AppAlreadyExists(spec.id);
  const app = await tx.app.create({
    data: { id: spec.id, spec: json(spec), version: 1, installedPackageId, versions: { create: { version: 1, spec: json(spec) } } },
  });
  emit({ type: 'app.created', subject: spec.id, payload: { version: 1 } });
  return app;
}

export function createApp(prisma: PrismaClient, input: unknown): Promise<App> {
  const spec = requireValidSpec(input);
  return recordChange(prisma, (tx, emit) => insertApp(tx, emit, spec));
}

/**
 * Applies a change as Marathon's PUT does by default: the fields given replace
 * those stored, the rest stay. A change that changes nothing makes no version.
 */
export function updateApp(prisma: PrismaClient, rawId: string, changes: Record<string, unknown>): Promise<App> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    const spec = requireValidSpec({ ...(current.spec as object), ...definedFields(changes), id });
    return storeVersion(tx, emit, current, spec, 'app.updated');
  });
}

/**
 * Makes `spec` the app's next version (no-op when it equals the current one,
 * unless `force`: a restart). A change of `instances` alone keeps the tasks:
 * they carry on as tasks of the new version, so scaling restarts nothing.
 */
export async function storeVersion(tx: Tx, emit: Emit, current: App, spec: AppSpec, eventType: string, force = false): Promise<App> {
  if (isDeepStrictEqual(current.spec, spec) && !force) return current;
  const version = current.version + 1;
  await tx.appVersion.create({ data: { appId: current.id, version, spec: json(spec) } });
  const app = await tx.app.update({ where: { id: current.id }, data: { spec: json(spec), version, launchDelaySeconds: null, launchDelayUntil: null } });
  if (!force && isDeepStrictEqual({ ...(current.spec as object), instances: spec.instances }, spec)) {
    await tx.task.updateMany({ where: { appId: current.id, appVersion: current.version }, data: { appVersion: version } });
  }
  emit({ type: eventType, subject: current.id, payload: { fromVersion: current.version, toVersion: version, instances: spec.instances } });
  return app;
}

/** Marathon's scale: only the number of instances changes; running tasks stay. */
export function scaleApp(prisma: PrismaClient, rawId: string, instances: number): Promise<App> {
  if (!Number.isInteger(instances) || instances < 0) throw new InvalidAppDefinition([{ field: 'instances', message: 'must be a whole number >= 0' }]);
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    return storeVersion(tx, emit, current, { ...(current.spec as unknown as AppSpec), instances }, 'app.scaled');
  });
}

/** Marathon's restart: a new version with the same definition, so every task is replaced, rolling. */
export function restartApp(prisma: PrismaClient, rawId: string): Promise<App> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const current = await lockApp(tx, id);
    return storeVersion(tx, emit, current, current.spec as unknown as AppSpec, 'app.restarted', true);
  });
}

export function deleteApp(prisma: PrismaClient, rawId: string): Promise<App> {
  const id = normalizeAppId(rawId);
  return recordChange(prisma, async (tx, emit) => {
    const app = await lockApp(tx, id);
    await tx.app.delete({ where: { id } });
    emit({ type: 'app.deleted', subject: id, payload: { version: app.version } });
    return app;
  });
}

/** Reads the app and holds its row until the transaction ends, so concurrent changes queue up. */
export async function lockApp(tx: Tx, id: string): Promise<App> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "App" WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) throw new AppNotFound(id);
  return tx.app.findUniqueOrThrow({ where: { id } });
}

function definedFields(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== null));
}
