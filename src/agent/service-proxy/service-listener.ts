import { createServer, type Server } from 'node:net';
import type { Endpoint } from '../protocol.ts';
import { forward } from './forward.ts';
import { RoundRobin } from './round-robin.ts';

export interface ListenerContext {
  address: string;
  connectTimeoutMs: number;
  retryMs: number;
  log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

/**
 * One service port: listening while its app has endpoints, closed while it
 * has none, so a new connection is then refused at once and a client (an
 * HTTP frontend) can answer for itself. A port something else holds (another
 * program, or another agent on the same machine) is tried again every
 * `retryMs`.
 */
export class ServiceListener {
  private endpoints: readonly Endpoint[] = [];
  private readonly turns = new RoundRobin<Endpoint>();
  private server: Server | undefined;
  private retry: NodeJS.Timeout | undefined;
  private lastProblem: string | undefined;
  private failedAttempts = 0;
  private closed = false;

  constructor(
    readonly servicePort: number,
    private appId: string,
    private readonly context: ListenerContext,
  ) {}

  /** New endpoints (in the table's order) for the connections from now on. */
  route(appId: string, endpoints: readonly Endpoint[]): void {
    this.appId = appId;
    this.endpoints = endpoints;
    if (endpoints.length > 0) this.open();
    else this.stopListening();
  }

  /** For good: the app no longer has this service port. */
  close(): void {
    this.closed = true;
    this.stopListening();
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  private open(): void {
    if (this.server || this.retry || this.closed) return;
    const server = createServer({ allowHalfOpen: true }, (client) => forward(client, this.turns.order(this.endpoints), this.context.connectTimeoutMs));
    this.server = server;
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (this.server !== server) return;
      this.server = undefined;
      if (this.lastProblem !== error.code) {
        this.lastProblem = error.code;
        this.context.log('warn', 'cannot listen on a service port yet; trying again', {
          servicePort: this.servicePort,
          appId: this.appId,
          address: this.context.address,
          error: error.message,
        });
      }
      // The first retry comes soon: a port this listener itself closed a moment ago is free again within one turn.
      const delay = this.failedAttempts++ === 0 ? Math.min(100, this.context.retryMs) : this.context.retryMs;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        if (this.endpoints.length > 0) this.open();
      }, delay);
      this.retry.unref?.();
    });
    server.listen(this.servicePort, this.context.address, () => {
      if (this.lastProblem) this.context.log('info', 'listening on the service port now', { servicePort: this.servicePort, appId: this.appId });
      this.lastProblem = undefined;
      this.failedAttempts = 0;
    });
  }

  private stopListening(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    // Connections under way carry on; only new ones are refused.
    this.server?.close();
    this.server = undefined;
  }
}
