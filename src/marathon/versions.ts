import type { PrismaClient } from '../generated/prisma/client.ts';
import { MarathonError } from './errors.ts';

// Marathon names an app's versions by the time they were made
// ("2026-11-28T10:00:00.000Z"); Corral numbers them (1, 2, ...). A version's
// time is its AppVersion row's createdAt: the two name the same row.

/** The versions of an app as Marathon shows them, newest first. */
export async function versionTimes(prisma: PrismaClient, appId: string): Promise<string[]> {
  const rows = await prisma.appVersion.findMany({ where: { appId }, select: { createdAt: true }, orderBy: { version: 'desc' } });
  return rows.map((row) => row.createdAt.toISOString());
}

/** The time of one version (ISO-8601), or undefined when the app has no such version. */
export async function versionTime(prisma: PrismaClient, appId: string, version: number): Promise<string | undefined> {
  const row = await prisma.appVersion.findUnique({ where: { appId_version: { appId, version } }, select: { createdAt: true } });
  return row?.createdAt.toISOString();
}

/**
 * The number of the version a client names: Marathon's timestamp, or
 * Corral's integer. 404 (Marathon's words) when the app has none such;
 * 422 naming `field` when the value is neither.
 */
export async function versionNumber(prisma: PrismaClient, appId: string, given: unknown, field = '/version'): Promise<number> {
  if (typeof given === 'number' || (typeof given === 'string' && /^\d+$/.test(given))) {
    const version = Number(given);
    if (Number.isSafeInteger(version) && version > 0) return version;
  }
  const at = typeof given === 'string' ? new Date(given) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw new MarathonError(422, {
      message: 'Object is not valid',
      details: [{ path: field, errors: ["must be one of the app's versions: an ISO-8601 time from GET /v2/apps/{id}/versions (or Corral's version number)"] }],
    });
  }
  const row = await prisma.appVersion.findFirst({ where: { appId, createdAt: at }, select: { version: true }, orderBy: { version: 'desc' } });
  if (!row) throw new MarathonError(404, { message: `Version '${String(given)}' of app '${appId}' does not exist` });
  return row.version;
}

/** What the app JSON shows of an app's history: its version, when it last scaled and last changed otherwise. */
export interface VersionInfo {
  /** The time of the version in force */
  version: string;
  lastScalingAt: string;
  lastConfigChangeAt: string;
  /** The number of the version of the last change other than a scale (tasks of it or later run the latest config) */
  configVersion: number;
}

/**
 * The version info of many apps in one statement. A version changes the
 * config when its definition differs from the one before it but for
 * `instances`, or when it restarts the app (Marathon's restart is a config
 * change too); every other version is a scale.
 */
export async function versionInfos(prisma: PrismaClient, appIds: string[]): Promise<Map<string, VersionInfo>> {
  if (appIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ appId: string; versionAt: Date; configAt: Date; configVersion: number }[]>`
    WITH versions AS (
      SELECT v."appId", v.version, v."createdAt",
             (v.spec - 'instances') IS DISTINCT FROM LAG(v.spec - 'instances') OVER (PARTITION BY v."appId" ORDER BY v.version)
               OR EXISTS (SELECT 1 FROM "Deployment" d WHERE d."appId" = v."appId" AND d."toVersion" = v.version AND d.kind = 'RESTART') AS "changesConfig"
      FROM "AppVersion" v WHERE v."appId" = ANY(${appIds}::text[])
    )
    SELECT v."appId",
           max(v."createdAt") FILTER (WHERE v.version = a.version) AS "versionAt",
           max(v."createdAt") FILTER (WHERE v."changesConfig" AND v.version <= a.version) AS "configAt",
           max(v.version) FILTER (WHERE v."changesConfig" AND v.version <= a.version) AS "configVersion"
    FROM versions v JOIN "App" a ON a.id = v."appId"
    GROUP BY v."appId"`;
  return new Map(
    rows.map((row) => {
      const version = new Date(row.versionAt).toISOString();
      return [
        row.appId,
        {
          version,
          lastScalingAt: version,
          lastConfigChangeAt: new Date(row.configAt ?? row.versionAt).toISOString(),
          configVersion: Number(row.configVersion ?? 1),
        },
      ];
    }),
  );
}
