import { randomUUID } from 'node:crypto';
import type { AgentCommand, FileReadResult } from '../agent/index.ts';
import type { SandboxFileReader } from '../api/index.ts';
import type { AgentWakeups } from './agent-wakeups.ts';

interface PendingRead {
  agentId: string;
  command: Extract<AgentCommand, { type: 'readFile' }>;
  sent: boolean;
  settle(result: FileReadResult): void;
}

/**
 * Reads from task sandboxes go to the agent as commands on its long poll (the
 * gateway never dials an agent); the answer comes back on its next poll. The
 * requests wait in this gateway's memory: an agent polling another replica
 * does not see them, and the read times out with a clear error.
 */
export class SandboxFiles implements SandboxFileReader {
  private readonly pending = new Map<string, PendingRead>();

  constructor(
    private readonly wakeups: AgentWakeups,
    private readonly timeoutMs = 10_000,
  ) {}

  read(agentId: string, taskId: string, path: string, offset: number, length: number): Promise<{ data: Buffer; size: number }> {
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`the agent did not answer within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(requestId, {
        agentId,
        command: { type: 'readFile', requestId, taskId, path, offset, length },
        sent: false,
        settle: (result) => {
          clearTimeout(timer);
          this.pending.delete(requestId);
          if (result.error !== undefined) reject(new Error(result.error));
          else resolve({ data: Buffer.from(result.data ?? '', 'base64'), size: result.size ?? 0 });
        },
      });
      this.wakeups.wake(agentId);
    });
  }

  /** The reads to send to this agent now; each is sent once. */
  commandsFor(agentId: string): AgentCommand[] {
    const commands: AgentCommand[] = [];
    for (const read of this.pending.values()) {
      if (read.agentId !== agentId || read.sent) continue;
      read.sent = true;
      commands.push(read.command);
    }
    return commands;
  }

  /** These commands never reached the agent (its poll was gone): its reads go with its next poll. */
  unsend(agentId: string, commands: AgentCommand[]): void {
    let unsent = false;
    for (const command of commands) {
      const read = command.type === 'readFile' ? this.pending.get(command.requestId) : undefined;
      if (read?.agentId !== agentId) continue;
      read.sent = false;
      unsent = true;
    }
    // Its next poll may already be held: it answers now rather than at the end of the hold.
    if (unsent) this.wakeups.wake(agentId);
  }

  /** Answers from an agent's poll; answers to requests this gateway did not make (or gave up on) are dropped. */
  settle(agentId: string, results: FileReadResult[] = []): void {
    for (const result of results) {
      const read = this.pending.get(result.requestId);
      if (read?.agentId === agentId) read.settle(result);
    }
  }
}
