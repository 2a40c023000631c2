import { timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashToken } from '../tokens/index.ts';

/** A request that names an agent id without the secret issued to that id. */
export class AgentIdentityRefused extends Error {
  override name = 'AgentIdentityRefused';
}

/** Whether `secret` is the one whose hash is stored, in time that does not depend on where they differ. */
export function provesSecret(storedHash: string, secret: string | undefined): boolean {
  if (!secret) return false;
  return timingSafeEqual(Buffer.from(storedHash, 'hex'), Buffer.from(hashToken(secret), 'hex'));
}

export type PollIdentity = 'proven' | 'unknown' | 'unproven';

/**
 * Checks that a poll comes from the agent whose id it names. An id's secret never changes once
 * issued, so a proven (id, secret) pair is remembered: thousands of agents' polls cost no read.
 */
export class AgentSecrets {
  private readonly proven = new Map<string, string>();

  constructor(private readonly prisma: PrismaClient) {}

  /** Remembers a pair a register has just proven or issued, so the agent's first poll costs no read either. */
  remember(agentId: string, secret: string): void {
    this.proven.set(agentId, hashToken(secret));
  }

  /** 'unknown': no such agent (it must register); 'unproven': the secret is missing or another's (or the id predates secrets: it must register to get one). */
  async check(agentId: string, secret: string | undefined): Promise<PollIdentity> {
    if (secret && this.proven.get(agentId) === hashToken(secret)) return 'proven';
    const agent = await this.prisma.agent.findUnique({ where: { id: agentId }, select: { secretHash: true } });
    if (!agent) return 'unknown';
    if (!agent.secretHash || !provesSecret(agent.secretHash, secret)) return 'unproven';
    this.proven.set(agentId, agent.secretHash);
    return 'proven';
  }
}
