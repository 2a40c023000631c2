import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requests: number;
  failures: number;
  firstFailure?: string;
  seconds: number;
  /** Each successful request's round trip, in ms */
  latenciesMs: number[];
}

/**
 * `clients` closed-loop clients, each sending its next request as soon as the
 * last one answered, for `seconds`: the throughput is what the server sustains
 * with that many requests in flight, and each latency is one request's own.
 */
export async function closedLoopLoad(clients: number, seconds: number, send: () => Promise<void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  const end = start + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        await send();
        latenciesMs.push(performance.now() - sent);
      } catch (error) {
        failures += 1;
        firstFailure ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { requests: latenciesMs.length, failures, firstFailure, seconds: (performance.now() - start) / 1000, latenciesMs };
}
