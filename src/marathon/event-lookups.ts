import { type AppSpec, specOf } from '../apps/index.ts';
import type { DeploymentWithSteps } from '../deployments/index.ts';
import type { Event, PrismaClient } from '../generated/prisma/client.ts';
import { actionOf, marathonDeployments } from './deployment-json.ts';

/** Where a task runs, which the log's task.status and task.health events do not repeat. */
export interface TaskPlace {
  appId: string;
  agentId: string | null;
  host: string;
  ports: number[];
  appVersion: number;
}

/** A deployment as Marathon's events show it, with what Corral knows of its steps. */
export interface DeploymentFacts {
  id: string;
  appId: string;
  kind: string;
  fromVersion: number | null;
  toVersion: number;
  /** GET /v2/deployments's JSON of it: id, version, steps */
  marathon: { id: string; version: string; steps: { actions: { action: string; app: string }[] }[] };
  /** Position of the first step not done (the one a cancel interrupted), or -1 */
  unfinishedStep: number;
}

/** What a batch of log events needs beyond their payloads, read in a few statements whatever their number. */
export interface EventLookups {
  task(taskId: string): TaskPlace | undefined;
  deployment(id: string): DeploymentFacts | undefined;
  /** The app's definition at `version` and when it was made (Marathon's version), if still stored */
  version(appId: string, version: number): { spec: AppSpec; createdAt: Date } | undefined;
}

const TASK_EVENTS = new Set(['task.status', 'task.health', 'task.killing']);
const APP_EVENTS = new Set(['app.created', 'app.updated', 'app.scaled', 'app.rolledback']);

type Payload = Record<string, unknown>;
const payloadOf = (event: Event) => (event.payload ?? {}) as Payload;

/**
 * Joins a batch of events with the tasks, deployments and app versions they
 * concern. A row gone since (an ended task expunged, a deleted app purged) is
 * found again in the log itself: task.placed tells where a task ran,
 * deployment.started what a deployment was.
 */
export async function lookUp(prisma: PrismaClient, events: Event[]): Promise<EventLookups> {
  const tasks = await taskPlaces(prisma, subjectsOf(events, TASK_EVENTS));
  const deployments = await deploymentFacts(
    prisma,
    subjectsOf(events, new Set(['deployment.started', 'deployment.step', 'deployment.succeeded', 'deployment.superseded', 'deployment.canceled'])),
  );
  const wanted: { appId: string; version: number }[] = [];
  for (const place of tasks.values()) wanted.push({ appId: place.appId, version: place.appVersion });
  for (const facts of deployments.values()) {
    wanted.push({ appId: facts.appId, version: facts.toVersion });
    if (facts.fromVersion !== null) wanted.push({ appId: facts.appId, version: facts.fromVersion });
  }
  for (const event of events) {
    const payload = payloadOf(event);
    if (event.type === 'task.placed') wanted.push({ appId: String(payload.appId), version: Number(payload.version) });
    if (APP_EVENTS.has(event.type) && event.subject) wanted.push({ appId: event.subject, version: Number(payload.toVersion ?? payload.version) });
  }
  const versions = await appVersions(prisma, wanted);
  return {
    task: (taskId) => tasks.get(taskId),
    deployment: (id) => deployments.get(id),
    version: (appId, version) => versions.get(versionKey(appId, version)),
  };
}

function subjectsOf(events: Event[], types: Set<string>): string[] {
  return [...new Set(events.filter((event) => types.has(event.type) && event.subject).map((event) => event.subject!))];
}

async function taskPlaces(prisma: PrismaClient, ids: string[]): Promise<Map<string, TaskPlace>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.task.findMany({
    where: { id: { in: ids } },
    select: { id: true, appId: true, agentId: true, host: true, ports: true, appVersion: true },
  });
  const places = new Map<string, TaskPlace>(
    rows.map((row) => [row.id, { appId: row.appId, agentId: row.agentId, host: row.host ?? '', ports: row.ports, appVersion: row.appVersion }]),
  );
  const gone = ids.filter((id) => !places.has(id));
  if (gone.length > 0) {
    const placed = await prisma.event.findMany({ where: { type: 'task.placed', subject: { in: gone } } });
    for (const event of placed) {
      const payload = payloadOf(event);
      places.set(event.subject!, {
        appId: String(payload.appId),
        agentId: (payload.agentId as string | null) ?? null,
        host: String(payload.host ?? ''),
        ports: (payload.ports as number[] | undefined) ?? [],
        appVersion: Number(payload.version),
      });
    }
  }
  return places;
}

async function deploymentFacts(prisma: PrismaClient, ids: string[]): Promise<Map<string, DeploymentFacts>> {
  if (ids.length === 0) return new Map();
  const rows: DeploymentWithSteps[] = await prisma.deployment.findMany({ where: { id: { in: ids } }, include: { steps: { orderBy: { position: 'asc' } } } });
  const json = await marathonDeployments(prisma, rows);
  const facts = new Map<string, DeploymentFacts>();
  rows.forEach((row, index) => {
    facts.set(row.id, {
      id: row.id,
      appId: row.appId,
      kind: row.kind,
      fromVersion: row.fromVersion,
      toVersion: row.toVersion,
      marathon: json[index] as unknown as DeploymentFacts['marathon'],
      unfinishedStep: row.steps.findIndex((step) => step.status !== 'DONE'),
    });
  });
  const gone = ids.filter((id) => !facts.has(id));
  if (gone.length > 0) {
    for (const event of await prisma.event.findMany({ where: { type: 'deployment.started', subject: { in: gone } } })) {
      facts.set(event.subject!, fromStartedEvent(event));
    }
  }
  return facts;
}

/** A deployment whose row is gone, as its deployment.started event told it: one step per planned step, named by its kind. */
function fromStartedEvent(event: Event): DeploymentFacts {
  const payload = payloadOf(event);
  const appId = String(payload.appId);
  const kind = String(payload.kind);
  const action = actionOf(kind, undefined);
  const steps = Array.from({ length: Math.max(1, Number(payload.steps ?? 1)) }, () => ({ actions: [{ action, app: appId }] }));
  return {
    id: event.subject!,
    appId,
    kind,
    fromVersion: (payload.fromVersion as number | null) ?? null,
    toVersion: Number(payload.toVersion),
    marathon: { id: event.subject!, version: event.createdAt.toISOString(), steps },
    unfinishedStep: -1,
  };
}

const versionKey = (appId: string, version: number) => `${version}@${appId}`;

async function appVersions(prisma: PrismaClient, wanted: { appId: string; version: number }[]): Promise<Map<string, { spec: AppSpec; createdAt: Date }>> {
  const unique = [...new Map(wanted.filter((want) => Number.isInteger(want.version)).map((want) => [versionKey(want.appId, want.version), want])).values()];
  if (unique.length === 0) return new Map();
  const rows = await prisma.appVersion.findMany({ where: { OR: unique }, select: { appId: true, version: true, spec: true, createdAt: true } });
  return new Map(rows.map((row) => [versionKey(row.appId, row.version), { spec: specOf(row), createdAt: row.createdAt }]));
}
