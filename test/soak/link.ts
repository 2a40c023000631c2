import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import type { GatewayNode } from './gateways.ts';

/** An agent's only way to the gateways: a TCP proxy to each. Cutting them all is its network partition. */
export class GatewayLink {
  private proxies: TcpProxy[] = [];

  async open(gateways: GatewayNode[]): Promise<void> {
    for (const gateway of gateways) this.proxies.push(await startTcpProxy({ host: '127.0.0.1', port: gateway.port }));
  }

  /** The agent's --master: every gateway, through its proxy */
  get masters(): string {
    return this.proxies.map((proxy) => proxy.url).join(',');
  }

  cut(): void {
    for (const proxy of this.proxies) proxy.cut();
  }

  mend(): void {
    for (const proxy of this.proxies) proxy.mend();
  }

  async close(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
  }
}
