import type { PrismaClient } from '../generated/prisma/client.ts';

export interface PollPacingOptions {
  /** How long an idle poll is held in a small fleet */
  holdMs: number;
  /** How long a silent agent takes to become UNREACHABLE in a small fleet */
  unreachableAfterMs: number;
  /** The polls a second the whole fleet may make while idle (Nomad's max_heartbeats_per_second) */
  maxPollsPerSecond: number;
}

/** How often the gateway counts its agents. */
export const FLEET_COUNTED_EVERY_MS = 5000;

/**
 * How long the agents' idle polls are held, and so how long silence means an
 * agent is away, for the size of the fleet: as Nomad stretches its clients'
 * heartbeat TTL past `fleet / max_heartbeats_per_second`, a large fleet polls
 * less often each, so that idle agents cost the gateway a bounded number of
 * polls a second, and is judged unreachable later, in proportion.
 */
export class PollPacing {
  private fleet = 0;

  constructor(private readonly options: PollPacingOptions) {}

  /** How long to hold an idle poll now. */
  holdMs(): number {
    return Math.max(this.options.holdMs, Math.ceil((this.fleet / this.options.maxPollsPerSecond) * 1000));
  }

  /** How long without a poll before an agent is UNREACHABLE now: three holds at least, so one slow poll is not silence. */
  unreachableAfterMs(): number {
    return Math.max(this.options.unreachableAfterMs, 3 * this.holdMs());
  }

  /** Takes the size of the fleet: the agents that poll (every state but GONE). */
  async count(prisma: PrismaClient): Promise<void> {
    this.fleet = await prisma.agent.count({ where: { state: { not: 'GONE' } } });
  }
}
