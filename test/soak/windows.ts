import { GatewayClient } from '../../src/client/index.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { startWindowsAgent, type WindowsAgent } from '../helpers/windows-agent.ts';
import type { GatewayNode } from './gateways.ts';

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
  private proxies: TcpProxy[] = [];

  async start(gateways: GatewayNode[], token: string, ports: [number, number]): Promise<void> {
    for (const gateway of gateways) this.proxies.push(await startTcpProxy({ host: '127.0.0.1', port: gateway.port }));
    const client = new GatewayClient({ url: gateways[0]!.url });
    try {
      this.agent = await startWindowsAgent({
        master: this.proxies.map((proxy) => proxy.url).join(','),
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

  cut(): void {
    for (const proxy of this.proxies) proxy.cut();
  }

  mend(): void {
    for (const proxy of this.proxies) proxy.mend();
  }

  async close(): Promise<void> {
    this.mend();
    await this.agent?.stop();
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
  }
}
