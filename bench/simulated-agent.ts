import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AgentCommand, KnownTask, PollResponse, RegisterResponse, ReportedTaskState, StatusUpdate } from '../src/agent/index.ts';
import { terminalReportedStates } from '../src/agent/index.ts';
import { agentSockets, type AgentLink, type PollCall, TurnedAway } from './agent-link.ts';

interface Pending {
  update: StatusUpdate;
  /** performance.now() when the agent had it to say */
  since: number;
}

export interface AgentCounters {
  polls: number;
  /** Polls a leading gateway left to another (the agent moved on) */
  turnedAway: number;
  /** Polls that failed (HTTP 5xx, a dropped connection, no answer within the poll timeout + 15 s) */
  errors: number;
  registerRetries: number;
  /** Tasks launched (each once, however often its launch came) */
  launched: number;
  lastError?: string;
}

/**
 * An agent without an executor: it speaks /agent/v1 as src/agent does
 * (register, then a long poll that carries unacknowledged status updates and
 * is cut short whenever there is a new one), "runs" the tasks it is told to
 * launch by reporting them STARTING and RUNNING, and calls `acknowledged` with
 * how long each status update waited for its acknowledgement.
 */
export class SimulatedAgent {
  id: string | undefined;
  /** The secret the gateway issued this agent at registration */
  private secret: string | undefined;
  /** How long the gateway holds a poll, from its answer to register */
  pollTimeoutMs = 0;
  private readonly tasks = new Map<string, ReportedTaskState>();
  private readonly health = new Map<string, boolean>();
  private readonly outbox = new Map<string, Pending>();
  private inflight: PollCall | undefined;
  private readonly sockets = agentSockets();
  private stopped = false;
  private loop: Promise<void> | undefined;

  /**
   * `links`: the gateways it was given, `at` the one it polls first. As the real agent, it moves to
   * the next when a leading gateway leaves it to the others; the benchmark's gateways do not fail,
   * so it counts every other one as one it could poll.
   */
  constructor(
    private readonly links: AgentLink[],
    public at: number,
    readonly hostname: string,
    private readonly counters: AgentCounters,
    private readonly acknowledged: (update: StatusUpdate, waitedMs: number) => void,
  ) {}

  /** Registers, retrying as the real agent does when the gateway fails (an overloaded one answers 500). */
  async register(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.links[this.at]!.post<RegisterResponse>(
          '/agent/v1/register',
          {
            hostname: this.hostname,
            os: 'LINUX',
            arch: 'x64',
            version: 'bench',
            resources: { cpus: 8, mem: 16_384, disk: 100_000, gpus: 0, ports: [[31_000, 32_000]] },
            attributes: { rack: `rack-${this.hostname.slice(-2)}` },
            tasks: [],
          },
          { sockets: this.sockets },
        );
        this.id = answer.agentId;
        this.secret = answer.agentSecret;
        this.pollTimeoutMs = answer.pollTimeoutMs;
        return;
      } catch (error) {
        this.counters.registerRetries += 1;
        this.counters.lastError = (error as Error).message;
        if (attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

  start(): void {
    this.loop = this.pollForever();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inflight?.cancel?.();
    await this.loop;
    this.sockets.destroy();
  }

  /** Tasks this agent runs (RUNNING acknowledged or not). */
  running(): string[] {
    return [...this.tasks].filter(([, state]) => state === 'RUNNING').map(([taskId]) => taskId);
  }

  /** What it last said of each task it has: the state and, once it reported one, the health. */
  lastReported(): { taskId: string; state: ReportedTaskState; healthy: boolean | undefined }[] {
    return [...this.tasks].map(([taskId, state]) => ({ taskId, state, healthy: this.health.get(taskId) }));
  }

  /** Whether every update this agent made has been acknowledged. */
  settled(): boolean {
    return this.outbox.size === 0;
  }

  /** A health check of one of its tasks changed its verdict: the commonest update of a steady cluster. */
  reportHealthChange(): boolean {
    const taskId = this.running()[0];
    if (!taskId) return false;
    const healthy = !(this.health.get(taskId) ?? false);
    this.health.set(taskId, healthy);
    this.report({ taskId, state: 'RUNNING', health: { healthy, ...(healthy ? {} : { cause: 'HTTP 503' }) } });
    return true;
  }

  private report(change: Omit<StatusUpdate, 'uuid' | 'timestamp'>): void {
    const update: StatusUpdate = { ...change, uuid: randomUUID(), timestamp: new Date().toISOString() };
    this.outbox.set(update.uuid, { update, since: performance.now() });
    this.inflight?.cancel?.(); // as the real agent: say it now, not at the end of the long poll
  }

  private async pollForever(): Promise<void> {
    while (!this.stopped) {
      const known: KnownTask[] = [...this.tasks].map(([taskId, state]) => ({ taskId, state }));
      // Given up after the hold plus 15 s, as the real agent does (with a timer of its own: see GatewayLink.poll).
      const inflight: PollCall = { timeoutMs: this.pollTimeoutMs + 15_000 };
      this.inflight = inflight;
      try {
        this.counters.polls += 1;
        const body = { agentId: this.id, tasks: known, statuses: [...this.outbox.values()].map((pending) => pending.update) };
        const answer = await this.links[this.at]!.post<PollResponse>('/agent/v1/poll', body, {
          sockets: this.sockets,
          agentSecret: this.secret,
          call: inflight,
          otherGateways: this.links.length - 1,
        });
        // Answered: a status reported from here on goes with the next poll; there is nothing to cut short.
        this.inflight = undefined;
        if (answer.pollTimeoutMs) this.pollTimeoutMs = answer.pollTimeoutMs;
        for (const command of answer.commands) this.obey(command);
      } catch (error) {
        if (inflight.cancelled) continue;
        if (error instanceof TurnedAway) {
          this.counters.turnedAway += 1;
          // As GatewayLink: to one of the others at random, so the leader's agents spread over the followers.
          this.at = (this.at + 1 + Math.floor(Math.random() * (this.links.length - 1))) % this.links.length;
          continue;
        }
        this.counters.errors += 1;
        this.counters.lastError = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private obey(command: AgentCommand): void {
    if (command.type === 'acknowledge') {
      const now = performance.now();
      for (const uuid of command.uuids) {
        const pending = this.outbox.get(uuid);
        if (!pending) continue;
        this.outbox.delete(uuid);
        this.acknowledged(pending.update, now - pending.since);
        if (terminalReportedStates.includes(pending.update.state)) this.tasks.delete(pending.update.taskId);
      }
    } else if (command.type === 'launch') {
      if (this.tasks.has(command.task.taskId)) return;
      this.counters.launched += 1;
      this.tasks.set(command.task.taskId, 'RUNNING');
      this.report({ taskId: command.task.taskId, state: 'STARTING' });
      this.report({ taskId: command.task.taskId, state: 'RUNNING' });
    } else if (command.type === 'kill') {
      this.tasks.set(command.taskId, 'KILLED');
      this.report({ taskId: command.taskId, state: 'KILLED', message: 'killed' });
    }
  }
}
