import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortRange } from '../../src/agent/index.ts';
import { unreachableTimes, type AppSpec, type Constraint } from '../../src/apps/index.ts';
import type { Agent, App, Task } from '../../src/generated/prisma/client.ts';
import { decidePass, type AppDecision, type NewTask, type PassPlan } from '../../src/scheduler/index.ts';
import { anAgent, anApp, aPassSnapshot, aSpec, aTask, fixtureNow, someOffers } from '../helpers/builders.ts';

// The scheduler's invariants (src/scheduler/README.md), over random clusters: agents of various
// sizes, ports, racks, roles and states; apps mid-deployment with constraints and strategies; tasks
// of old and new versions in every active state. Each property is checked against the plan a whole
// pass decides, by rules restated here rather than by calling the code under test.

const RUNS = 300;
/** How long the agent of an UNREACHABLE task drawn as inactive has been away: a year. */
const AWAY_MS = 365 * 24 * 3_600_000;
const racks = ['r1', 'r2', 'r3'] as const;
const constraints: Constraint[] = [
  ['hostname', 'UNIQUE'],
  ['rack', 'UNIQUE'],
  ['rack', 'GROUP_BY'],
  ['rack', 'GROUP_BY', '2'],
  ['rack', 'CLUSTER', 'r1'],
  ['hostname', 'CLUSTER'],
  ['rack', 'MAX_PER', '1'],
  ['hostname', 'MAX_PER', '2'],
  ['os', 'LIKE', 'lin.*'],
  ['rack', 'UNLIKE', 'r3'],
  ['os', 'IS', 'linux'],
];

const agentShape = fc.record({
  cpus: fc.integer({ min: 1, max: 8 }),
  mem: fc.constantFrom(256, 2048, 8192),
  disk: fc.constantFrom(0, 1000, 1000),
  gpus: fc.constantFrom(0, 0, 1),
  rack: fc.option(fc.constantFrom(...racks), { nil: undefined, freq: 6 }),
  os: fc.constantFrom('linux', 'windows'),
  ports: fc.constantFrom(0, 2, 4, 6, 10),
  roles: fc.constantFrom<string[]>(['*'], ['*'], ['*'], ['*'], ['slave_public'], ['*', 'slave_public']),
  state: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'UNREACHABLE'),
  drained: fc.constantFrom(false, false, false, false, true),
});

const taskShape = fc.record({
  old: fc.boolean(),
  state: fc.constantFrom('STAGING', 'STARTING', 'RUNNING', 'RUNNING', 'RUNNING', 'KILLING', 'UNREACHABLE'),
  agent: fc.nat(),
  port: fc.nat(),
  inactive: fc.boolean(),
});

const appShape = fc.record({
  instances: fc.constantFrom(0, 1, 2, 3, 4, 5),
  version: fc.integer({ min: 1, max: 2 }),
  cpus: fc.constantFrom(0.1, 0.25, 0.5, 1.5),
  mem: fc.constantFrom(16, 128, 700),
  disk: fc.constantFrom(0, 50),
  gpus: fc.constantFrom(0, 0, 0, 0, 0, 1),
  ports: fc.constantFrom('none', 'one', 'two', 'fixed'),
  constraints: fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.subarray(constraints, { minLength: 1, maxLength: 2 }), weight: 3 }),
  minimumHealthCapacity: fc.constantFrom(0, 0.5, 1),
  maximumOverCapacity: fc.constantFrom(0, 0.5, 1),
  acceptedResourceRoles: fc.constantFrom<string[] | undefined>(undefined, undefined, undefined, undefined, ['slave_public'], ['*', 'slave_public']),
  deleted: fc.constantFrom(false, false, false, false, false, false, false, true),
  delayed: fc.constantFrom(false, false, false, false, false, false, false, true),
  tasks: fc.array(taskShape, { maxLength: 4 }),
});

