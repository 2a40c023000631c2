import { performance } from 'node:perf_hooks';

/**
 * How scale's creators spread their createApp requests over the gateways: to the one with the
 * fewest of them under way, as a load balancer in front of several API servers sends them (Envoy's
 * LEAST_REQUEST, nginx's least_conn, HAProxy's leastconn), or each app to the next gateway in turn.
 */
export type BalancePolicy = 'least-request' | 'round-robin';

export class ApiBalance {
  private readonly underWay: number[];
  /** Each request's time to its answer, by gateway */
  readonly tookMs: number[][];

  constructor(
    gateways: number,
    private readonly policy: BalancePolicy,
  ) {
    this.underWay = Array.from({ length: gateways }, () => 0);
    this.tookMs = Array.from({ length: gateways }, () => []);
  }

  /** Sends the `nth` request through the gateway the policy picks, given as its index. */
  async send<T>(nth: number, request: (gateway: number) => Promise<T>): Promise<T> {
    const gateway = this.policy === 'round-robin' ? nth % this.underWay.length : this.underWay.indexOf(Math.min(...this.underWay));
    const started = performance.now();
    this.underWay[gateway]! += 1;
    try {
      return await request(gateway);
    } finally {
      this.underWay[gateway]! -= 1;
      this.tookMs[gateway]!.push(performance.now() - started);
    }
  }
}
