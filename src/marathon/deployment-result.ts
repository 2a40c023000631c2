import { randomUUID } from 'node:crypto';
import type { AppChange } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { MarathonReply } from './route.ts';
import { versionTime } from './versions.ts';

/** One app's part of a change: the version it made (or, deleted, when) and the deployment carrying it out. */
export interface Deployed {
  appId: string;
  version: number;
  deletedAt?: Date | null;
  deploymentId?: string;
  warnings?: string[];
}

export const deployedOf = (change: AppChange): Deployed => ({
  appId: change.app.id,
  version: change.app.version,
  deletedAt: change.app.deletedAt,
  deploymentId: change.deployment?.id,
  warnings: change.warnings,
});

/**
 * Marathon's answer to a change: {version, deploymentId} and the
 * Marathon-Deployment-Id header. A change that changed nothing names a
 * deployment that is already over, as Marathon's empty plan is; Corral
 * deploys each app on its own, so a change of many names the first app's
 * deployment (GET /v2/deployments lists each).
 */
export async function deploymentResult(prisma: PrismaClient, changes: Deployed[], status = 200, headers: Record<string, string> = {}): Promise<MarathonReply> {
  const made = changes.find((change) => change.deploymentId) ?? changes[0];
  const at = made?.deletedAt ?? (made && (await versionTime(prisma, made.appId, made.version)));
  const deploymentId = made?.deploymentId ?? randomUUID();
  const version = at instanceof Date ? at.toISOString() : (at ?? new Date().toISOString());
  return { status, body: { version, deploymentId }, headers: { 'marathon-deployment-id': deploymentId, ...warningHeaders(changes), ...headers } };
}

/**
 * What Corral ignored in a definition ("executor: ... ignored"), as HTTP
 * Warning headers: Marathon's clients build objects from every key of the
 * body, so the body carries only Marathon's keys.
 */
export function warningHeaders(changes: { warnings?: string[] }[]): Record<string, string> {
  const warnings = changes.flatMap((change) => change.warnings ?? []);
  if (warnings.length === 0) return {};
  return { warning: warnings.map((warning) => `299 corral ${JSON.stringify(warning.replace(/[^\x20-\x7e]+/g, ' '))}`).join(', ') };
}
