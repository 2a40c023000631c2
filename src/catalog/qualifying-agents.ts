import { candidatesFrom, describeReasons, placeTasks } from '../scheduler/index.ts';
import { activeStates } from '../tasks/index.ts';
import type { AppSpec } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Which agents could run a package's apps now, and why the others could not. */
export interface QualifyingAgents {
  agentIds: string[];
  /** "2 agents failed constraint program.redis-server LIKE .+"; null when every active agent qualifies */
  reasons: string | null;
  /** Each active agent that does not qualify, with why */
  refusals: { agentId: string; reasons: string }[];
}

const taskUsage = { appId: true, agentId: true, state: true, desiredState: true, ports: true, cpus: true, mem: true, disk: true, gpus: true } as const;

/**
 * An agent qualifies when placement would put a task of each of the
 * package's apps there now: the same checks as the control loop's
 * (attributes and constraints, resources, ports), agent by agent.
 */
export async function qualifyingAgents(prisma: PrismaClient, specs: AppSpec[]): Promise<QualifyingAgents> {
  const agents = await prisma.agent.findMany({
    where: { state: 'ACTIVE', drainingSince: null },
    // Only what placement counts of a task: at 100,000 tasks, whole rows took twice as long to read.
    include: { tasks: { where: { state: { in: activeStates } }, select: taskUsage } },
    orderBy: [{ hostname: 'asc' }, { id: 'asc' }],
  });
  if (agents.length === 0 || specs.length === 0) {
    return { agentIds: [], reasons: specs.length === 0 ? null : describeReasons(placeTasks(specs[0]!, 1, []).reasons), refusals: [] };
  }
  const agentIds: string[] = [];
  const reasons: Record<string, number> = {};
  const refusals: QualifyingAgents['refusals'] = [];
  for (const agent of agents) {
    // The agent as the control loop's placement sees it; the package's apps have no tasks yet.
    const candidates = candidatesFrom([agent], agent.tasks, '');
    const refusal = specs.map((spec) => placeTasks(spec, 1, candidates).reasons).find((found) => Object.keys(found).length > 0);
    if (!refusal) agentIds.push(agent.id);
    else {
      for (const [reason, count] of Object.entries(refusal)) reasons[reason] = (reasons[reason] ?? 0) + count;
      refusals.push({ agentId: agent.id, reasons: Object.keys(refusal).join('; ') });
    }
  }
  return { agentIds, reasons: Object.keys(reasons).length > 0 ? describeReasons(reasons) : null, refusals };
}
