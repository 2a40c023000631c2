// Fixtures for the pure parts of the scheduler: whole, typed rows (as Prisma reads them) and
// candidates, with defaults a test overrides only where it matters.
import type { RegisterRequest } from '../../src/agent/index.ts';
import { parseAppDefinition, type AppSpec } from '../../src/apps/index.ts';
import type { Agent, App, Prisma, Task } from '../../src/generated/prisma/client.ts';
import type { Candidate, Offers, PassSnapshot } from '../../src/scheduler/index.ts';

/** The clock fixtures are built around; a test that needs its own passes the times. */
export const fixtureNow = new Date('2026-11-24T12:00:00Z');

let serial = 0;
/** A fresh suffix, so fixtures built in a row never share an id. */
const next = () => ++serial;

/** An app definition as Corral validates it (id /web, cmd serve unless given); throws with the fields that are wrong. */
export function aSpec(definition: Record<string, unknown> = {}): AppSpec {
  const parsed = parseAppDefinition({ id: '/web', cmd: 'serve', ...definition });
  if (!parsed.ok) throw new Error(`not a valid app definition: ${JSON.stringify(parsed.errors)}`);
  return parsed.spec;
}

/** An App row. Its spec (aSpec() unless given) is stored as the database gives it back: JSON. */
export function anApp(fields: Partial<Omit<App, 'spec'>> & { spec?: AppSpec } = {}): App {
  const spec = fields.spec ?? aSpec(fields.id ? { id: fields.id } : {});
  const stored: Prisma.JsonValue = JSON.parse(JSON.stringify(spec));
  return {
    id: spec.id,
    version: 1,
    createdAt: new Date(fixtureNow.getTime() - 3_600_000),
    updatedAt: new Date(fixtureNow.getTime() - 3_600_000),
    launchDelayUntil: null,
    launchDelaySeconds: null,
    placementFailures: null,
    deletedAt: null,
    installedPackageId: null,
    ...fields,
    spec: stored,
  };
}

/** A Task row: RUNNING on agent a1, of version 1 of /web, staged after the tasks built before it. */
export function aTask(fields: Partial<Task> = {}): Task {
  const n = next();
  return {
    id: `t${n}`,
    appId: '/web',
    appVersion: 1,
    agentId: 'a1',
    state: 'RUNNING',
    desiredState: 'RUN',
    reportedState: 'RUNNING',
    health: 'UNKNOWN',
    healthCause: null,
    ready: false,
    checkResult: null,
    host: null,
    ports: [],
    cpus: 1,
    mem: 128,
    disk: 0,
    gpus: 0,
    exitCode: null,
    message: null,
    stagedAt: new Date(fixtureNow.getTime() - 60_000 + n),
    startedAt: new Date(fixtureNow.getTime() - 30_000),
    finishedAt: null,
    killAt: null,
    ...fields,
  };
}

/** An Agent row: ACTIVE Linux, 4 cpus, 4 GiB, ports 31000-31002, the unreserved role. */
export function anAgent(fields: Partial<Agent> = {}): Agent {
  const id = fields.id ?? `agent-${next()}`;
  return {
    id,
    hostname: `${id}.example`,
    os: 'LINUX',
    arch: 'x64',
    version: '0.1.0',
    cpus: 4,
    mem: 4096,
    disk: 1000,
    gpus: 0,
    portRanges: [[31000, 31002]],
    attributes: {},
    roles: ['*'],
    state: 'ACTIVE',
    drainingSince: null,
    secretHash: null,
    registeredAt: new Date(fixtureNow.getTime() - 3_600_000),
    lastSeenAt: fixtureNow,
    ...fields,
  };
}

/** An agent as placement sees it: what it still offers, nothing running there yet. */
export function aCandidate(fields: Partial<Omit<Candidate, 'free'>> & { free?: Partial<Candidate['free']> } = {}): Candidate {
  const id = fields.id ?? `agent-${next()}`;
  return {
    id,
    hostname: `${id}.example`,
    attributes: {},
    roles: ['*'],
    portRanges: [[31000, 31002]],
    usedPorts: new Set(),
    appTasks: 0,
    totalTasks: 0,
    newTasks: 0,
    ...fields,
    free: { cpus: 4, mem: 4096, disk: 1000, gpus: 0, ...fields.free },
    cpus: fields.cpus ?? Math.max(4, fields.free?.cpus ?? 4),
  };
}

/** What a pass read, for decidePass: nothing drained, no agent away, no instance limit. */
export function aPassSnapshot(fields: Partial<PassSnapshot> = {}): PassSnapshot {
  return { apps: [], activeTasks: [], now: fixtureNow, drained: new Set(), awayFor: () => 0, maxInstances: Infinity, ...fields };
}

/**
 * What placement may use, for decidePass: no secret missing, a budget of tasks but not of time (a
 * busy test machine must not change the decision), and task ids numbered in order (new-1, new-2, ...).
 */
export function someOffers(fields: Partial<Offers> = {}): Offers {
  let numbered = 0;
  return { agents: [], waitingForSecrets: new Map(), budget: { tasks: 1000, ms: Infinity }, newTaskId: () => `new-${++numbered}`, ...fields };
}

/** What an agent sends to /agent/v1/register: a small Linux machine with no tasks, named `probe`. */
export function aRegisterRequest(fields: Partial<RegisterRequest> = {}) {
  // Not annotated: the inferred object type also passes where a test's sender takes any JSON object.
  return {
    hostname: 'probe',
    os: 'LINUX',
    arch: 'x64',
    version: '0',
    resources: { cpus: 1, mem: 64, disk: 64, gpus: 0, ports: [] },
    attributes: {},
    tasks: [],
    ...fields,
  } satisfies RegisterRequest;
}
