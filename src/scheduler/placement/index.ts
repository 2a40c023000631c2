// Placement: feasibility checks that count why agents were turned away, then a ranker.
import type { AppSpec } from '../../apps/index.ts';
import type { Candidate } from './candidate.ts';
import { describeConstraint, meetsConstraint } from './constraints.ts';
import { assignPorts } from './ports.ts';
import { RankHeap } from './rank-heap.ts';
import { acceptedRoles, roleRefusal } from './roles.ts';

export { candidatesFrom, PassOffers, type Candidate, type TaskUsage } from './candidate.ts';

export interface Placement {
  agentId: string;
  ports: number[];
}

export interface PlacementResult {
  placements: Placement[];
  /** For the tasks that found no agent: how many agents were turned away, by reason. */
  reasons: Record<string, number>;
  /** The budget ran out before every task was tried: the rest wait for the next pass, which is no failure. */
  outOfBudget: boolean;
}

/**
 * How much placement one control loop pass may do, shared by its apps and used up as they place.
 * Without it, an app of a billion instances (stored before there was a limit) placed task after
 * task in one pass until the gateway ran out of memory, at every start; and a slow pass leaves the
 * agents' polls unanswered. What does not fit in one pass is placed by the next.
 */
export interface PlacementBudget {
  /** Tasks left to place */
  tasks: number;
  /** Milliseconds of placement left (the time spent choosing agents: reading them is not counted, so a slow database cannot starve placement) */
  ms: number;
}

/**
 * At most this many new tasks a pass: one INSERT, well within a transaction's time. A pass at
 * 100,000 tasks costs seconds in a burst whatever it places (its reads and writes wait for a busy
 * event loop), so what it places is what the burst's rate is made of: 10,000 instead of 5,000 gave
 * the scale benchmark 1,700–1,800 tasks RUNNING a second instead of 1,100–1,250; 20,000 instead of
 * 10,000 let placement keep up with the apps' creation (all placed 2–6 s after the last app was
 * created, not 11–14), the leader's memory within its bound (bench/README.md, scale).
 */
export const TASKS_PER_PASS = 20_000;
/**
 * Placement stops after this long in a pass. The pass runs in slices (scheduler/slices.ts), so this
 * bounds a pass's length, not the event loop's waits: at 200 ms, on a loaded machine, a pass placed
 * a few thousand tasks of its 10,000.
 */
export const PLACEMENT_MS_PER_PASS = 1000;

export function passBudget(): PlacementBudget {
  return { tasks: TASKS_PER_PASS, ms: PLACEMENT_MS_PER_PASS };
}

/**
 * Places up to `count` tasks of `spec`, within `budget` (used up as it goes); each placement is
 * accounted before the next, so they see each other.
 */
export function placeTasks(spec: AppSpec, count: number, candidates: Candidate[], budget: PlacementBudget = passBudget()): PlacementResult {
  const placements: Placement[] = [];
  let reasons: Record<string, number> = {};
  const started = performance.now();
  const until = started + budget.ms;
  const spend = (outOfBudget: boolean): PlacementResult => {
    budget.ms -= performance.now() - started;
    return { placements, reasons, outOfBudget };
  };
  const next =
    spec.constraints.length === 0 ? bestInRankOrder(spec, candidates) : (): Placement | { reasons: Record<string, number> } => placeOne(spec, candidates);
  for (let i = 0; i < count; i++) {
    if (budget.tasks <= 0 || performance.now() >= until) return spend(true);
    const outcome = next();
    if ('reasons' in outcome) {
      reasons = outcome.reasons;
      break;
    }
    placements.push(outcome);
    budget.tasks -= 1;
  }
  return spend(false);
}

/**
 * Without constraints an agent's fitness for the app changes only when a task is placed on it, and
 * then only for the worse: the agents wait in a heap by rank, the best feasible one is at its top,
 * and one that cannot take a task is set aside for good (it will not have more room later in the
 * pass). The same choice as looking at every agent for every task, at a cost of O(log agents) a
 * task: 10,000 tasks over 1,000 agents cost ten million feasibility checks that way.
 */
function bestInRankOrder(spec: AppSpec, candidates: Candidate[]): () => Placement | { reasons: Record<string, number> } {
  const pack = spec.labels['corral.placement'] === 'binpack';
  const roles = acceptedRoles(spec);
  // Ties go to the earlier candidate, as the scan keeps the first of equals.
  const heap = new RankHeap(candidates.length, (a, b) => rank(candidates[a]!, candidates[b]!, pack) || a - b);
  const setAside: Record<string, number> = {};
  return () => {
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      const candidate = candidates[top]!;
      const refusal = roleRefusal(roles, candidate) ?? refusalOf(spec, candidate, candidates);
      if (typeof refusal === 'string') {
        setAside[refusal] = (setAside[refusal] ?? 0) + 1;
        heap.pop();
        continue;
      }
      account(spec, candidate, refusal.ports);
      heap.topChanged();
      return { agentId: candidate.id, ports: refusal.ports };
    }
    return { reasons: candidates.length === 0 ? { 'no agent is registered and active': 1 } : { ...setAside } };
  };
}

