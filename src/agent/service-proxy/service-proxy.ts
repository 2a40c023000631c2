import type { PortRange, ServiceTable } from '../protocol.ts';
import { ServiceListener, type ListenerContext } from './service-listener.ts';

export interface ServiceProxyOptions {
  /** Where the listeners are (default 127.0.0.1): tasks on this machine reach services there. */
  address?: string;
  /** The ports this agent offers its tasks: a service port among them is left to the task that may need it. */
  taskPorts?: PortRange[];
  log?: ListenerContext['log'];
  connectTimeoutMs?: number;
  retryMs?: number;
}

/**
 * marathon-lb on every agent: for each service port of the cluster, a TCP
 * listener on this machine that forwards every connection to a task of the
 * app that serves traffic, wherever it runs, taking turns. It follows the
 * gateway's service table: `apply` makes the listeners match it.
 */
export class ServiceProxy {
  private readonly listeners = new Map<number, ServiceListener>();
  private readonly context: ListenerContext;
  private readonly skipped = new Set<number>();
  private appliedVersion = '';

  constructor(private readonly options: ServiceProxyOptions = {}) {
    this.context = {
      address: options.address ?? '127.0.0.1',
      connectTimeoutMs: options.connectTimeoutMs ?? 2000,
      retryMs: options.retryMs ?? 1000,
      log: options.log ?? (() => undefined),
    };
  }

  get address(): string {
    return this.context.address;
  }

  /** The version of the table in force ('' before the first). */
  get version(): string {
    return this.appliedVersion;
  }

  /** The service ports being listened on now. */
  listeningPorts(): number[] {
    return [...this.listeners.values()].filter((listener) => listener.listening).map((listener) => listener.servicePort);
  }

  apply(table: ServiceTable): void {
    const wanted = new Map(table.services.filter((route) => this.mayListen(route.servicePort, route.appId)).map((route) => [route.servicePort, route]));
    for (const [port, listener] of this.listeners) {
      if (wanted.has(port)) continue;
      listener.close();
      this.listeners.delete(port);
    }
    for (const [port, route] of wanted) {
      let listener = this.listeners.get(port);
      if (!listener) this.listeners.set(port, (listener = new ServiceListener(port, route.appId, this.context)));
      listener.route(route.appId, route.endpoints);
    }
    this.appliedVersion = table.version;
  }

  close(): void {
    for (const listener of this.listeners.values()) listener.close();
    this.listeners.clear();
    this.appliedVersion = '';
  }

  private mayListen(port: number, appId: string): boolean {
    const taskPort = (this.options.taskPorts ?? []).some(([from, to]) => port >= from && port <= to);
    if (taskPort && !this.skipped.has(port)) {
      this.skipped.add(port);
      this.context.log('warn', 'a service port is among the ports this agent gives tasks: no proxy for it here', { servicePort: port, appId });
    }
    return !taskPort;
  }
}
