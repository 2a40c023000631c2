import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AGENT_SECRET_HEADER, OTHER_GATEWAYS_HEADER, type PollRequest, type PollResponse, type RegisterRequest, type RegisterResponse } from './protocol.ts';

/**
 * A request to the gateway that failed. `requestId` is the x-request-id it
 * was sent with: the gateway's log lines about it carry the same reqId.
 */
export class GatewayRequestFailed extends Error {
  constructor(
    message: string,
    readonly requestId: string,
  ) {
    super(message);
  }
}

/** An answer from the gateway that says the agent must change something (401: token; 404: register again). */
export class GatewayRefused extends GatewayRequestFailed {
  constructor(
    readonly status: number,
    message: string,
    requestId: string,
  ) {
    super(message, requestId);
  }
}

/** The gateway leads the control loop and leaves this agent's polls to the others: the next poll goes to the next. */
export class GatewayTurnedAway extends GatewayRefused {}

/** How long a gateway that failed a request is not counted among those an agent could poll instead */
const FAILED_FOR_MS = 30_000;

/** The x-request-id of a failed request to the gateway, for the agent's log line about it. */
export function requestIdOf(error: unknown): string | undefined {
  return error instanceof GatewayRequestFailed ? error.requestId : undefined;
}

/** The gateways of `--master`: one URL, or several separated by commas (gateways sharing one database). */
export function gatewayUrls(master: string): string[] {
  return master
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
}

/**
 * The agent's HTTP side: it dials out to the gateway; the gateway never dials in. Given several
 * gateways (they share one database, and any of them serves any agent), a request that cannot reach
 * one, or that it answers 502, 503 or 504, moves the next request to the next, as Nomad's clients
 * rotate through their servers: a gateway that stops takes no agent with it.
 */
export class GatewayLink {
  /** The secret that proves this agent's id, sent with every request once the gateway gave one. */
  private agentSecret: string | undefined;
  private readonly gateways: string[];
  private current = 0;
  /** When each gateway last failed a request (Date.now()), or turned the agent away */
  private readonly failedAt: number[];

  constructor(
    master: string,
    private readonly token: string,
  ) {
    this.gateways = gatewayUrls(master);
    if (this.gateways.length === 0) throw new Error('no gateway URL given');
    this.failedAt = this.gateways.map(() => 0);
  }

  /** The gateway requests go to now. */
  get master(): string {
    return this.gateways[this.current]!;
  }

  useAgentSecret(secret: string | undefined): void {
    this.agentSecret = secret;
  }

  register(request: RegisterRequest): Promise<RegisterResponse> {
    return this.post('/agent/v1/register', request);
  }

  async poll(request: PollRequest, signal: AbortSignal, timeoutMs: number): Promise<PollResponse> {
    // A timer of our own, not AbortSignal.timeout() inside AbortSignal.any(): on Node 20 that timeout
    // signal is garbage-collected and never fires after the first GC (nodejs/node#57736), so a poll
    // the gateway never answered (a half-open connection) would hang the agent for ever.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    try {
      return await this.post('/agent/v1/poll', request, AbortSignal.any([signal, timeout.signal]));
    } finally {
      clearTimeout(timer);
    }
  }

  // node:http rather than fetch: fetch loads undici, some 12 MB of an idle agent's 60
  // (bench/README.md, idle-memory). Kept-alive: an agent polls again the moment an answer arrives.
  private readonly connections = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  /** Closes the kept-alive connections. */
  close(): void {
    this.connections.http.destroy();
    this.connections.https.destroy();
  }

  /** The gateway at `master` failed a request: the next goes to the next gateway (there is none with one). */
  private failedOver(master: string): void {
    if (this.gateways.length > 1 && this.master === master) {
      this.failedAt[this.current] = Date.now();
      this.current = (this.current + 1) % this.gateways.length;
    }
  }

  /**
   * Left to the others by the leader: to one of those that failed it in no request lately, at
   * random, so that the leader's agents spread over the followers rather than all move to the next.
   */
  private turnedAway(master: string): void {
    if (this.master !== master) return;
    const others = this.othersAvailable();
    this.failedAt[this.current] = Date.now();
    this.current = others[Math.floor(Math.random() * others.length)] ?? (this.current + 1) % this.gateways.length;
  }

  /** The other gateways this agent could poll: none failed it lately. With none, even a leader answers its polls. */
  private othersAvailable(): number[] {
    const since = Date.now() - FAILED_FOR_MS;
    return this.gateways.map((_, i) => i).filter((i) => i !== this.current && this.failedAt[i]! < since);
  }

  private post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const requestId = randomUUID();
    const master = this.master;
    const url = new URL(path, master);
    const payload = JSON.stringify(body);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      authorization: `Bearer ${this.token}`,
      'x-request-id': requestId,
      [OTHER_GATEWAYS_HEADER]: this.othersAvailable().length,
    };
    if (this.agentSecret) headers[AGENT_SECRET_HEADER] = this.agentSecret;
    return new Promise<T>((resolve, reject) => {
      // An aborted request fails with an AbortError whose cause is the reason it was aborted for.
      // Aborted by the agent itself (a new status to send) is no failure of the gateway's; no answer in time is.
      const fail = (error: Error) => {
        if (!signal?.aborted || (error.cause as Error | undefined)?.name === 'TimeoutError') this.failedOver(master);
        reject(new GatewayRequestFailed(`cannot reach ${master}: ${(error.cause as Error | undefined)?.message ?? error.message}`, requestId));
      };
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        { method: 'POST', headers, signal, agent: secure ? this.connections.https : this.connections.http },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            const answer = parseAnswer<T>(Buffer.concat(chunks).toString('utf8'));
            const status = response.statusCode ?? 0;
            const message = answer.error ?? `HTTP ${status}`;
            if (status === 503 && answer.pollAnother === true) {
              this.turnedAway(master);
              return reject(new GatewayTurnedAway(status, message, requestId));
            }
            if (status === 502 || status === 503 || status === 504) this.failedOver(master);
            if (status < 200 || status > 299) reject(new GatewayRefused(status, message, requestId));
            else resolve(answer);
          });
        },
      );
      request.on('error', fail);
      request.end(payload);
    });
  }
}

type Answer<T> = T & { error?: string; pollAnother?: boolean };

function parseAnswer<T>(text: string): Answer<T> {
  try {
    return JSON.parse(text) as Answer<T>;
  } catch {
    return {} as Answer<T>;
  }
}
