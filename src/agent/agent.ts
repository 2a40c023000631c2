import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { defaultRetention, Executor, type SandboxRetention } from './executor/index.ts';
import { GatewayLink, GatewayRefused, GatewayTurnedAway, requestIdOf } from './gateway-link.ts';
import { HealthCheckers } from './health/index.ts';
import { readAgentIdentity, writeAgentIdentity } from './identity.ts';
import { deferKeepAliveUntilConnected } from './keep-alive.ts';
import { detectMachine } from './machine.ts';
import { detectPrograms } from './programs.ts';
import { UNRESERVED_ROLE } from './roles.ts';
import { ServiceProxy } from './service-proxy/index.ts';
import { terminalReportedStates, type AgentCommand, type AgentResources, type FileReadResult, type StatusUpdate } from './protocol.ts';
import { StatusOutbox } from './status-outbox.ts';

export const AGENT_VERSION = '0.1.0';

export type AgentLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface AgentOptions {
  /** The gateway URL, or several separated by commas (gateways sharing one database): requests move to the next when one fails */
  master: string;
  token: string;
  workDir: string;
  attributes?: Record<string, string>;
  /** The resource roles it offers (default ["*"], the unreserved role): apps' acceptedResourceRoles pick agents by them */
  roles?: string[];
  resources?: Partial<AgentResources>;
  log?: AgentLog;
  /** Folders of more plugins (health-check protocols), each with an index that default-exports definePlugin({...}). */
  plugins?: string[];
  /** Programs to look for and offer as `program.<name>` attributes (default: those catalog packages ask for) */
  programs?: string[];
  /** How long ended tasks' sandboxes stay (default: 7 days, at most 10 per app) */
  sandboxRetention?: SandboxRetention;
  /** Where the service proxy listens for the cluster's service ports (default 127.0.0.1) */
  serviceAddress?: string;
}

/** How often the sandboxes of ended tasks are swept. */
const SANDBOX_GC_EVERY_MS = 10 * 60_000;

/** An agent: registers, then long-polls the gateway, carrying statuses up and commands down. */
export class Agent {
  private readonly link: GatewayLink;
  private readonly outbox = new StatusOutbox();
  private readonly executor: Executor;
  private readonly checkers = new HealthCheckers();
  private readonly log: AgentLog;
  private fileReads: FileReadResult[] = [];
  /** Made at registration, when the ports this machine gives tasks (which it must leave alone) are known. */
  private proxy: ServiceProxy | undefined;
  private agentId: string | undefined;
  private pollTimeoutMs = 20_000;
  private inflight: AbortController | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private gc: NodeJS.Timeout | undefined;

  constructor(private readonly options: AgentOptions) {
    if (process.platform === 'win32') deferKeepAliveUntilConnected();
    this.link = new GatewayLink(options.master, options.token);
    this.log = options.log ?? (() => undefined);
    mkdirSync(options.workDir, { recursive: true });
    this.executor = new Executor({
      workDir: options.workDir,
      hostname: hostname(),
      serviceAddress: options.serviceAddress,
      onStatus: (change) => this.report(change),
      log: (message, fields) => this.log('info', message, fields as Record<string, unknown>),
      checkers: this.checkers,
    });
  }

  get id(): string | undefined {
    return this.agentId;
  }

  /** Loads plugin folders (a bad one fails at once), registers (so does a refused token; an unreachable gateway is retried), then polls until stopped. */
  async start(): Promise<void> {
    // Before any task runs (recovered ones included): their checks may need these protocols.
    for (const plugin of await this.checkers.load(this.options.plugins ?? [])) this.log('info', 'loaded plugin', { plugin: plugin.name });
    this.executor.recover();
    this.collectSandboxes();
    this.gc = setInterval(() => this.collectSandboxes(), SANDBOX_GC_EVERY_MS).unref();
    await this.register();
    this.loop = this.pollForever();
  }

  async stop({ killTasks }: { killTasks: boolean }): Promise<void> {
    this.stopped = true;
    clearInterval(this.gc);
    this.inflight?.abort();
    await this.loop;
    this.link.close();
    this.proxy?.close();
    await this.executor.shutdown({ killTasks });
  }

