import type { PortRange } from '../agent/index.ts';
import type { Agent, Task } from '../generated/prisma/client.ts';
import type { Candidate } from './placement/index.ts';

/** The agents that accept new tasks (reachable, not drained), with what their active tasks already use. */
export function candidatesFrom(agents: Agent[], activeTasks: Task[], appId: string): Candidate[] {
  return agents
    .filter((agent) => agent.state === 'ACTIVE' && agent.drainingSince === null)
    .map((agent) => {
      const here = activeTasks.filter((task) => task.agentId === agent.id);
      const used = (pick: (task: Task) => number) => here.reduce((sum, task) => sum + pick(task), 0);
      return {
        id: agent.id,
        hostname: agent.hostname,
        attributes: agent.attributes as Record<string, string>,
        free: {
          cpus: agent.cpus - used((task) => task.cpus),
          mem: agent.mem - used((task) => task.mem),
          disk: agent.disk - used((task) => task.disk),
          gpus: agent.gpus - used((task) => task.gpus),
        },
        portRanges: agent.portRanges as PortRange[],
        usedPorts: new Set(here.flatMap((task) => task.ports)),
        appTasks: here.filter((task) => task.appId === appId && task.state !== 'KILLING').length,
        totalTasks: here.length,
      };
    });
}
