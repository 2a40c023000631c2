import { performance } from 'node:perf_hooks';
import { FollowEventsDocument, type GatewayClient } from '../src/client/index.ts';
import { terminalStates } from '../src/tasks/index.ts';

const endedStates = new Set<string>(terminalStates);

/**
 * Follows every task.status event from the start of the log and keeps each
 * task's latest state, so a benchmark can wait for "these tasks RUNNING" or
 * "those ended" as the events say it, not at the pace of polling the API.
 */
export class TaskWatch {
  private readonly states = new Map<string, { appId: string; state: string }>();
  private readonly events;
  private readonly following: Promise<void>;
  private waiters: { check: () => boolean; resolve: (at: number) => void }[] = [];

  constructor(client: GatewayClient) {
    this.events = client.subscribe(FollowEventsDocument, { after: '0', types: ['task.status'] });
    this.following = this.follow();
  }

  /** Tasks of `appId` whose latest state is RUNNING. */
  running(appId: string): string[] {
    return [...this.states].filter(([, task]) => task.appId === appId && task.state === 'RUNNING').map(([taskId]) => taskId);
  }

  ended(taskId: string): boolean {
    return endedStates.has(this.states.get(taskId)?.state ?? '');
  }

  /** Resolves with performance.now() of the event after which `check` holds (now, if it already does). */
  until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
    if (check()) return Promise.resolve(performance.now());
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<number>((resolve) => this.waiters.push({ check, resolve })),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    await this.events.return?.();
    await this.following.catch(() => undefined);
  }

  private async follow(): Promise<void> {
    for await (const { events: event } of this.events) {
      const { taskId, appId, state } = event.payload as { taskId: string; appId: string; state: string };
      this.states.set(taskId, { appId, state });
      const now = performance.now();
      this.waiters = this.waiters.filter((waiter) => (waiter.check() ? (waiter.resolve(now), false) : true));
    }
  }
}
