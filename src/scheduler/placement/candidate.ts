import type { PortRange } from '../../agent/index.ts';
import type { Agent, Task } from '../../generated/prisma/client.ts';
import { isDying } from '../../tasks/index.ts';

/** An agent as placement sees it: what it offers and what already runs there. */
export interface Candidate {
  id: string;
  hostname: string;
  attributes: Record<string, string>;
  /** The resource roles it offers ("*": unreserved) */
  roles: string[];
  free: { cpus: number; mem: number; disk: number; gpus: number };
  portRanges: PortRange[];
  usedPorts: Set<number>;
  /** Tasks of the app being placed, on this agent */
  appTasks: number;
  totalTasks: number;
}

/** The value of a constraint field on an agent: hostname, or an attribute (os, arch, rack, ...). */
export function fieldValue(candidate: Candidate, field: string): string | undefined {
  return field === 'hostname' ? candidate.hostname : candidate.attributes[field];
}

/** What placement counts of a task on an agent: a stored task, or one the pass has just decided to place. */
export type TaskUsage = Pick<Task, 'appId' | 'agentId' | 'state' | 'desiredState' | 'ports' | 'cpus' | 'mem' | 'disk' | 'gpus'>;

/** The agents that accept new tasks (reachable, not drained), with what their active tasks already use. */
export function candidatesFrom(agents: readonly Agent[], activeTasks: readonly TaskUsage[], appId: string): Candidate[] {
  // Tasks grouped by agent once: filtering every task for every agent cost agents × tasks.
  const byAgent = new Map<string, TaskUsage[]>();
  for (const task of activeTasks) {
    if (task.agentId === null) continue;
    const tasks = byAgent.get(task.agentId);
    if (tasks) tasks.push(task);
    else byAgent.set(task.agentId, [task]);
  }
  return agents
    .filter((agent) => agent.state === 'ACTIVE' && agent.drainingSince === null)
    .map((agent) => {
      const here = byAgent.get(agent.id) ?? [];
      const used = (pick: (task: TaskUsage) => number) => here.reduce((sum, task) => sum + pick(task), 0);
      return {
        id: agent.id,
        hostname: agent.hostname,
        attributes: agent.attributes as Record<string, string>,
        roles: agent.roles,
        free: {
          cpus: agent.cpus - used((task) => task.cpus),
          mem: agent.mem - used((task) => task.mem),
          disk: agent.disk - used((task) => task.disk),
          gpus: agent.gpus - used((task) => task.gpus),
        },
        portRanges: agent.portRanges as PortRange[],
        usedPorts: new Set(here.flatMap((task) => task.ports)),
        appTasks: here.filter((task) => task.appId === appId && !isDying(task)).length,
        totalTasks: here.length,
      };
    });
}

/**
 * The agents' offers for a whole pass, built once from the agents and the active tasks; each app
 * then takes them with its own count of tasks per agent (`forApp`). Placing uses them up (placeTasks
 * accounts each placement on its candidate), so an app placed later sees what those before took.
 * Built for each app from every task, they cost apps × tasks a pass: 421 apps and 100,000 tasks
 * made most of a pass's 2.6 s (bench/README.md, scale).
 */
export class PassOffers {
  private readonly candidates: Candidate[];
  /** appId -> agentId -> tasks of the app there that are not dying */
  private readonly perApp = new Map<string, Map<string, number>>();

  constructor(agents: readonly Agent[], activeTasks: readonly TaskUsage[]) {
    this.candidates = candidatesFrom(agents, activeTasks, '');
    for (const task of activeTasks) if (task.agentId !== null && !isDying(task)) this.count(task.appId, task.agentId);
  }

  /** The candidates, counting this app's tasks on each. */
  forApp(appId: string): Candidate[] {
    const counts = this.perApp.get(appId);
    for (const candidate of this.candidates) candidate.appTasks = counts?.get(candidate.id) ?? 0;
    return this.candidates;
  }

  /** The app's new tasks, so a later look at it counts them. */
  placed(appId: string, agentIds: readonly string[]): void {
    for (const agentId of agentIds) this.count(appId, agentId);
  }

  private count(appId: string, agentId: string): void {
    let counts = this.perApp.get(appId);
    if (!counts) this.perApp.set(appId, (counts = new Map()));
    counts.set(agentId, (counts.get(agentId) ?? 0) + 1);
  }
}
