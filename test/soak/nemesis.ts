import { pause } from './clock.ts';
import type { Dice } from './dice.ts';
import { faults, type FaultContext } from './faults.ts';
import type { FaultKind, History } from './history.ts';
import type { Stack } from './stack.ts';

/** How often each fault is chosen: the process faults most, the rarer whole-cluster ones less. */
const weights: Record<FaultKind, number> = {
  'gateway-kill': 3,
  'agent-kill': 3,
  partition: 3,
  'postgres-restart': 1.5,
  'leader-pause': 1.5,
  'disk-full': 1,
};

/** At most this many faults at once: they overlap, yet the cluster is never all gone. */
const MAX_AT_ONCE = 3;

/**
 * Causes faults at random moments from its dice until stopped; each fault heals
 * itself after a while, and `stop` waits for every one under way to heal.
 */
export class Nemesis {
  private running = true;
  private readonly underWay = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private readonly context: FaultContext;
  private readonly ending = new AbortController();
  readonly failures: string[] = [];

  constructor(stack: Stack, history: History, dice: Dice) {
    this.context = { stack, history, dice, busy: new Set(), ending: this.ending.signal };
  }

  start(): void {
    this.loop = this.run();
  }

  /** Starts no more faults, and heals those under way now. */
  async stop(): Promise<void> {
    this.running = false;
    this.ending.abort();
    await this.loop;
    await Promise.all(this.underWay);
  }

  private async run(): Promise<void> {
    const { dice, stack } = this.context;
    while (this.running) {
      await pause(dice.between(2000, 8000), this.ending.signal);
      if (!this.running || this.underWay.size >= MAX_AT_ONCE) continue;
      const kind = dice.weighted(weights);
      this.context.leader = await leaderOf(stack);
      const healing = faults[kind](this.context);
      if (!healing) continue;
      const tracked: Promise<void> = healing
        .catch((error: Error) => void this.failures.push(`${kind}: ${error.message}`))
        .finally(() => this.underWay.delete(tracked));
      this.underWay.add(tracked);
    }
  }
}

export async function leaderOf(stack: Stack) {
  for (const gateway of stack.gateways) if (await gateway.leads()) return gateway;
  return undefined;
}
