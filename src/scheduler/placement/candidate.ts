import type { PortRange } from '../../agent/index.ts';
import type { Agent, Task } from '../../generated/prisma/client.ts';
import { isDying } from '../../tasks/index.ts';
import { eachOf, runAtOnce, type Steps } from '../slices.ts';

/** An agent as placement sees it: what it offers and what already runs there. */
export interface Candidate {
  id: string;
  hostname: string;
  attributes: Record<string, string>;
  /** The resource roles it offers ("*": unreserved) */
  roles: string[];
  free: { cpus: number; mem: number; disk: number; gpus: number };
  /** The cpus it offers in all, used or not */
  cpus: number;
  portRanges: PortRange[];
  usedPorts: Set<number>;
  /** Tasks of the app being placed, on this agent */
  appTasks: number;
  totalTasks: number;
  /** Tasks this pass has placed on it so far, whatever their app */
  newTasks: number;
}

/** The value of a constraint field on an agent: hostname, or an attribute (os, arch, rack, ...). */
export function fieldValue(candidate: Candidate, field: string): string | undefined {
  return field === 'hostname' ? candidate.hostname : candidate.attributes[field];
}

/** What placement counts of a task on an agent: a stored task, or one the pass has just decided to place. */
export type TaskUsage = Pick<Task, 'appId' | 'agentId' | 'state' | 'desiredState' | 'ports' | 'cpus' | 'mem' | 'disk' | 'gpus'>;

/** The agents that accept new tasks (reachable, not drained), with what their active tasks already use, counting `appId`'s. */
export function candidatesFrom(agents: readonly Agent[], activeTasks: readonly TaskUsage[], appId: string): Candidate[] {
  return runAtOnce(PassOffers.building(agents, activeTasks)).forApp(appId);
}

/**
 * The agents' offers for a whole pass, built once from the agents and the active tasks; each app
 * then takes them with its own count of tasks per agent (`forApp`). Placing uses them up (placeTasks
 * accounts each placement on its candidate), so an app placed later sees what those before took.
 * Built for each app from every task, they cost apps × tasks a pass: 421 apps and 100,000 tasks
 * made most of a pass's 2.6 s (bench/README.md, scale).
 */
export class PassOffers {
  private constructor(
    private readonly candidates: Candidate[],
    /** appId -> agentId -> tasks of the app there that are not dying */
    private readonly perApp: Map<string, Map<string, number>>,
  ) {}

  /** The offers in steps: every task once, a step every few thousand (filtering every task for every agent cost agents × tasks). */
  static *building(agents: readonly Agent[], activeTasks: readonly TaskUsage[]): Steps<PassOffers> {
    const accepting = agents.filter((agent) => agent.state === 'ACTIVE' && agent.drainingSince === null);
    const used = new Map(accepting.map((agent) => [agent.id, { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: new Set<number>(), tasks: 0 }]));
    const perApp = new Map<string, Map<string, number>>();
    yield* eachOf(activeTasks, (task) => {
      if (task.agentId === null) return;
      if (!isDying(task)) countOn(perApp, task.appId, task.agentId);
      const here = used.get(task.agentId);
      if (!here) return;
      here.cpus += task.cpus;
      here.mem += task.mem;
      here.disk += task.disk;
      here.gpus += task.gpus;
      for (const port of task.ports) here.ports.add(port);
      here.tasks += 1;
    });
    const candidates = accepting.map((agent): Candidate => {
      const here = used.get(agent.id)!;
      return {
        id: agent.id,
        hostname: agent.hostname,
        attributes: agent.attributes as Record<string, string>,
        roles: agent.roles,
        free: { cpus: agent.cpus - here.cpus, mem: agent.mem - here.mem, disk: agent.disk - here.disk, gpus: agent.gpus - here.gpus },
        cpus: agent.cpus,
        portRanges: agent.portRanges as PortRange[],
        usedPorts: here.ports,
        appTasks: 0,
        totalTasks: here.tasks,
        newTasks: 0,
      };
    });
    return new PassOffers(candidates, perApp);
  }

  /** The candidates, counting this app's tasks on each. */
  forApp(appId: string): Candidate[] {
    const counts = this.perApp.get(appId);
    for (const candidate of this.candidates) candidate.appTasks = counts?.get(candidate.id) ?? 0;
    return this.candidates;
  }

  /** The app's new tasks, so a later look at it counts them. */
  placed(appId: string, agentIds: readonly string[]): void {
    for (const agentId of agentIds) countOn(this.perApp, appId, agentId);
  }
}

/** One more task of `appId` on `agentId`. */
function countOn(perApp: Map<string, Map<string, number>>, appId: string, agentId: string): void {
  let counts = perApp.get(appId);
  if (!counts) perApp.set(appId, (counts = new Map()));
  counts.set(agentId, (counts.get(agentId) ?? 0) + 1);
}
