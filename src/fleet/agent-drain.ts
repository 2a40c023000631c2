import { isUuid } from '../db/index.ts';
import { recordChange } from '../events/index.ts';
import type { Agent, PrismaClient } from '../generated/prisma/client.ts';

export class AgentNotFound extends Error {
  override name = 'AgentNotFound';
  constructor(readonly agentId: string) {
    super(`agent ${agentId} does not exist`);
  }
}

/**
 * Nomad's node drain: the agent takes no new task, and the control loop moves
 * its tasks elsewhere as each app's upgradeStrategy allows (replacements start
 * before the old tasks stop). It stays drained, across restarts, until activated.
 */
export function drainAgent(prisma: PrismaClient, agentId: string): Promise<Agent> {
  return setDraining(prisma, agentId, true);
}

/** Makes a drained agent take tasks again. */
export function activateAgent(prisma: PrismaClient, agentId: string): Promise<Agent> {
  return setDraining(prisma, agentId, false);
}

function setDraining(prisma: PrismaClient, agentId: string, draining: boolean): Promise<Agent> {
  return recordChange(prisma, async (tx, emit) => {
    const agent = isUuid(agentId) ? await tx.agent.findUnique({ where: { id: agentId } }) : null;
    if (!agent) throw new AgentNotFound(agentId);
    if ((agent.drainingSince !== null) === draining) return agent;
    const changed = await tx.agent.update({ where: { id: agentId }, data: { drainingSince: draining ? new Date() : null } });
    emit({ type: draining ? 'agent.drain' : 'agent.activated', subject: agentId, payload: { agentId, hostname: agent.hostname } });
    return changed;
  });
}
