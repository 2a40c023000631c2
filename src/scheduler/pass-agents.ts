import type { Agent, PrismaClient, Task } from '../generated/prisma/client.ts';
import type { AgentFacts } from './cluster-view.ts';

/** When agents were last seen: what the clock-driven decisions need of them. */
export interface AgentClock {
  /** The earliest lastSeenAt of the agents not yet UNREACHABLE (ACTIVE or DRAINING); null when there are none */
  earliestSeen: Date | null;
  /** When the agent of an UNREACHABLE task was last seen; undefined when the agent is gone */
  lastSeenOf(agentId: string | null): Date | undefined;
}

/** When the silence of the task's agent began to count (epoch ms); -Infinity when the agent is gone: away for ever. */
export function awaySince(agents: AgentClock, task: Task, unreachableAfterMs: number): number {
  const lastSeen = agents.lastSeenOf(task.agentId);
  return lastSeen ? lastSeen.getTime() + unreachableAfterMs : -Infinity;
}

/**
 * What a control loop pass knows of the agents. Every pass needs only a few facts: which agents
 * are drained and when agents were last seen. The whole list (resources, attributes, ports) is
 * looked at only when a task is to be placed, and comes from the leader's view, which reads it again
 * only after an agent's event: at 5,000 agents, reading it in every pass held the gateway's event
 * loop for tens of milliseconds, and the agents' acknowledgements waited.
 */
export class PassAgents implements AgentClock {
  private constructor(
    /** Every agent, as the leader's view keeps them (ClusterView.everyAgent) */
    readonly all: () => Promise<Agent[]>,
    readonly drained: ReadonlySet<string>,
    readonly earliestSeen: Date | null,
    private readonly lastSeen: ReadonlyMap<string, Date>,
  ) {}

  /** The facts every pass needs (`facts`, as the view keeps them), and when the agents of these active tasks' UNREACHABLE ones were last seen. */
  static async read(prisma: PrismaClient, activeTasks: Task[], facts: Promise<AgentFacts>, everyAgent: () => Promise<Agent[]>): Promise<PassAgents> {
    const away = new Set<string>();
    for (const task of activeTasks) if (task.state === 'UNREACHABLE' && task.agentId) away.add(task.agentId);
    const [{ drained, earliestSeen }, seen] = await Promise.all([
      facts,
      away.size === 0 ? [] : prisma.agent.findMany({ where: { id: { in: [...away] } }, select: { id: true, lastSeenAt: true } }),
    ]);
    return new PassAgents(everyAgent, drained, earliestSeen, new Map(seen.map((agent) => [agent.id, agent.lastSeenAt])));
  }

  lastSeenOf(agentId: string | null): Date | undefined {
    return agentId === null ? undefined : this.lastSeen.get(agentId);
  }
}
