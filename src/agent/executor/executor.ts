import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TaskHealthMonitor, type HealthCheckers } from '../health/index.ts';
import { terminalReportedStates, type HealthResult, type KnownTask, type LaunchSpec, type ReportedTaskState, type StatusUpdate } from '../protocol.ts';
import { taskEnvironment } from './environment.ts';
import { fetchAll, type FetchLimits } from './fetch.ts';
import { signalTree, spawnTask, treeAlive } from './process-tree.ts';
import { giveSandbox, resolveUser, unreachableBy, type TaskUser } from './run-as.ts';
import { createSandbox, safeName, sandboxPath } from './sandbox.ts';
import { readSandboxFile } from './sandbox-read.ts';
import { appendFlags, writeRegularSync } from './regular-file.ts';
import { interruptedLaunch, openGate } from './launch-gate.ts';
import { pauseBeforeRecord } from './launch-fault.ts';
import { sandboxRecords, writeIntent, writeRecord, type SandboxRecord } from './task-record.ts';
import { collectSandboxes, type SandboxRetention } from './sandbox-gc.ts';
import { describeFailure, diskFullNote } from './disk-full.ts';
import { stderrTail } from './stderr-tail.ts';

export type TaskStatusChange = Omit<StatusUpdate, 'uuid' | 'timestamp'>;

export interface ExecutorOptions {
  workDir: string;
  hostname: string;
  /** Where this machine's service proxy listens: CORRAL_SERVICE_HOST of the tasks (default 127.0.0.1). */
  serviceAddress?: string;
  onStatus(change: TaskStatusChange): void;
  log?: (message: string, fields?: object) => void;
  /** The protocols a task's health and readiness checks may use; without them, tasks run unchecked. */
  checkers?: HealthCheckers;
  /** How large a fetched artifact, and what an archive unpacks to, may be (defaults in fetch.ts) */
  fetchLimits?: FetchLimits;
}

interface RunningTask {
  spec: LaunchSpec;
  sandbox: string;
  /** Whom the task runs as, when its app names a user */
  user?: TaskUser;
  state: ReportedTaskState;
  pid?: number;
  child?: ChildProcess;
  killRequested: boolean;
  killTimer?: NodeJS.Timeout;
  watch?: NodeJS.Timeout;
  monitor?: TaskHealthMonitor;
  /** Set when the agent itself kills the task for failing its health checks: what its KILLING and KILLED updates say. */
  healthKill?: { message: string; health: HealthResult };
}

const ended = (state: ReportedTaskState) => terminalReportedStates.includes(state);

/**
 * Runs tasks as real processes, one sandbox each. Every outcome, failures
 * included, becomes a status change; nothing here throws into the agent.
 * cpus and mem are not enforced (no cgroups): they are for placement only.
 */
export class Executor {
  private readonly running = new Map<string, RunningTask>();

  constructor(private readonly options: ExecutorOptions) {}

  launch(spec: LaunchSpec): void {
    if (this.running.has(spec.taskId)) return;
    const sandbox = sandboxPath(this.options.workDir, spec.appId, spec.taskId);
    const task: RunningTask = { spec, sandbox, state: 'STARTING', killRequested: false };
    this.running.set(spec.taskId, task);
    this.change(task, 'STARTING');
    this.start(task).catch((error: Error) => this.end(task, task.killRequested ? 'KILLED' : 'FAILED', { message: describeFailure(error, task.sandbox) }));
  }

  kill(taskId: string, gracePeriodSeconds: number): void {
    const task = this.running.get(taskId);
    if (!task || ended(task.state) || task.killRequested) return;
    task.killRequested = true;
    task.monitor?.stop();
    if (!task.pid) return; // still fetching: it ends as KILLED when the fetch returns
    this.change(task, 'KILLING', task.healthKill ?? {});
    signalTree(task.pid, 'SIGTERM');
    task.killTimer = setTimeout(() => task.pid && signalTree(task.pid, 'SIGKILL'), gracePeriodSeconds * 1000);
  }

  tasks(): KnownTask[] {
    return [...this.running.values()].map((task) => ({ taskId: task.spec.taskId, state: task.state }));
  }

  /** Removes the sandboxes of ended tasks past `retention`; those of tasks still known stay. */
  collectSandboxes(retention: SandboxRetention): string[] {
    return collectSandboxes(this.options.workDir, (taskId) => this.running.has(taskId), retention);
  }