const clusterShape = fc.record({
  agents: fc.array(agentShape, { minLength: 1, maxLength: 6 }),
  apps: fc.array(appShape, { minLength: 1, maxLength: 4 }),
  maxInstances: fc.constantFrom(Infinity, Infinity, 3),
  budget: fc.constantFrom(1000, 1000, 2),
});

type Shape = typeof clusterShape extends fc.Arbitrary<infer T> ? T : never;

interface Cluster {
  agents: Agent[];
  apps: App[];
  specs: Map<string, AppSpec>;
  tasks: Task[];
  drained: Set<string>;
  inactive: Set<string>;
  maxInstances: number;
  plan: PassPlan;
}

const portDefinitions = { none: [], one: [{ port: 0 }], two: [{ port: 0 }, { port: 0 }], fixed: [{ port: 31001 }] };

/** Builds the rows of a random cluster and decides a pass over them. */
function decided(shape: Shape): Cluster {
  const agents = shape.agents.map((agent, i) =>
    anAgent({
      id: `a${i}`,
      cpus: agent.cpus,
      mem: agent.mem,
      disk: agent.disk,
      gpus: agent.gpus,
      roles: agent.roles,
      state: agent.state,
      attributes: agent.rack ? { os: agent.os, rack: agent.rack } : { os: agent.os },
      portRanges: agent.ports === 0 ? [] : [[31000, 31000 + agent.ports - 1]],
      drainingSince: agent.drained ? fixtureNow : null,
    }),
  );
  const drained = new Set(agents.filter((agent) => agent.drainingSince).map((agent) => agent.id));
  const specs = new Map<string, AppSpec>();
  const inactive = new Set<string>();
  const tasks: Task[] = [];
  const apps = shape.apps.map((app, i) => {
    const spec = aSpec({
      id: `/app${i}`,
      instances: app.instances,
      cpus: app.cpus,
      mem: app.mem,
      disk: app.disk,
      gpus: app.gpus,
      constraints: app.constraints,
      portDefinitions: portDefinitions[app.ports],
      requirePorts: app.ports === 'fixed',
      upgradeStrategy: { minimumHealthCapacity: app.minimumHealthCapacity, maximumOverCapacity: app.maximumOverCapacity },
      ...(app.acceptedResourceRoles && { acceptedResourceRoles: app.acceptedResourceRoles }),
    });
    specs.set(spec.id, spec);
    for (const task of app.tasks) {
      const agent = agents[task.agent % agents.length]!;
      const [from, to] = (agent.portRanges as PortRange[])[0] ?? [0, -1];
      const ports = to < from ? [] : spec.portDefinitions.map((_, k) => from + ((task.port + k) % (to - from + 1)));
      const row = aTask({
        appId: spec.id,
        appVersion: task.old ? app.version - 1 : app.version,
        agentId: agent.id,
        state: task.state,
        ports,
        cpus: spec.cpus,
        mem: spec.mem,
        disk: spec.disk,
        gpus: spec.gpus,
      });
      if (task.inactive) inactive.add(row.id);
      tasks.push(row);
    }
    return anApp({
      spec,
      version: app.version,
      deletedAt: app.deleted ? fixtureNow : null,
      launchDelayUntil: app.delayed ? new Date(fixtureNow.getTime() + 5000) : null,
    });
  });
  const snapshot = aPassSnapshot({
    apps,
    activeTasks: tasks,
    drained,
    maxInstances: shape.maxInstances,
    awayFor: (task) => (inactive.has(task.id) ? AWAY_MS : -1),
  });
  const plan = decidePass(snapshot, someOffers({ agents, budget: { tasks: shape.budget, ms: Infinity } }));
  return { agents, apps, specs, tasks, drained, inactive, maxInstances: shape.maxInstances, plan };
}

const placements = (plan: PassPlan): NewTask[] => plan.apps.flatMap((app) => app.place);
const decisionOf = (cluster: Cluster, appId: string): AppDecision => cluster.plan.apps.find((app) => app.appId === appId)!;

