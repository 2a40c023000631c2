import type { EventFeed, EventType } from '../events/index.ts';

// Sandbox reads wake their agent themselves (SandboxFiles): they are not in the log.
const WAKING_EVENTS: EventType[] = ['task.placed', 'task.killing', 'agent.drain'];

/** Wakes the long polls of the agents that a new event concerns; one event reader for all of them. */
export class AgentWakeups {
  private waiting = new Map<string, Set<() => void>>();
  private follower?: AsyncIterableIterator<{ payload: unknown }>;

  constructor(private readonly events: EventFeed) {}

  start(): void {
    // Wake-ups compacted away unread: every agent polls again, and hears what it missed.
    this.follower = this.events.follow(undefined, { types: WAKING_EVENTS }, { onCompacted: () => this.wakeAll() }) as AsyncIterableIterator<{
      payload: unknown;
    }>;
    void (async () => {
      for await (const event of this.follower!) {
        const agentId = (event.payload as { agentId?: string } | null)?.agentId;
        if (agentId) this.wake(agentId);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.follower?.return?.();
    this.wakeAll();
  }

  /** Something every agent must hear of (the service table changed). */
  wakeAll(): void {
    for (const agentId of [...this.waiting.keys()]) this.wake(agentId);
  }

  wake(agentId: string): void {
    const wakers = this.waiting.get(agentId);
    this.waiting.delete(agentId);
    wakers?.forEach((wake) => wake());
  }

  /** Resolves true when something for `agentId` happens, false after `timeoutMs` or when `signal` aborts. */
  wait(agentId: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        this.waiting.get(agentId)?.delete(wake);
        resolve(woken);
      };
      const wake = () => done(true);
      const aborted = () => done(false);
      const timer = setTimeout(aborted, timeoutMs);
      signal.addEventListener('abort', aborted);
      let wakers = this.waiting.get(agentId);
      if (!wakers) this.waiting.set(agentId, (wakers = new Set()));
      wakers.add(wake);
    });
  }
}
