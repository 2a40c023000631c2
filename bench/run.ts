// npm run bench -- [name ...] [--flag value ...]: runs the named benchmarks
// (all without a name) one after another; each prints one JSON object per run
// on stdout. Progress and the gateway's logs go to stderr.
import { loadavg } from 'node:os';
import { agentFanIn } from './agent-fan-in.ts';
import { apiReads } from './api-reads.ts';
import { cleanUpAll } from './cleanup.ts';
import { idleMemory } from './idle-memory.ts';
import { launchLatency } from './launch-latency.ts';
import { parseOptions, usage, type BenchmarkName, type BenchOptions } from './options.ts';
import { placement } from './placement.ts';
import { pm2Comparison } from './pm2.ts';
import { scale } from './scale.ts';
import type { BenchmarkReport } from './report.ts';
import { subscriptionFanOut } from './subscription-fan-out.ts';

const benchmarks: Record<BenchmarkName, (options: BenchOptions) => Promise<BenchmarkReport[]>> = {
  'launch-latency': async (options) => [await launchLatency(options)],
  // One run per agent count, each on a fresh gateway and database.
  'agent-fan-in': async (options) => {
    const reports: BenchmarkReport[] = [];
    for (const agents of options.agents) reports.push(await agentFanIn(options, agents));
    return reports;
  },
  'subscription-fan-out': async (options) => [await subscriptionFanOut(options)],
  // One report for every app count: the point is how the figures change from one to the next.
  'api-reads': async (options) => [await apiReads(options)],
  pm2: async (options) => [await pm2Comparison(options)],
  'idle-memory': async (options) => [await idleMemory(options)],
  placement: async (options) => [await placement(options)],
  scale: async (options) => [await scale(options)],
};

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`bench: ${signal}: cleaning up\n`);
    void cleanUpAll().finally(() => process.exit(130));
  });
}

let failed = false;
try {
  const options = parseOptions(process.argv.slice(2));
  for (const name of options.names) {
    const load = loadavg()[0]!;
    process.stderr.write(
      `bench: ${name} on ${options.database}${load > 1 ? ` (the machine is busy already: load average ${load.toFixed(2)}; the figures will show it)` : ''}\n`,
    );
    try {
      for (const result of await benchmarks[name](options)) process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`bench: ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    } finally {
      await cleanUpAll();
    }
  }
} catch (error) {
  failed = true;
  process.stderr.write(`bench: ${(error as Error).message}\n`);
}
process.exit(failed ? 1 : 0);
