import type { AgentOs, RegisterRequest } from '../agent/index.ts';
import type { Agent, PrismaClient } from '../generated/prisma/client.ts';
import { recordChange } from '../events/index.ts';

/**
 * An agent (re)joins: a known id keeps its identity and its tasks; a new or
 * unknown id makes a new agent. Attributes gain os, arch and hostname.
 */
export function registerAgent(prisma: PrismaClient, request: RegisterRequest): Promise<Agent> {
  const attributes = { ...request.attributes, os: request.os.toLowerCase(), arch: request.arch, hostname: request.hostname };
  const data = {
    hostname: request.hostname,
    os: request.os satisfies AgentOs,
    arch: request.arch,
    version: request.version,
    cpus: request.resources.cpus,
    mem: request.resources.mem,
    disk: request.resources.disk,
    gpus: request.resources.gpus,
    portRanges: request.resources.ports,
    attributes,
    state: 'ACTIVE' as const,
    lastSeenAt: new Date(),
  };
  return recordChange(prisma, async (tx, emit) => {
    const known = request.agentId ? await tx.agent.findUnique({ where: { id: request.agentId } }) : null;
    const agent = known ? await tx.agent.update({ where: { id: known.id }, data }) : await tx.agent.create({ data: { ...data, id: request.agentId } });
    emit({
      type: known ? 'agent.reregistered' : 'agent.registered',
      subject: agent.id,
      payload: { agentId: agent.id, hostname: agent.hostname, os: agent.os, previousState: known?.state ?? null },
    });
    return agent;
  });
}

/** A poll proves the agent alive; one that was UNREACHABLE becomes ACTIVE again. false: no such agent. */
export async function touchAgent(prisma: PrismaClient, agentId: string): Promise<boolean> {
  // Every poll comes here, twice: one statement for the common case, not a read and then a write.
  const alive = await prisma.agent.updateMany({ where: { id: agentId, state: { notIn: ['UNREACHABLE', 'GONE'] } }, data: { lastSeenAt: new Date() } });
  if (alive.count > 0) return true;
  const agent = await prisma.agent.findUnique({ where: { id: agentId } });
  if (!agent) return false;
  if (agent.state !== 'UNREACHABLE' && agent.state !== 'GONE') return true; // it came back between the two statements
  await recordChange(prisma, async (tx, emit) => {
    const back = await tx.agent.update({ where: { id: agentId }, data: { lastSeenAt: new Date(), state: 'ACTIVE' } });
    emit({ type: 'agent.reachable', subject: agentId, payload: { agentId, hostname: back.hostname } });
  });
  return true;
}
