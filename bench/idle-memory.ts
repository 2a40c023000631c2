import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAgentBundle } from '../src/agent/bundle.ts';
import { buildCliBundle } from '../src/cli/bundle.ts';
import { newSecret } from '../src/tokens/index.ts';
import { onCleanup } from './cleanup.ts';
import { corralBin, startCommand, type RunningCommand } from './corral-command.ts';
import type { BenchOptions } from './options.ts';
import { procStatusBytes } from './proc-status.ts';
import { megabytes, Run, type BenchmarkReport } from './report.ts';
import { scratchDatabase } from './scratch-database.ts';
import { atMost } from './stats.ts';

const GATEWAY_READY = /GraphQL[^\n]*?(http:\/\/[^\s/]+)\/graphql/;
const AGENT_JOINED = /Corral agent \S+ joined/;
const LOCAL_AGENT_READY = /Local agent \S+ runs tasks/;
const GATEWAY_GOAL_MB = 150;
const AGENT_GOAL_MB = 60;

interface Measured {
  process: RunningCommand;
  samples: number[];
}

/**
 * The resident memory of idle Corral processes, started as a user starts them:
 * built (`npm run build`; `node dist/cli/corral.mjs <command>`, `node
 * dist/corral-agent.cjs agent`), as production runs them, and from the sources
 * through tsx (`node src/cli/corral.js <command>`, as `npx corral` does):
 * `corral dev` (gateway on PGlite with its local agent in the same process),
 * `corral server` on PostgreSQL (when DATABASE_URL names a server), a
 * standalone agent joined to one of them, and a bare `node` as the floor. Once all are ready, VmRSS of each is sampled every second for
 * `idleSeconds`; reported: median, max and the peak (VmHWM) in MB. No app
 * runs: this is what Corral costs a machine while nothing happens.
 */
export async function idleMemory(options: BenchOptions): Promise<BenchmarkReport> {
  const run = new Run('idle-memory');
  const home = mkdtempSync(join(tmpdir(), 'corral-bench-idle-'));
  const removeHome = onCleanup(() => rmSync(home, { recursive: true, force: true }));
  const measured: Record<string, Measured> = {};
  const measure = (name: string, process: RunningCommand) => (measured[name] = { process, samples: [] });

  // Production runs the built files (npm run build: dist/cli/corral.mjs, dist/corral-agent.cjs) with plain
  // node; the sources through tsx are measured too, as `npx corral` runs them.
  const { outfile: built } = await buildCliBundle();
  const { outfile: agentBundle } = await buildAgentBundle(join(home, 'corral-agent.cjs'));
  measure('nodeFloor', await startCommand(['-e', 'setInterval(() => {}, 1e9); console.log("ready")'], /ready/));
  // The first start of corral dev creates its database (initdb), whose memory takes a minute to go back:
  // measured is the second start, as every start after the first one is.
  const startDev = async (bin: string, dir: string) => {
    const args = [bin, 'dev', '--data', join(home, dir, 'data'), '--port', '0'];
    await (await startCommand(args, LOCAL_AGENT_READY)).stop();
    return startCommand(args, LOCAL_AGENT_READY);
  };
  const dev = await startDev(built, 'dev');
  measure('devGateway', dev);
  measure('devGatewayTsx', await startDev(corralBin, 'dev-tsx'));
  let master = gatewayUrl(dev);
  let agentToken = readFileSync(join(home, 'dev', 'agent-token'), 'utf8').trim();

  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    agentToken = newSecret('agent');
    const server = async (bin: string) => {
      const scratch = await scratchDatabase('postgres');
      onCleanup(() => scratch.drop());
      if (!('url' in scratch.target)) throw new Error('a PostgreSQL scratch database has a URL');
      return startCommand([bin, 'server', '--port', '0', '--host', '127.0.0.1', '--agent-token', agentToken, '--no-auth'], GATEWAY_READY, {
        DATABASE_URL: scratch.target.url,
      });
    };
    const production = await server(built);
    measure('serverGateway', production);
    measure('serverGatewayTsx', await server(corralBin));
    master = gatewayUrl(production);
  }

  const agentArgs = (workDir: string) => ['agent', '--master', master, '--token', agentToken, '--work-dir', join(home, workDir)];
  measure('agentBundle', await startCommand([agentBundle, ...agentArgs('agent-bundle')], AGENT_JOINED));
  measure('agentTsx', await startCommand([corralBin, ...agentArgs('agent')], AGENT_JOINED));

  for (let second = 0; second < options.idleSeconds; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const entry of Object.values(measured)) {
      const rss = procStatusBytes(entry.process.pid, 'VmRSS');
      if (rss !== null) entry.samples.push(rss);
    }
  }
  const results = Object.fromEntries(Object.entries(measured).map(([name, entry]) => [name, summary(entry)]));
  for (const entry of Object.values(measured).reverse()) await entry.process.stop();
  await removeHome();

  const median = (name: string) => (results[name]?.medianMb ?? null) as number | null;
  return run.report(
    serverUrl ? 'postgres' : 'pglite',
    {
      idleSeconds: options.idleSeconds,
      sampleEverySeconds: 1,
      launchedAs: 'node dist/cli/corral.mjs <command> and node dist/corral-agent.cjs agent (built: npm run build); *Tsx: node src/cli/corral.js <command>',
      serverGateway: serverUrl ? 'corral server --no-auth on a scratch PostgreSQL database' : 'not measured: no DATABASE_URL',
      agentsJoined: serverUrl ? 'the built server' : 'the built dev gateway',
    },
    results,
    {
      ...(serverUrl && { serverGateway: atMost(median('serverGateway'), GATEWAY_GOAL_MB, 'MB') }),
      devGateway: atMost(median('devGateway'), GATEWAY_GOAL_MB, 'MB (with PGlite and the local agent in it)'),
      agentBundle: atMost(median('agentBundle'), AGENT_GOAL_MB, 'MB'),
    },
  );
}

function gatewayUrl(gateway: RunningCommand): string {
  const url = GATEWAY_READY.exec(gateway.output())?.[1];
  if (!url) throw new Error(`no gateway URL in:\n${gateway.output()}`);
  return url;
}

function summary({ process, samples }: Measured) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    medianMb: sorted.length ? megabytes(sorted[Math.floor((sorted.length - 1) / 2)]!) : null,
    maxMb: sorted.length ? megabytes(sorted.at(-1)!) : null,
    lastMb: samples.length ? megabytes(samples.at(-1)!) : null,
    peakMb: megabytes(procStatusBytes(process.pid, 'VmHWM')),
    ...(samples.length === 0 && { note: 'the process was gone before the first sample' }),
  };
}
