import { GatewayClient } from '../../src/client/index.ts';
import { startWindowsAgent, type WindowsAgent } from '../helpers/windows-agent.ts';
import type { GatewayNode } from './gateways.ts';
import { GatewayLink } from './link.ts';

/** The role only the Windows agent offers: apps meant for it accept it, every other app stays on Linux. */
export const WINDOWS_ROLE = 'windows';

/**
 * The run's Windows agent (--windows): node.exe under Wine, behind proxies
 * of its own like the Linux agents. The nemesis only partitions it: killing
 * Wine's node.exe alone leaves Wine's processes in a state no real Windows
 * machine would be in.
 */
export class WindowsNode {
  readonly name = 'windows-agent';
  agent: WindowsAgent | undefined;
  readonly link = new GatewayLink();

  async start(gateways: GatewayNode[], token: string, ports: [number, number]): Promise<void> {
    await this.link.open(gateways);
    const client = new GatewayClient({ url: gateways[0]!.url });
    try {
      this.agent = await startWindowsAgent({
        master: this.link.masters,
        token,
        client,
        ports,
        roles: [WINDOWS_ROLE],
        nodeOnPath: true,
      });
    } finally {
      await client.close();
    }
  }

  async close(): Promise<void> {
    this.link.mend();
    await this.agent?.stop();
    await this.link.close();
  }
}
