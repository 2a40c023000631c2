import { describeReasons, placeTasks, type Candidate } from '../scheduler/index.ts';
import { activeStates } from '../tasks/index.ts';
import type { AppSpec } from '../apps/index.ts';
import type { Agent, PrismaClient, Task } from '../generated/prisma/client.ts';

/** Which agents could run a package's apps now, and why the others could not. */
export interface QualifyingAgents {
  agentIds: string[];
  /** "2 agents failed constraint program.redis-server LIKE .+"; null when every active agent qualifies */
  reasons: string | null;
  /** Each active agent that does not qualify, with why */
  refusals: { agentId: string; reasons: string }[];
}

/**
 * An agent qualifies when placement would put a task of each of the
 * package's apps there now: the same checks as the control loop's
 * (attributes and constraints, resources, ports), agent by agent.
 */
export async function qualifyingAgents(prisma: PrismaClient, specs: AppSpec[]): Promise<QualifyingAgents> {
  const agents = await prisma.agent.findMany({
    where: { state: 'ACTIVE', drainingSince: null },
    include: { tasks: { where: { state: { in: activeStates } } } },
    orderBy: [{ hostname: 'asc' }, { id: 'asc' }],
  });
  if (agents.length === 0 || specs.length === 0) {
    return { agentIds: [], reasons: specs.length === 0 ? null : describeReasons(placeTasks(specs[0]!, 1, []).reasons), refusals: [] };
  }
  const agentIds: string[] = [];
  const reasons: Record<string, number> = {};
  const refusals: QualifyingAgents['refusals'] = [];
  for (const agent of agents) {
    const refusal = specs.map((spec) => placeTasks(spec, 1, [candidateOf(agent, agent.tasks)]).reasons).find((found) => Object.keys(found).length > 0);
    if (!refusal) agentIds.push(agent.id);
    else {
      for (const [reason, count] of Object.entries(refusal)) reasons[reason] = (reasons[reason] ?? 0) + count;
      refusals.push({ agentId: agent.id, reasons: Object.keys(refusal).join('; ') });
    }
  }
  return { agentIds, reasons: Object.keys(reasons).length > 0 ? describeReasons(reasons) : null, refusals };
}

/** The agent as placement sees it (as the control loop builds it): what it offers less what its active tasks hold. */
function candidateOf(agent: Agent, tasks: Task[]): Candidate {
  const used = (pick: (task: Task) => number) => tasks.reduce((sum, task) => sum + pick(task), 0);
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
    portRanges: agent.portRanges as Candidate['portRanges'],
    usedPorts: new Set(tasks.flatMap((task) => task.ports)),
    appTasks: 0,
    totalTasks: tasks.length,
  };
}
