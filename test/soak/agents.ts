import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PortRange } from '../../src/agent/index.ts';
import { startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { pause } from './clock.ts';
import type { GatewayNode } from './gateways.ts';
import { GatewayLink } from './link.ts';

/** The sandboxes disk of an agent that the nemesis may fill: a tmpfs of this size (root only). */
const SANDBOX_DISK_MB = 64;

/**
 * One `corral agent` of the run, as a process of its own, reaching each
 * gateway only through a TCP proxy of its own: cutting them is its partition.
 */
export class AgentNode {
  process: AgentProcess | undefined;
  /** Its agent id, once it has joined (the same after each restart: it is kept in the work dir) */
  id = '';
  readonly link = new GatewayLink();
  /** Where its sandboxes live on a disk of their own, when the machine lets the run mount one */
  sandboxDisk: string | undefined;

  constructor(
    readonly name: string,
    readonly workDir: string,
    readonly ports: PortRange,
    private readonly token: string,
    /** Where its service proxy listens: each agent of the machine needs an address of its own */
    private readonly serviceAddress: string,
  ) {}

  /** Its proxies, one per gateway, and a small disk for its sandboxes when the run is root. */
  async prepare(gateways: GatewayNode[]): Promise<void> {
    await this.link.open(gateways);
    const sandboxes = join(this.workDir, 'sandboxes');
    mkdirSync(sandboxes, { recursive: true });
    if (process.getuid?.() !== 0) return;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SANDBOX_DISK_MB}m`, 'tmpfs', sandboxes], { stdio: 'pipe' });
      this.sandboxDisk = sandboxes;
    } catch {
      // no mount here (a container without the right): the disk-full fault is left out
    }
  }

  running(): boolean {
    return this.process?.running() ?? false;
  }

  /** Starts it, again while it cannot join (both gateways may be away), until `timeoutMs`. */
  async start(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        this.process = await startAgentProcess({
          master: this.link.masters,
          token: this.token,
          workDir: this.workDir,
          ports: this.ports,
          env: { CORRAL_SERVICE_ADDRESS: this.serviceAddress, CORRAL_LOG_LEVEL: 'warn' },
        });
        this.id = this.process.id;
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await pause(1000);
      }
    }
  }

  async kill(): Promise<void> {
    await this.process?.kill('SIGKILL');
  }

  async close(): Promise<void> {
    this.link.mend();
    await this.kill();
    await this.link.close();
  }

  /** After its tasks are gone: the tmpfs goes too (lazily, should a process still hold it). */
  unmount(): void {
    if (!this.sandboxDisk) return;
    try {
      execFileSync('umount', ['-l', this.sandboxDisk], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
}
