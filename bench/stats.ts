/** Latency figures in milliseconds, rounded to 0.1 ms. */
export interface Latencies {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentiles: p99 of 100 samples is the 99th smallest, a sample that happened. */
export function latencies(samples: number[]): Latencies {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => (sorted.length === 0 ? null : round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!));
  const mean = sorted.length === 0 ? null : round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length);
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: at(100), mean };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A goal such as "p99 <= 500 ms", and whether the measured value meets it. */
export interface Goal {
  target: string;
  measured: number | null;
  met: boolean;
}

export function atMost(measured: number | null, limit: number, unit: string): Goal {
  return { target: `<= ${limit} ${unit}`, measured, met: measured !== null && measured <= limit };
}

export function atLeast(measured: number | null, limit: number, unit: string): Goal {
  return { target: `>= ${limit} ${unit}`, measured, met: measured !== null && measured >= limit };
}