/** The app's tasks the reconciler counts: not being killed, not away past inactiveAfterSeconds. */
function counted(cluster: Cluster, app: App): Task[] {
  const spec = cluster.specs.get(app.id)!;
  return cluster.tasks.filter(
    (task) =>
      task.appId === app.id &&
      task.state !== 'KILLING' &&
      !(task.state === 'UNREACHABLE' && cluster.inactive.has(task.id) && AWAY_MS >= unreachableTimes(spec).inactiveAfterMs),
  );
}

let placedInAll = 0;

describe("a pass never breaks the scheduler's invariants", () => {
  it('never more than instances × (1 + maximumOverCapacity) tasks of an app, nor placed past the instance limit', () => {
    fc.assert(
      fc.property(clusterShape, (shape) => {
        const cluster = decided(shape);
        for (const app of cluster.apps) {
          const spec = cluster.specs.get(app.id)!;
          const decision = decisionOf(cluster, app.id);
          placedInAll += decision.place.length;
          if (decision.place.length === 0) continue;
          const killed = new Set(decision.kill.map((kill) => kill.taskId));
          const after = counted(cluster, app).filter((task) => !killed.has(task.id)).length + decision.place.length;
          expect(after).toBeLessThanOrEqual(spec.instances + Math.floor(spec.instances * spec.upgradeStrategy.maximumOverCapacity));
          const current = counted(cluster, app).filter((task) => task.appVersion === app.version && !cluster.drained.has(task.agentId!)).length;
          expect(current + decision.place.length).toBeLessThanOrEqual(Math.min(spec.instances, cluster.maxInstances));
          expect(app.deletedAt === null && app.launchDelayUntil === null).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    expect(placedInAll).toBeGreaterThan(RUNS / 4); // the clusters drawn do place tasks (one in two runs here): the properties are not vacuous
  });

  it('ready tasks never fall below minimumHealthCapacity while replacements are starting or there is room to start them', () => {
    fc.assert(
      fc.property(clusterShape, (shape) => {
        const cluster = decided(shape);
        for (const app of cluster.apps.filter((one) => !one.deletedAt)) {
          const spec = cluster.specs.get(app.id)!;
          const killed = new Set(decisionOf(cluster, app.id).kill.map((kill) => kill.taskId));
          const tasks = counted(cluster, app);
          const isOld = (task: Task) => task.appVersion !== app.version || cluster.drained.has(task.agentId!);
          const current = tasks.filter((task) => !isOld(task));
          const ready = (task: Task) => task.state === 'RUNNING';
          const minHealthy = Math.ceil(spec.instances * spec.upgradeStrategy.minimumHealthCapacity);
          const maxTotal = spec.instances + Math.floor(spec.instances * spec.upgradeStrategy.maximumOverCapacity);
          const readyBefore = tasks.filter(ready).length;
          const readyAfter = tasks.filter((task) => ready(task) && !killed.has(task.id)).length;
          if (readyAfter >= Math.min(minHealthy, readyBefore)) continue;
          // Below the floor only when nothing else makes progress: no new task starting, and no room to start one.
          const starting = current.some((task) => !ready(task));
          const room = current.length < spec.instances && Math.min(current.length, spec.instances) + tasks.filter(isOld).length < maxTotal;
          expect({ app: app.id, starting, room }).toEqual({ app: app.id, starting: false, room: false });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('no host port given twice on an agent, and only ports the agent offers', () => {
    fc.assert(
      fc.property(clusterShape, (shape) => {
        const cluster = decided(shape);
        for (const agent of cluster.agents) {
          const given = placements(cluster.plan)
            .filter((task) => task.agentId === agent.id)
            .flatMap((task) => task.ports);
          const inUse = new Set(cluster.tasks.filter((task) => task.agentId === agent.id).flatMap((task) => task.ports));
          expect(new Set(given).size).toBe(given.length);
          for (const port of given) {
            expect(inUse.has(port)).toBe(false);
            expect((agent.portRanges as PortRange[]).some(([from, to]) => port >= from && port <= to)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('no agent given more cpus, memory, disk or gpus than it offers, and only agents that accept tasks', () => {
    fc.assert(
      fc.property(clusterShape, (shape) => {
        const cluster = decided(shape);
        for (const agent of cluster.agents) {
          const placed = placements(cluster.plan).filter((task) => task.agentId === agent.id);
          if (placed.length === 0) continue;
          expect(agent.state === 'ACTIVE' && !agent.drainingSince).toBe(true);
          const all = [...cluster.tasks.filter((task) => task.agentId === agent.id), ...placed];
          const sum = (pick: (task: { cpus: number; mem: number; disk: number; gpus: number }) => number) => all.reduce((total, task) => total + pick(task), 0);
          expect(sum((task) => task.cpus)).toBeLessThanOrEqual(agent.cpus + 1e-9);
          expect(sum((task) => task.mem)).toBeLessThanOrEqual(agent.mem + 1e-9);
          expect(sum((task) => task.disk)).toBeLessThanOrEqual(agent.disk + 1e-9);
          expect(sum((task) => task.gpus)).toBeLessThanOrEqual(agent.gpus);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('every constraint and accepted role holds for every placement, each seeing the ones before it', () => {
    fc.assert(
      fc.property(clusterShape, (shape) => {
        const cluster = decided(shape);
        const accepting = cluster.agents.filter((agent) => agent.state === 'ACTIVE' && !agent.drainingSince);
        const value = (agent: Agent, field: string) => (field === 'hostname' ? agent.hostname : (agent.attributes as Record<string, string>)[field]);
        for (const decision of cluster.plan.apps) {
          const spec = cluster.specs.get(decision.appId)!;
          const roles = spec.acceptedResourceRoles ?? ['*'];
          // The app's tasks on each accepting agent, as placement counts them, then each placement added in turn.
          const here = new Map(
            accepting.map((agent) => [
              agent.id,
              cluster.tasks.filter((task) => task.appId === decision.appId && task.agentId === agent.id && task.state !== 'KILLING').length,
            ]),
          );
          const countWhere = (field: string, wanted: string | undefined) =>
            accepting.filter((agent) => value(agent, field) === wanted).reduce((sum, agent) => sum + here.get(agent.id)!, 0);
          for (const task of decision.place) {
            const agent = accepting.find((one) => one.id === task.agentId)!;
            expect(agent.roles.some((role) => roles.includes(role))).toBe(true);
            for (const [field, operator, wanted] of spec.constraints) {
              const mine = value(agent, field);
              const values = new Set(accepting.map((one) => value(one, field)).filter((found) => found !== undefined));
              const holds = {
                UNIQUE: () => mine !== undefined && countWhere(field, mine) === 0,
                CLUSTER: () =>
                  wanted !== undefined ? mine === wanted : mine !== undefined && accepting.every((one) => here.get(one.id) === 0 || value(one, field) === mine),
                GROUP_BY: () => mine !== undefined && [...values].every((other) => countWhere(field, mine) <= countWhere(field, other)),
                LIKE: () => mine !== undefined && new RegExp(`^(?:${wanted})$`).test(mine),
                UNLIKE: () => mine === undefined || !new RegExp(`^(?:${wanted})$`).test(mine),
                MAX_PER: () => mine !== undefined && countWhere(field, mine) < Number(wanted),
                IS: () => mine === wanted,
              }[operator]();
              expect({ placement: task.agentId, constraint: [field, operator, wanted], holds }).toEqual({
                placement: task.agentId,
                constraint: [field, operator, wanted],
                holds: true,
              });
            }
            here.set(agent.id, here.get(agent.id)! + 1);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