  forget(taskId: string): void {
    const task = this.running.get(taskId);
    if (task && ended(task.state)) this.running.delete(taskId);
  }

  /** A piece of a file in a task's sandbox, for a user: see readSandboxFile for what is refused. */
  async readFile(taskId: string, path: string, offset: number, length: number): Promise<{ data: Buffer; size: number }> {
    const task = this.running.get(taskId) ?? this.findSandbox(taskId);
    if (!task) throw new Error(`no task ${taskId} on this agent`);
    return readSandboxFile(task.sandbox, path, offset, length);
  }

  /**
   * After an agent restart: tasks whose processes still run are watched again; the others ended while it was away.
   * A launch the agent did not finish never ran its command: its gated process ended with the agent.
   */
  recover(): KnownTask[] {
    for (const record of sandboxRecords(this.options.workDir)) {
      if (this.running.has(record.spec.taskId)) continue;
      if (record.kind === 'interrupted') this.endInterrupted(record);
      else this.adopt(record);
    }
    return this.tasks();
  }

  private endInterrupted(record: SandboxRecord): void {
    const task: RunningTask = { spec: record.spec, sandbox: record.sandbox, state: 'STARTING', killRequested: false };
    this.running.set(record.spec.taskId, task);
    this.end(task, 'FAILED', { message: interruptedLaunch });
  }

  private adopt(record: SandboxRecord & { kind: 'running' }): void {
    const user = record.spec.user ? resolveUser(record.spec.user) : undefined;
    const task: RunningTask = {
      spec: record.spec,
      sandbox: record.sandbox,
      state: 'RUNNING',
      pid: record.pid,
      killRequested: false,
      ...(user && !('problem' in user) && { user }),
    };
    this.running.set(record.spec.taskId, task);
    if (treeAlive(record.pid)) {
      this.watch(task);
      this.monitorHealth(task, taskEnvironment(record.spec, record.sandbox, this.options.hostname, this.options.serviceAddress, task.user));
    } else this.end(task, 'FAILED', { message: 'exited while the agent was down' });
  }

  async shutdown({ killTasks }: { killTasks: boolean }): Promise<void> {
    for (const task of this.running.values()) {
      clearInterval(task.watch);
      task.monitor?.stop();
      if (killTasks && task.pid && !ended(task.state)) {
        signalTree(task.pid, 'SIGTERM');
        setTimeout(() => signalTree(task.pid!, 'SIGKILL'), 2000).unref();
      }
    }
    if (killTasks) await this.waitForExits(5000);
  }

  private async start(task: RunningTask): Promise<void> {
    createSandbox(task.sandbox);
    if (task.spec.user) {
      const user = resolveUser(task.spec.user);
      if ('problem' in user) return this.end(task, 'FAILED', { message: user.problem });
      const unreachable = unreachableBy(task.sandbox, user);
      if (unreachable) return this.end(task, 'FAILED', { message: unreachable });
      task.user = user;
    }
    await fetchAll(task.spec.fetch, task.sandbox, join(this.options.workDir, 'cache'), this.options.fetchLimits);
    if (task.killRequested) return this.end(task, 'KILLED', { message: 'killed before it started' });
    if (task.user) {
      createOutputFiles(task.sandbox);
      giveSandbox(task.sandbox, task.user);
    }
    const env = taskEnvironment(task.spec, task.sandbox, this.options.hostname, this.options.serviceAddress, task.user);
    // The intent first: an agent that dies from here on knows, when it restarts, that this launch was not finished.
    writeIntent(task.sandbox, task.spec);
    const child = spawnTask(task.spec, task.sandbox, env, task.user);
    task.child = child;
    child.once('error', (error) => this.end(task, 'FAILED', { message: `cannot start: ${error.message}` }));
    child.once('exit', (code, signal) => this.exited(task, code, signal));
    if (child.pid === undefined) return;
    task.pid = child.pid;
    await pauseBeforeRecord(task.spec.taskId, this.options.log);
    try {
      writeRecord(task.sandbox, task.spec, child.pid);
    } catch (error) {
      // Without its record a restarted agent would not know the process: it does not run on untracked.
      signalTree(child.pid, 'SIGKILL');
      throw error;
    }
    openGate(child);
    this.change(task, 'RUNNING');
    this.monitorHealth(task, env);
  }

