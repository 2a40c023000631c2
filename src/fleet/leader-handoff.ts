import type { IncomingMessage } from 'node:http';
import { OTHER_GATEWAYS_HEADER, type PollAnother } from '../agent/index.ts';
import type { Presence } from '../db/index.ts';

/** How long the leader trusts what it last saw of the other gateways */
const LOOKED_FOR_MS = 1000;

export const POLL_ANOTHER: PollAnother = {
  error: 'this gateway leads the control loop and leaves agents to the other gateways',
  pollAnother: true,
};

/**
 * The leader's passes want its event loop: at 100,000 tasks, serving a third of the agents' polls
 * beside them made each pass wait behind the polls, and the polls behind the passes (bench/README.md,
 * scale). So while other gateways share its database, the leader turns away the polls of agents
 * that can poll one of them (OTHER_GATEWAYS_HEADER), and they move there (GatewayLink). A leader
 * alone, or an agent given no other gateway, or none it can reach, is served as before.
 */
export class LeaderHandoff {
  private othersThere = false;
  private lookedAt = 0;
  private looking = false;

  constructor(
    private readonly presence: Presence,
    private readonly leading: () => boolean,
  ) {}

  /** Whether this poll goes to another gateway. */
  turnsAway(req: IncomingMessage): boolean {
    if (!this.leading() || !(Number(req.headers[OTHER_GATEWAYS_HEADER]) > 0)) return false;
    this.lookAgainIfOld();
    return this.othersThere;
  }

  async stop(): Promise<void> {
    await this.presence.leave();
  }

  /**
   * Looked at only when an agent that could go elsewhere polls, and at most once a LOOKED_FOR_MS:
   * a gateway no such agent polls sends no statement for it. Meanwhile the last answer holds; not
   * known (the database away), the leader serves everyone, as a gateway alone does.
   */
  private lookAgainIfOld(): void {
    if (this.looking || Date.now() - this.lookedAt < LOOKED_FOR_MS) return;
    this.looking = true;
    this.lookedAt = Date.now();
    void this.presence
      .others()
      .then(
        (others) => (this.othersThere = others > 0),
        () => (this.othersThere = false),
      )
      .finally(() => (this.looking = false));
  }
}
