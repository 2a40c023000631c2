import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pause } from './clock.ts';

const corralBin = fileURLToPath(new URL('../../src/cli/corral.js', import.meta.url));

export interface GatewaySetup {
  databaseUrl: string;
  agentToken: string;
  /** Every gateway of a database seals secrets with the same key */
  secretsKeyFile: string;
  configFile: string;
  servicePorts: [number, number];
  unreachableAfterSeconds: number;
}

/**
 * One `corral server` of the run, on a fixed port (agents find a restarted
 * gateway where the old one was). The nemesis kills, pauses and restarts it.
 */
export class GatewayNode {
  private child: ChildProcess | undefined;
  private stopped = false;
  private log = '';
  private killing = false;
  /** It answered /healthz since it was last started: it is up, not starting (a start may fail while PostgreSQL restarts). */
  private up = false;
  /** Each time it exited, once up, with no kill of ours: how, and the end of its output. */
  readonly exitsOnItsOwn: string[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly setup: GatewaySetup,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Running and not stopped: a request to it should be answered. */
  serving(): boolean {
    return this.running() && !this.stopped;
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log.slice(-4000);
  }

  /** Starts it, again and again while it cannot (its database may be restarting), until it answers /healthz. */
  async start(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.spawn();
      if (await this.answers(Math.min(30_000, deadline - Date.now()))) {
        this.up = true;
        return;
      }
      await this.kill();
      await pause(1000);
    }
    throw new Error(`gateway ${this.name} did not start in ${timeoutMs} ms:\n${this.output()}`);
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.killing = true;
    child.kill('SIGKILL');
    await exited;
    this.killing = false;
    this.stopped = false;
  }

  /** SIGSTOP: the process is there, holds its connections and its lease, and answers nothing. */
  freeze(): void {
    if (!this.running()) return;
    this.child!.kill('SIGSTOP');
    this.stopped = true;
  }

  thaw(): void {
    if (this.running()) this.child!.kill('SIGCONT');
    this.stopped = false;
  }

  /** Whether it holds the control loop's lease now (Marathon's /v2/leader names itself). */
  async leads(): Promise<boolean> {
    if (!this.serving()) return false;
    try {
      const response = await fetch(`${this.url}/v2/leader`, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) return false;
      const { leader } = (await response.json()) as { leader?: string };
      return leader === `127.0.0.1:${this.port}`;
    } catch {
      return false;
    }
  }

  private spawn(): void {
    const { databaseUrl, agentToken, secretsKeyFile, configFile, servicePorts, unreachableAfterSeconds } = this.setup;
    const args = ['server', '--database-url', databaseUrl, '--no-auth', '--agent-token', agentToken, '--host', '127.0.0.1', '--port', String(this.port)];
    args.push('--unreachable-after', String(unreachableAfterSeconds), '--service-ports', servicePorts.join('-'));
    const child = spawn(process.execPath, [corralBin, ...args], {
      env: { ...process.env, CORRAL_CONFIG: configFile, CORRAL_SECRETS_KEY_FILE: secretsKeyFile, CORRAL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.up && !this.killing) this.exitsOnItsOwn.push(`${this.name} exited by itself (${signal ?? `code ${code}`}): ${this.output().slice(-1500)}`);
    });
    this.child = child;
    this.up = false;
    this.stopped = false;
  }

  private async answers(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running()) {
      try {
        if ((await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return true;
      } catch {
        // not listening yet
      }
      await pause(200);
    }
    return false;
  }
}
