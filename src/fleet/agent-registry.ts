import type { AgentOs, RegisterRequest } from '../agent/index.ts';
import type { Agent, PrismaClient } from '../generated/prisma/client.ts';
import type { Database } from '../db/index.ts';
import { recordChange } from '../events/index.ts';
import { hashToken, newSecret } from '../tokens/index.ts';
import { AgentIdentityRefused, provesSecret } from './agent-secrets.ts';
import { GroupCommit } from './group-commit.ts';

export interface Registration {
  agent: Agent;
  /** The secret issued to a new id (or to one registered before secrets), to be handed to the agent this once. */
  issuedSecret?: string;
}

/**
 * An agent (re)joins: a known id keeps its identity and its tasks, if the
 * request shows that id's secret; a new or unknown id makes a new agent with a
 * secret of its own. Attributes gain os, arch and hostname.
 */
export function registerAgent(prisma: PrismaClient, request: RegisterRequest, secret: string | undefined): Promise<Registration> {
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
    // An agent from before roles offers the unreserved role, as every agent did.
    roles: request.roles ?? ['*'],
    state: 'ACTIVE' as const,
    lastSeenAt: new Date(),
  };
  return recordChange(prisma, async (tx, emit) => {
    const known = request.agentId ? await tx.agent.findUnique({ where: { id: request.agentId } }) : null;
    if (known?.secretHash && !provesSecret(known.secretHash, secret)) {
      throw new AgentIdentityRefused(
        `agent ${known.id} is registered with another secret: this request may not speak for it (remove agent.json from the agent's work dir to join as a new agent)`,
      );
    }
    // Trust on first use for an id registered before secrets existed: its next register gets one.
    const issuedSecret = known?.secretHash ? undefined : newSecret('agentid');
    const withSecret = issuedSecret ? { ...data, secretHash: hashToken(issuedSecret) } : data;
    const agent = known
      ? await tx.agent.update({ where: { id: known.id }, data: withSecret })
      : await tx.agent.create({ data: { ...withSecret, id: request.agentId } });
    emit({
      type: known ? 'agent.reregistered' : 'agent.registered',
      subject: agent.id,
      payload: { agentId: agent.id, hostname: agent.hostname, os: agent.os, previousState: known?.state ?? null },
    });
    return { agent, issuedSecret };
  });
}

/**
 * A poll proves its agent alive. The polls' touches go with group commit: at 5,000 agents, one
 * UPDATE for the polls of a moment instead of one statement and one commit for each of hundreds a second.
 */
export class AgentTouches {
  private readonly rounds: GroupCommit<string, boolean>;

  constructor(db: Database) {
    this.rounds = new GroupCommit((agentIds) => touchAgents(db, agentIds));
  }

  /** Whether the agent is registered; one that was UNREACHABLE becomes ACTIVE again. */
  touch(agentId: string): Promise<boolean> {
    return this.rounds.submit(agentId);
  }
}

/** Touches the agents, answering for each whether it is registered. */
async function touchAgents(db: Database, agentIds: string[]): Promise<boolean[]> {
  // One statement for the common case (registered, and neither UNREACHABLE nor GONE), not a read and then a write.
  const alive = await db.sql.query<{ id: string }>(
    `UPDATE "Agent" SET "lastSeenAt" = $2 WHERE id = ANY($1::uuid[]) AND state NOT IN ('UNREACHABLE', 'GONE') RETURNING id::text`,
    [[...new Set(agentIds)], new Date()],
  );
  const touched = new Set(alive.map((agent) => agent.id));
  const answers = new Map<string, Promise<boolean>>();
  return Promise.all(
    agentIds.map((agentId) => {
      if (touched.has(agentId)) return true;
      if (!answers.has(agentId)) answers.set(agentId, touchReturning(db.prisma, agentId));
      return answers.get(agentId)!;
    }),
  );
}

/** An agent the common case missed: unknown (false), UNREACHABLE or GONE and back now, or one that came back meanwhile. */
async function touchReturning(prisma: PrismaClient, agentId: string): Promise<boolean> {
  const agent = await prisma.agent.findUnique({ where: { id: agentId } });
  if (!agent) return false;
  if (agent.state !== 'UNREACHABLE' && agent.state !== 'GONE') return true; // it came back between the two statements
  await recordChange(prisma, async (tx, emit) => {
    const back = await tx.agent.update({ where: { id: agentId }, data: { lastSeenAt: new Date(), state: 'ACTIVE' } });
    emit({ type: 'agent.reachable', subject: agentId, payload: { agentId, hostname: back.hostname } });
  });
  return true;
}
