import { randomUUID } from 'node:crypto';
import type { PollRequest, PollResponse, RegisterRequest, RegisterResponse } from './protocol.ts';

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

/** The x-request-id of a failed request to the gateway, for the agent's log line about it. */
export function requestIdOf(error: unknown): string | undefined {
  return error instanceof GatewayRequestFailed ? error.requestId : undefined;
}

/** The agent's HTTP side: it dials out to the gateway; the gateway never dials in. */
export class GatewayLink {
  constructor(
    private readonly master: string,
    private readonly token: string,
  ) {}

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

  private async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const requestId = randomUUID();
    const response = await fetch(new URL(path, this.master), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, 'x-request-id': requestId },
      body: JSON.stringify(body),
      signal,
    }).catch((error: Error) => {
      // fetch says only "fetch failed"; its cause says why (connection refused, unknown host, ...).
      throw new GatewayRequestFailed(`cannot reach ${this.master}: ${(error.cause as Error | undefined)?.message ?? error.message}`, requestId);
    });
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (!response.ok) throw new GatewayRefused(response.status, answer.error ?? `HTTP ${response.status}`, requestId);
    return answer;
  }
}
