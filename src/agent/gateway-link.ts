import type { PollRequest, PollResponse, RegisterRequest, RegisterResponse } from './protocol.ts';

/** An answer from the gateway that says the agent must change something (401: token; 404: register again). */
export class GatewayRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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

  poll(request: PollRequest, signal: AbortSignal, timeoutMs: number): Promise<PollResponse> {
    return this.post('/agent/v1/poll', request, AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
  }

  private async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(new URL(path, this.master), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
      signal,
    }).catch((error: Error) => {
      // fetch says only "fetch failed"; its cause says why (connection refused, unknown host, ...).
      throw new Error(`cannot reach ${this.master}: ${(error.cause as Error | undefined)?.message ?? error.message}`);
    });
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (!response.ok) throw new GatewayRefused(response.status, answer.error ?? `HTTP ${response.status}`);
    return answer;
  }
}
