import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { Logger } from 'pino';

/**
 * The niceness the gateway's threads take while it leads the control loop (`--leader-nice`), back
 * to their own when it stops leading. On a machine the gateway shares with others (followers,
 * PostgreSQL, agents), its passes then wait less for a core, as etcd is run at Nice=-10 beside
 * other work. Below the process's own niceness it needs root or CAP_SYS_NICE: without them the
 * gateway says so once and leads at its own.
 */
export class LeaderPriority {
  /** The main thread's, where the passes and the event loop run (Linux nices threads, each its own) */
  private readonly own = getPriority();
  private refused = false;

  constructor(
    private readonly nice: number | undefined,
    private readonly logger: Logger,
  ) {}

  leading(now: boolean): void {
    if (this.nice === undefined || this.nice === this.own) return;
    const wanted = now ? this.nice : this.own;
    try {
      for (const thread of threads()) renice(thread, wanted);
    } catch (error) {
      if (this.refused) return;
      this.refused = true;
      this.logger.warn(
        { err: error },
        `cannot take niceness ${wanted} to lead the control loop (--leader-nice): below the process's own it needs root or CAP_SYS_NICE; leading at ${this.own}`,
      );
    }
  }
}

/** One thread, unless it ended since it was listed (ESRCH): that is not a refusal, and the others are still to do. */
function renice(thread: number, nice: number): void {
  try {
    if (getPriority(thread) !== nice) setPriority(thread, nice);
  } catch (error) {
    if ((error as { info?: { code?: string } }).info?.code !== 'ESRCH') throw error;
  }
}

/**
 * Every thread of the process where Linux lists them, V8's helpers with the main one: a garbage
 * collection of the main thread's heap runs on them too, and the main thread waits for its slowest
 * helper. Only the main one at the leader's niceness, its collections took 10 to 40 ms of its longest
 * turns in a burst, waiting for a core (bench/README.md, scale). Elsewhere, the calling thread (0).
 */
function threads(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
