import type { GatewayUnderTest } from './gateway-under-test.ts';
import { cpus } from 'node:os';

/** CPU time of the whole machine so far, busy and in all, summed over its cores (ms). */
export function machineCpuMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** The gateway's RSS, sampled every second: its peak while the agents work. */
export class PeakMemory {
  maxRss = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(gateway: GatewayUnderTest) {
    this.timer = setInterval(() => (this.maxRss = Math.max(this.maxRss, gateway.rssBytes() ?? 0)), 1000);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
