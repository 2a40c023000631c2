import { describe, expect, it } from 'vitest';
import { describeReasons, placeTasks } from '../../src/scheduler/index.ts';
import { aCandidate, aSpec } from '../helpers/builders.ts';

// Marathon's placement meanings that Corral follows: CLUSTER without a value, GROUP_BY with a count,
// and resource roles (acceptedResourceRoles, role) against the roles agents declare.

const spec = (extra: Record<string, unknown> = {}) => aSpec({ cpus: 0.1, mem: 16, portDefinitions: [], ...extra });
const agent = (
  id: string,
  { attributes = {}, roles = ['*'], appTasks = 0, cpus = 8 }: { attributes?: Record<string, string>; roles?: string[]; appTasks?: number; cpus?: number } = {},
) => aCandidate({ id, attributes, roles, free: { cpus, mem: 8192 }, portRanges: [[31000, 31010]], appTasks, totalTasks: appTasks });

const agentsOf = (result: ReturnType<typeof placeTasks>) => result.placements.map((placement) => placement.agentId);

describe('CLUSTER without a value', () => {
  it('puts every task on the host of the first one', () => {
    const placed = agentsOf(placeTasks(spec({ constraints: [['hostname', 'CLUSTER']] }), 4, [agent('a'), agent('b'), agent('c')]));
    expect(placed).toHaveLength(4);
    expect(new Set(placed).size).toBe(1);
  });

  it('pins new tasks to the host where the app already runs', () => {
    const placed = agentsOf(placeTasks(spec({ constraints: [['hostname', 'CLUSTER']] }), 3, [agent('a'), agent('b', { appTasks: 1 }), agent('c')]));
    expect(placed).toEqual(['b', 'b', 'b']);
  });

  it("pins to the attribute value of the first task's agent, and says why the others were turned away", () => {
    const agents = [
      agent('a', { attributes: { rack: 'r1' } }),
      agent('b', { attributes: { rack: 'r2' }, appTasks: 1 }),
      agent('c', { attributes: { rack: 'r2' } }),
    ];
    const result = placeTasks(spec({ constraints: [['rack', 'CLUSTER']] }), 2, agents);
    expect(agentsOf(result).every((id) => id === 'b' || id === 'c')).toBe(true);
    // The pinned rack is full: the task waits rather than go to another rack.
    const full = placeTasks(spec({ constraints: [['rack', 'CLUSTER']], cpus: 4 }), 1, [
      agent('a', { attributes: { rack: 'r1' } }),
      agent('b', { attributes: { rack: 'r2' }, appTasks: 1, cpus: 2 }),
    ]);
    expect(full.placements).toEqual([]);
    expect(describeReasons(full.reasons)).toBe('1 agent failed constraint rack CLUSTER, 1 agent lacked cpus');
  });

  it('accepts the lower-case operator and the constraint as Marathon writes it', () => {
    const placed = agentsOf(placeTasks(spec({ constraints: [['hostname', 'cluster']] }), 2, [agent('a'), agent('b')]));
    expect(new Set(placed).size).toBe(1);
  });
});

describe('GROUP_BY with a count', () => {
  const racks = (...names: string[]) => names.map((rack, index) => agent(`${rack}-${index}`, { attributes: { rack } }));

  it('spreads evenly over the groups, and past the count when there are more', () => {
    const result = placeTasks(spec({ constraints: [['rack', 'GROUP_BY', '2']] }), 6, racks('r1', 'r2', 'r3'));
    const perRack = agentsOf(result).reduce<Record<string, number>>(
      (counts, id) => ({ ...counts, [id.split('-')[0]!]: (counts[id.split('-')[0]!] ?? 0) + 1 }),
      {},
    );
    expect(perRack).toEqual({ r1: 2, r2: 2, r3: 2 });
  });

  it("waits for a third group rather than doubling up when it expects three (Marathon's example)", () => {
    const result = placeTasks(spec({ constraints: [['rack', 'GROUP_BY', '3']] }), 3, racks('r1', 'r2', 'r2'));
    expect(
      agentsOf(result)
        .map((id) => id.split('-')[0])
        .sort(),
    ).toEqual(['r1', 'r2']);
    expect(describeReasons(result.reasons)).toBe('3 agents failed constraint rack GROUP_BY 3');
    const third = placeTasks(spec({ constraints: [['rack', 'GROUP_BY', '3']] }), 3, racks('r1', 'r2', 'r3'));
    expect(third.placements).toHaveLength(3);
  });
});

describe('resource roles', () => {
  const fleet = () => [agent('private'), agent('public', { roles: ['slave_public'] }), agent('both', { roles: ['*', 'slave_public'] })];

  it('sends an app with acceptedResourceRoles only to agents with one of them', () => {
    const placed = agentsOf(placeTasks(spec({ acceptedResourceRoles: ['slave_public'] }), 4, fleet()));
    expect(placed.sort()).toEqual(['both', 'both', 'public', 'public']);
  });

  it('sends an app without them to agents that offer the unreserved role "*"', () => {
    const placed = agentsOf(placeTasks(spec(), 4, fleet()));
    expect(placed.sort()).toEqual(['both', 'both', 'private', 'private']);
  });

  it("lets an app with a role of its own use that role's agents and unreserved ones (Marathon's default)", () => {
    const placed = agentsOf(placeTasks(spec({ role: 'slave_public' }), 3, fleet()));
    expect(new Set(placed)).toEqual(new Set(['private', 'public', 'both']));
  });

  it('names the roles when no agent offers one', () => {
    const result = placeTasks(spec({ acceptedResourceRoles: ['gpu-team'] }), 1, fleet());
    expect(result.placements).toEqual([]);
    expect(describeReasons(result.reasons)).toBe('3 agents offered none of the accepted resource roles gpu-team');
  });
});