function placeOne(spec: AppSpec, candidates: Candidate[]): Placement | { reasons: Record<string, number> } {
  const reasons: Record<string, number> = {};
  if (candidates.length === 0) reasons['no agent is registered and active'] = 1;
  const pack = spec.labels['corral.placement'] === 'binpack';
  // The best feasible agent in one pass, ties keeping the earlier one (as a stable sort would):
  // sorting them all for every task made placing n tasks on n agents cost n² log n.
  let best: { candidate: Candidate; ports: number[] } | undefined;
  const roles = acceptedRoles(spec);
  for (const candidate of candidates) {
    const refusal = roleRefusal(roles, candidate) ?? refusalOf(spec, candidate, candidates);
    if (typeof refusal === 'string') reasons[refusal] = (reasons[refusal] ?? 0) + 1;
    else if (!best || rank(candidate, best.candidate, pack) < 0) best = { candidate, ports: refusal.ports };
  }
  if (!best) return { reasons };
  account(spec, best.candidate, best.ports);
  return { agentId: best.candidate.id, ports: best.ports };
}

/** The first reason this agent cannot take a task, or the ports it would give it. */
function refusalOf(spec: AppSpec, candidate: Candidate, all: Candidate[]): string | { ports: number[] } {
  for (const constraint of spec.constraints) {
    if (!meetsConstraint(constraint, candidate, all)) return `failed constraint ${describeConstraint(constraint)}`;
  }
  if (candidate.free.cpus + 1e-9 < spec.cpus) return 'lacked cpus';
  if (candidate.free.mem + 1e-9 < spec.mem) return 'lacked memory';
  if (candidate.free.disk + 1e-9 < spec.disk) return 'lacked disk';
  if (candidate.free.gpus < spec.gpus) return 'lacked gpus';
  const ports = assignPorts(spec.portDefinitions, spec.requirePorts, candidate);
  return ports ? { ports } : 'lacked ports';
}

/**
 * Spread (default): fewest tasks of this app; then the least loaded, in steps of a twentieth of the
 * agent's cpus; among agents as loaded, one this pass already gives a task; then most free cpus.
 * The steps and the preference are for the agents' wake-ups: a task placed is a poll answered and a
 * poll of status updates, and a pass that gave each of its tasks to another agent (as exact "most
 * free cpus" did: every placement made its agent the least free) woke an agent for every task.
 * Now one wake-up carries a task of each of the pass's apps, up to a step of load: the scale
 * benchmark's spread burst answered fewer than half the polls (bench/README.md, scale). As
 * Kubernetes' scores, whole numbers, leave agents that differ by a little equal. Bin-pack: the
 * fullest agent first.
 */
function rank(a: Candidate, b: Candidate, pack: boolean): number {
  if (pack) return a.free.cpus - b.free.cpus || b.totalTasks - a.totalTasks;
  return (
    a.appTasks - b.appTasks ||
    loadStep(b) - loadStep(a) ||
    Number(b.newTasks > 0) - Number(a.newTasks > 0) ||
    b.free.cpus - a.free.cpus ||
    a.totalTasks - b.totalTasks ||
    a.id.localeCompare(b.id)
  );
}

/** Free cpus in twentieths of what the agent offers, rounded up: 20 when idle, and still with a first small task. */
function loadStep(candidate: Candidate): number {
  return candidate.cpus > 0 ? Math.ceil((candidate.free.cpus / candidate.cpus) * LOAD_STEPS - 1e-9) : 0;
}
const LOAD_STEPS = 20;

function account(spec: AppSpec, candidate: Candidate, ports: number[]): void {
  candidate.free.cpus -= spec.cpus;
  candidate.free.mem -= spec.mem;
  candidate.free.disk -= spec.disk;
  candidate.free.gpus -= spec.gpus;
  for (const port of ports) candidate.usedPorts.add(port);
  candidate.appTasks += 1;
  candidate.totalTasks += 1;
  candidate.newTasks += 1;
}

/** "3 agents lacked memory, 2 failed constraint os LIKE windows" */
export function describeReasons(reasons: Record<string, number>): string {
  return (
    Object.entries(reasons)
      .sort(([, a], [, b]) => b - a)
      // A reason of 0 agents concerns none (a secret the app waits for): it is said as it is.
      .map(([reason, count]) => (reason.startsWith('no agent') || count === 0 ? reason : `${count} agent${count === 1 ? '' : 's'} ${reason}`))
      .join(', ')
  );
}
