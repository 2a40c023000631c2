import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../src/apps/index.ts';
import { describeReasons, placeTasks, type Candidate } from '../../src/scheduler/index.ts';
import { passBudget, TASKS_PER_PASS } from '../../src/scheduler/placement/index.ts';
import { aCandidate, aSpec } from '../helpers/builders.ts';

const spec = (extra: Record<string, unknown> = {}) => aSpec({ cpus: 1, mem: 256, ...extra });
const agent = (id: string, attributes: Record<string, string> = {}, free: Partial<Candidate['free']> = {}) =>
  aCandidate({ id, attributes: { os: 'linux', ...attributes }, free });

describe('placement', () => {
  it("spreads an app's tasks across agents by default", () => {
    const result = placeTasks(spec(), 4, [agent('a'), agent('b')]);
    expect(result.placements.map((placement) => placement.agentId).sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it("gives the next app of a pass the agents the pass already woke, within a twentieth of their cpus' load", () => {
    // A pass takes the agents again for each app, counting that app's tasks on them (PassOffers.forApp).
    const forNextApp = (candidates: Candidate[]) => candidates.map((candidate) => Object.assign(candidate, { appTasks: 0 }));
    const small = spec({ cpus: 0.05, mem: 16 });
    const agents = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => agent(id, {}, { cpus: 8 }));
    const first = placeTasks(small, 2, agents).placements.map((placement) => placement.agentId);
    const second = placeTasks(small, 3, forNextApp(agents)).placements.map((placement) => placement.agentId);
    expect(new Set(first).size).toBe(2);
    expect(second.slice(0, 2).sort()).toEqual([...first].sort());
    expect(first).not.toContain(second[2]);

    // A task that takes more than a step of an agent's cpus leaves it behind the idle ones.
    const large = spec({ cpus: 1, mem: 16 });
    const fresh = ['a', 'b', 'c'].map((id) => agent(id, {}, { cpus: 8 }));
    const [woken] = placeTasks(large, 1, fresh).placements.map((placement) => placement.agentId);
    const next = placeTasks(small, 2, forNextApp(fresh)).placements.map((placement) => placement.agentId);
    expect(next).not.toContain(woken);
  });

  it('packs them when the app asks for bin-packing', () => {
    const result = placeTasks(spec({ labels: { 'corral.placement': 'binpack' } }), 3, [agent('a'), agent('b', {}, { cpus: 3 })]);
    expect(result.placements.map((placement) => placement.agentId)).toEqual(['b', 'b', 'b']);
  });

  it("gives each task free host ports from the agent's ranges, or fixed ones with requirePorts", () => {
    const ranged = placeTasks(spec({ portDefinitions: [{ port: 0 }, { port: 0 }] }), 1, [agent('a')]);
    expect(ranged.placements[0]!.ports).toEqual([31000, 31001]);
    const fixed = placeTasks(spec({ requirePorts: true, portDefinitions: [{ port: 31002 }] }), 2, [agent('a')]);
    expect(fixed.placements).toHaveLength(1);
    expect(fixed.reasons).toEqual({ 'lacked ports': 1 });
  });

  it('honours Marathon constraints', () => {
    const agents = () => [agent('a', { rack: 'r1' }), agent('b', { rack: 'r1' }), agent('c', { rack: 'r2', os: 'windows' })];
    expect(placeTasks(spec({ constraints: [['hostname', 'UNIQUE']] }), 4, agents()).placements).toHaveLength(3);
    expect(placeTasks(spec({ constraints: [['os', 'LIKE', 'windows']] }), 2, agents()).placements.map((p) => p.agentId)).toEqual(['c', 'c']);
    expect(placeTasks(spec({ constraints: [['rack', 'CLUSTER', 'r1']] }), 2, agents()).placements.every((p) => p.agentId !== 'c')).toBe(true);
    expect(placeTasks(spec({ constraints: [['rack', 'MAX_PER', '1']] }), 3, agents()).placements).toHaveLength(2);
    const grouped = placeTasks(spec({ constraints: [['rack', 'GROUP_BY']] }), 4, agents()).placements.map((p) => (p.agentId === 'c' ? 'r2' : 'r1'));
    expect(grouped.filter((rack) => rack === 'r2')).toHaveLength(2);
    expect(placeTasks(spec({ constraints: [['os', 'UNLIKE', 'windows']] }), 5, agents()).placements.every((p) => p.agentId !== 'c')).toBe(true);
    expect(placeTasks(spec({ constraints: [['rack', 'IS', 'r2']] }), 1, agents()).placements[0]!.agentId).toBe('c');
  });

  it('counts, per reason, the agents that turned a task away', () => {
    const result = placeTasks(spec({ mem: 2048, constraints: [['os', 'LIKE', 'linux']] }), 1, [
      agent('a', {}, { mem: 1024 }),
      agent('b', {}, { mem: 512 }),
      agent('c', { os: 'windows' }),
      agent('d', {}, { cpus: 0.5 }),
    ]);
    expect(result.placements).toEqual([]);
    expect(describeReasons(result.reasons)).toBe('2 agents lacked memory, 1 agent failed constraint os LIKE linux, 1 agent lacked cpus');
  });

  it('says so when no agent is there at all', () => {
    expect(describeReasons(placeTasks(spec(), 1, []).reasons)).toBe('no agent is registered and active');
  });

  it("places at most a pass's batch of tasks, however many are asked for, and says the rest wait", () => {
    // Tasks that need nothing fit without end: a billion of them once grew the gateway to 5 GB and crashed it.
    const started = performance.now();
    const result = placeTasks(spec({ cpus: 0, mem: 0, portDefinitions: [] }), 1_000_000_000, [agent('a'), agent('b')]);
    expect(result.placements).toHaveLength(TASKS_PER_PASS);
    expect(result).toMatchObject({ outOfBudget: true, reasons: {} });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('shares one budget among the apps of a pass, and stops when its time is spent', () => {
    const budget = passBudget();
    const first = TASKS_PER_PASS - 400;
    expect(placeTasks(spec({ cpus: 0, mem: 0, portDefinitions: [] }), first, [agent('a')], budget).placements).toHaveLength(first);
    expect(placeTasks(spec({ cpus: 0, mem: 0, portDefinitions: [] }), 600, [agent('a')], budget)).toMatchObject({
      placements: { length: 400 },
      outOfBudget: true,
    });
    expect(placeTasks(spec(), 1, [agent('a')], { tasks: 10, ms: 0 })).toMatchObject({ placements: [], outOfBudget: true });
  });

  it('matches LIKE patterns in linear time (no backtracking)', () => {
    const started = performance.now();
    const redos = placeTasks(spec({ constraints: [['program.java', 'LIKE', '(.*.*.*)*X']] }), 1, [agent('a', { 'program.java': 'a'.repeat(40) })]);
    expect(describeReasons(redos.reasons)).toBe('1 agent failed constraint program.java LIKE (.*.*.*)*X');
    expect(
      placeTasks(spec({ constraints: [['program.java', 'UNLIKE', '(.*.*.*)*X']] }), 1, [agent('a', { 'program.java': 'a'.repeat(40) })]).placements,
    ).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('meets neither LIKE nor UNLIKE with a pattern stored before it was validated that RE2 cannot run', () => {
    const stored = (operator: 'LIKE' | 'UNLIKE') => ({ ...spec(), constraints: [['os', operator, '(l)\\1inux']] as AppSpec['constraints'] });
    expect(placeTasks(stored('LIKE'), 1, [agent('a')]).placements).toEqual([]);
    expect(placeTasks(stored('UNLIKE'), 1, [agent('a')]).placements).toEqual([]);
  });
});
