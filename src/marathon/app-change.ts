import {
  createApp,
  InvalidAppDefinition,
  insertApp,
  lockApp,
  readDefinition,
  replaceApp,
  rollbackApp,
  storeVersion,
  updateApp,
  AppNotFound,
  type AppChange,
  specOf,
  marathonOutputFields,
} from '../apps/index.ts';
import { recordChange, type Emit, type Tx } from '../events/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { MarathonError } from './errors.ts';
import { versionNumber } from './versions.ts';

/** How a PUT or PATCH changes an app: Marathon's partialUpdate (fields given replace those stored) or a whole replacement. */
export interface ChangeMode {
  partial: boolean;
  /** PUT creates an app it does not find; PATCH answers 404 */
  mayCreate: boolean;
}

/** What Marathon shows and ignores on input: with `version` in a body they are no other change. */
// With `version` (a rollback), Marathon allows `id` and the fields of its own answers besides.
const readOnlyFields = new Set(['id', ...marathonOutputFields]);

export const invalidAt = (path: string, problem: string) => new MarathonError(422, { message: 'Object is not valid', details: [{ path, errors: [problem] }] });

/** A body that must be one app definition: a JSON object. */
export function appBody(body: unknown, path = '/'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidAt(path, 'must be an app definition: a JSON object');
  return body as Record<string, unknown>;
}

/**
 * PUT /v2/apps/{id} or PATCH: `{version}` rolls back to that version
 * (Marathon's rollback), else the body changes the app, or creates it when
 * PUT does not find it (201). Each is one transaction of the store.
 */
export async function changeApp(
  prisma: PrismaClient,
  id: string,
  body: Record<string, unknown>,
  mode: ChangeMode,
): Promise<{ change: AppChange; created: boolean }> {
  if (body.version !== undefined && body.version !== null) {
    if (Object.keys(body).some((key) => !readOnlyFields.has(key))) throw invalidAt('/version', "The 'version' field may only be combined with the 'id' field.");
    return { change: await rollbackApp(prisma, id, await versionNumber(prisma, id, body.version)), created: false };
  }
  try {
    const change = mode.partial ? await updateApp(prisma, id, body) : await replaceApp(prisma, id, body);
    return { change, created: false };
  } catch (error) {
    if (!(error instanceof AppNotFound) || !mode.mayCreate) throw error;
    return { change: await createApp(prisma, { ...body, id }), created: true };
  }
}

/**
 * PUT or PATCH /v2/apps with an array: every app changed (or, for PUT,
 * created) in one transaction, so one refused definition changes none.
 */
export function changeApps(
  prisma: PrismaClient,
  bodies: Record<string, unknown>[],
  mode: ChangeMode,
  idOf: (raw: unknown, index: number) => string,
): Promise<AppChange[]> {
  const ids = bodies.map((body, index) => idOf(body.id, index));
  return recordChange(prisma, async (tx, emit) => {
    const changes: AppChange[] = [];
    for (const [index, body] of bodies.entries()) changes.push(await atIndex(index, () => changeOne(tx, emit, ids[index]!, body, mode)));
    return changes;
  });
}

async function changeOne(tx: Tx, emit: Emit, id: string, body: Record<string, unknown>, mode: ChangeMode): Promise<AppChange> {
  const current = await tx.app.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
  if (!current && !mode.mayCreate) throw new AppNotFound(id);
  if (!current) {
    const { spec, warnings } = readDefinition({ ...body, id });
    return { ...(await insertApp(tx, emit, spec)), warnings };
  }
  const app = await lockApp(tx, id);
  // updateApp's merge: the fields given (not null) replace those stored.
  const given = mode.partial ? Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== null)) : body;
  const { spec, warnings } = readDefinition({ ...(mode.partial ? specOf(app) : {}), ...given, id });
  return { ...(await storeVersion(tx, emit, app, spec, { event: 'app.updated', kind: 'UPDATE' })), warnings };
}

/** A refused definition of the array names its fields under its index: /1/cpus. */
async function atIndex<T>(index: number, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof InvalidAppDefinition)
      throw new InvalidAppDefinition(error.fields.map((field) => ({ ...field, field: `[${index}]${field.field ? `.${field.field}` : ''}` })));
    throw error;
  }
}
