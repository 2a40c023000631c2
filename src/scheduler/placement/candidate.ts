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