  private async register(): Promise<void> {
    const machine = await detectMachine(this.options.workDir, this.options.resources);
    this.proxy ??= new ServiceProxy({ address: this.options.serviceAddress, taskPorts: machine.resources.ports, log: this.log });
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = readAgentIdentity(this.options.workDir);
        this.link.useAgentSecret(stored.agentSecret);
        const answer = await this.link.register({
          agentId: this.agentId ?? stored.agentId,
          hostname: machine.hostname,
          os: machine.os,
          arch: machine.arch,
          version: AGENT_VERSION,
          resources: machine.resources,
          // Attributes given by the operator win over what is detected.
          attributes: { ...detectPrograms(this.options.programs), ...this.options.attributes },
          roles: this.options.roles ?? [UNRESERVED_ROLE],
          tasks: this.executor.tasks(),
        });
        this.agentId = answer.agentId;
        this.pollTimeoutMs = answer.pollTimeoutMs;
        const agentSecret = answer.agentSecret ?? (answer.agentId === stored.agentId ? stored.agentSecret : undefined);
        writeAgentIdentity(this.options.workDir, { agentId: answer.agentId, agentSecret });
        this.link.useAgentSecret(agentSecret);
        this.log('info', 'registered with the gateway', { agentId: answer.agentId, master: this.link.master });
        return;
      } catch (error) {
        if (error instanceof GatewayRefused && error.status !== 404 && error.status < 500) throw error;
        if (this.stopped) return;
        this.log('warn', 'cannot register yet; retrying', { error: (error as Error).message, attempt, reqId: requestIdOf(error) });
        await pause(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }

  private async pollForever(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const inflight = (this.inflight = new AbortController());
      const fileReads = this.fileReads.splice(0);
      try {
        const answer = await this.link.poll(
          { agentId: this.agentId!, tasks: this.executor.tasks(), statuses: this.outbox.unacknowledged(), fileReads, services: this.proxy!.version },
          inflight.signal,
          this.pollTimeoutMs + 15_000,
        );
        failures = 0;
        if (answer.pollTimeoutMs) this.pollTimeoutMs = answer.pollTimeoutMs;
        if (answer.services) this.proxy!.apply(answer.services);
        for (const command of answer.commands) this.obey(command);
      } catch (error) {
        // Resent on the next poll: the gateway drops answers it already has.
        this.fileReads.unshift(...fileReads);
        if (inflight.signal.aborted) continue; // a new status to send, or stopping
        if (error instanceof GatewayRefused && error.status === 404) {
          await this.register();
          continue;
        }
        if (error instanceof GatewayTurnedAway) {
          this.log('info', `${error.message}; polling ${this.link.master}`, { reqId: error.requestId });
          continue;
        }
        failures += 1;
        this.log('warn', 'poll failed; retrying', { error: (error as Error).message, failures, reqId: requestIdOf(error) });
        await pause(Math.min(5000, 200 * 2 ** failures));
      }
    }
  }

  private obey(command: AgentCommand): void {
    switch (command.type) {
      case 'acknowledge':
        for (const update of this.outbox.acknowledge(command.uuids)) {
          if (terminalReportedStates.includes(update.state) && !this.outbox.hasPendingFor(update.taskId)) this.executor.forget(update.taskId);
        }
        break;
      case 'launch':
        this.executor.launch(command.task);
        break;
      case 'kill':
        this.executor.kill(command.taskId, command.gracePeriodSeconds);
        break;
      case 'readFile':
        void this.executor.readFile(command.taskId, command.path, command.offset, command.length).then(
          ({ data, size }) => this.answerFileRead({ requestId: command.requestId, data: data.toString('base64'), size }),
          (error: Error) => this.answerFileRead({ requestId: command.requestId, error: error.message }),
        );
        break;
      case 'drain':
        this.log('info', "draining: the gateway moves this agent's tasks elsewhere");
        break;
    }
  }

  private collectSandboxes(): void {
    try {
      const removed = this.executor.collectSandboxes(this.options.sandboxRetention ?? defaultRetention);
      if (removed.length > 0) this.log('info', 'removed the sandboxes of ended tasks', { count: removed.length });
    } catch (error) {
      // A sandbox that cannot be removed now is tried again at the next sweep; the agent goes on.
      this.log('warn', 'cannot remove old sandboxes', { error: (error as Error).message });
    }
  }

  /** Someone waits on this read: send it now rather than at the end of a long poll. */
  private answerFileRead(result: FileReadResult): void {
    this.fileReads.push(result);
    this.inflight?.abort();
  }

  /** A status change of a task: queued until acknowledged, and sent now rather than at the end of a long poll. */
  private report(change: Omit<StatusUpdate, 'uuid' | 'timestamp'>): void {
    this.outbox.add(change);
    this.inflight?.abort();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
