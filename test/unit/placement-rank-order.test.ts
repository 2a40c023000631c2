import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeTasks, type Candidate } from '../../src/scheduler/index.ts';
import { aCandidate, aSpec } from '../helpers/builders.ts';

// Without constraints placement takes agents from a heap by rank; with any constraint it looks at
// every agent for every task. A constraint every agent meets forces the scan: both must choose alike.
const everyAgent = ['hostname', 'LIKE', '.*'];

const agents = fc.array(
  fc.record({
    cpus: fc.integer({ min: 0, max: 6 }),
    mem: fc.constantFrom(128, 512, 4096),
    ports: fc.integer({ min: 0, max: 4 }),
    usedPorts: fc.integer({ min: 0, max: 2 }),
    appTasks: fc.integer({ min: 0, max: 3 }),
    totalTasks: fc.integer({ min: 0, max: 6 }),
    roles: fc.constantFrom<string[]>(['*'], ['*'], ['slave_public'], ['*', 'slave_public']),
  }),
  { maxLength: 12 },
);

const app = fc.record({
  cpus: fc.constantFrom(0.5, 1, 2),
  mem: fc.constantFrom(64, 256, 1024),
  ports: fc.integer({ min: 0, max: 2 }),
  binpack: fc.boolean(),
  publicOnly: fc.boolean(),
  count: fc.integer({ min: 0, max: 30 }),
});

type AgentShape = typeof agents extends fc.Arbitrary<(infer Shape)[]> ? Shape : never;

function candidatesOf(shapes: AgentShape[]): Candidate[] {
  return shapes.map((shape, i) =>
    aCandidate({
      id: `agent-${String(i).padStart(2, '0')}`,
      roles: shape.roles,
      portRanges: shape.ports === 0 ? [] : [[31000, 31000 + shape.ports - 1]],
      usedPorts: new Set(Array.from({ length: Math.min(shape.usedPorts, shape.ports) }, (_, port) => 31000 + port)),
      appTasks: shape.appTasks,
      totalTasks: shape.totalTasks,
      free: { cpus: shape.cpus, mem: shape.mem },
    }),
  );
}

describe('placement in rank order', () => {
  it('chooses the same agents and ports, and gives the same reasons, as a look at every agent for every task', () => {
    fc.assert(
      fc.property(agents, app, (shapes, shape) => {
        const definition = {
          cpus: shape.cpus,
          mem: shape.mem,
          portDefinitions: Array.from({ length: shape.ports }, () => ({ port: 0 })),
          ...(shape.binpack && { labels: { 'corral.placement': 'binpack' } }),
          ...(shape.publicOnly && { acceptedResourceRoles: ['slave_public'] }),
        };
        const ranked = placeTasks(aSpec(definition), shape.count, candidatesOf(shapes));
        const scanned = placeTasks(aSpec({ ...definition, constraints: [everyAgent] }), shape.count, candidatesOf(shapes));
        expect(ranked.placements).toEqual(scanned.placements);
        expect(ranked.reasons).toEqual(scanned.reasons);
      }),
      { numRuns: 500 },
    );
  });

  it('places 10,000 tasks over 1,000 agents, ten on each', () => {
    const candidates = Array.from({ length: 1000 }, (_, i) => aCandidate({ id: `agent-${i}`, portRanges: [[31000, 32000]], free: { cpus: 64, mem: 262_144 } }));
    const result = placeTasks(aSpec({ cpus: 0.01, mem: 8, portDefinitions: [{ port: 0 }] }), 10_000, candidates, { tasks: 10_000, ms: 60_000 });
    expect(result.placements).toHaveLength(10_000);
    const perAgent = new Map<string, number>();
    for (const { agentId } of result.placements) perAgent.set(agentId, (perAgent.get(agentId) ?? 0) + 1);
    expect(new Set(perAgent.values())).toEqual(new Set([10]));
  });
});
