import type { IncomingMessage } from 'node:http';
import { OTHER_GATEWAYS_HEADER, type PollAnother } from '../agent/index.ts';
import type { Presence } from '../db/index.ts';

/** How often the leader looks whether other gateways are there */
const LOOKED_EVERY_MS = 1000;

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
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly presence: Presence,
    private readonly leading: () => boolean,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.look(), LOOKED_EVERY_MS).unref();
  }

  /** Whether this poll goes to another gateway. */
  turnsAway(req: IncomingMessage): boolean {
    return this.othersThere && this.leading() && Number(req.headers[OTHER_GATEWAYS_HEADER]) > 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.presence.leave();
  }

  private async look(): Promise<void> {
    if (!this.leading()) {
      this.othersThere = false;
      return;
    }
    // Not known (the database away): the leader serves everyone, as a gateway alone does.
    this.othersThere = await this.presence.others().then(
      (others) => others > 0,
      () => false,
    );
  }
}