  /** Starts the task's checks; their verdicts travel as status updates with the task's state unchanged. */
  private monitorHealth(task: RunningTask, env: Record<string, string>): void {
    const { checkers } = this.options;
    if (!checkers || (task.spec.healthChecks.length === 0 && task.spec.readinessChecks.length === 0 && !task.spec.check)) return;
    const checked = { id: task.spec.taskId, appId: task.spec.appId, sandbox: task.sandbox, env, ports: task.spec.ports, user: task.user };
    task.monitor = new TaskHealthMonitor(checkers, task.spec, checked, {
      changed: (health) => {
        if (ended(task.state) || task.killRequested) return;
        this.options.log?.('task health', { taskId: task.spec.taskId, ...health });
        this.options.onStatus({ taskId: task.spec.taskId, state: task.state, health });
      },
      failing: (message, health) => {
        task.healthKill = { message, health };
        this.kill(task.spec.taskId, task.spec.killGracePeriodSeconds);
      },
      checked: (check) => {
        if (ended(task.state) || task.killRequested) return;
        this.options.log?.('task check', { taskId: task.spec.taskId, ...check });
        this.options.onStatus({ taskId: task.spec.taskId, state: task.state, check });
      },
    });
    task.monitor.start();
  }

  private exited(task: RunningTask, code: number | null, signal: NodeJS.Signals | null): void {
    // The leader is gone; whatever it left behind in its group goes with it.
    if (task.pid) signalTree(task.pid, 'SIGKILL');
    const tail = stderrTail(task.sandbox);
    if (task.killRequested)
      return this.end(task, 'KILLED', { message: 'killed', ...task.healthKill, ...(code !== null && { exitCode: code }), ...(signal && { signal }) });
    if (code === 0) return this.end(task, 'FINISHED', { exitCode: 0, message: 'exited with code 0' });
    const how = (signal ? `killed by ${signal}` : `exited with code ${code}`) + diskFullNote(task.sandbox);
    this.end(task, 'FAILED', { ...(code !== null && { exitCode: code }), ...(signal && { signal }), message: tail ? `${how}: ${tail}` : how });
  }

  /** A recovered task is not our child: its exit is seen by polling. */
  private watch(task: RunningTask): void {
    task.watch = setInterval(() => {
      if (treeAlive(task.pid!)) return;
      clearInterval(task.watch);
      if (task.killRequested) this.end(task, 'KILLED', { message: 'killed', ...task.healthKill });
      else this.end(task, 'FAILED', { message: 'exited while the agent was down (exit code unknown)' });
    }, 1000);
  }

  private end(task: RunningTask, state: ReportedTaskState, details: Partial<TaskStatusChange>): void {
    if (ended(task.state)) return;
    clearTimeout(task.killTimer);
    clearInterval(task.watch);
    task.monitor?.stop();
    try {
      // On a full disk the write fails but the file is made: as a mark, an empty one does.
      // The task may have left a FIFO or a link there: the write neither waits nor follows it.
      if (existsSync(task.sandbox)) writeRegularSync(join(task.sandbox, 'ended'), state);
    } catch (error) {
      this.options.log?.('cannot mark the sandbox as ended', { taskId: task.spec.taskId, error: (error as Error).message });
    }
    this.change(task, state, details);
  }

  private change(task: RunningTask, state: ReportedTaskState, details: Partial<TaskStatusChange> = {}): void {
    task.state = state;
    this.options.log?.('task status', { taskId: task.spec.taskId, state, ...details });
    this.options.onStatus({ taskId: task.spec.taskId, state, ...details });
  }

  private findSandbox(taskId: string): { sandbox: string } | undefined {
    const root = join(this.options.workDir, 'sandboxes');
    if (!existsSync(root)) return undefined;
    // Named as sandboxPath names it: a task id is never a path of its own.
    for (const app of readdirSync(root)) if (existsSync(join(root, app, safeName(taskId)))) return { sandbox: join(root, app, safeName(taskId)) };
    return undefined;
  }

  private async waitForExits(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && [...this.running.values()].some((task) => task.pid && treeAlive(task.pid))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The files spawnTask appends the task's output to, made before the sandbox is given to the task's user. */
function createOutputFiles(sandbox: string): void {
  for (const name of ['stdout', 'stderr']) closeSync(openSync(join(sandbox, name), appendFlags));
}
