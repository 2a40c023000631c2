import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Agent, type AgentResources, type PortRange } from '../../src/agent/index.ts';
import { GatewayClient } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { scratchDatabase, type DatabaseKind, type ScratchDatabase } from './databases.ts';

export interface AgentSetup {
  attributes?: Record<string, string>;
  resources?: Partial<AgentResources>;
  /** Plugin folders the agent loads (AgentOptions.plugins) */
  plugins?: string[];
  /** Where its service proxy listens (default: an address of its own, 127.0.0.10 and up) */
  serviceAddress?: string;
}

export interface TestCluster {
  gateway: Gateway;
  db: Database;
  client: GatewayClient;
  agentToken: string;
  agents: Agent[];
  /** Starts one more agent; a given workDir brings an earlier agent back. */
  addAgent(setup?: AgentSetup & { workDir?: string }): Promise<Agent>;
  /** A port range no other agent of this cluster offers, for an agent started elsewhere (a Windows agent under Wine). */
  nextAgentPorts(): PortRange;
  /** Where the gateway assigns service ports from */
  servicePorts: PortRange;
  workDirOf(agent: Agent): string;
  /** Where the agent's service proxy listens */
  serviceAddressOf(agent: Agent): string;
  stop(): Promise<void>;
}

// Test files run in parallel workers: each cluster takes its own block of host
// ports (below Linux's ephemeral range), so tasks of two clusters never collide.
let clusterSerial = 0;
function portBlock(): number {
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  return 10_000 + (worker % 4) * 5_000 + (clusterSerial++ % 10) * 500;
}
// Service ports too, as every agent's proxy listens on those of its cluster's
// apps: 25 for the cluster whose port block comes next, above all the
// blocks of task ports and below Linux's ephemeral ports (32768 on).
function nextServicePortBlock(): PortRange {
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  const from = 30_000 + (worker % 4) * 250 + (clusterSerial % 10) * 25;
  return [from, from + 24];
}

/** A gateway on a scratch database with fast timings, and `agents` real agents (in this process, tasks as real processes). */
export async function startCluster(
  kind: DatabaseKind,
  agents: AgentSetup[] = [{}],
  timings: Pick<
    GatewayOptions,
    'unreachableAfterMs' | 'pollTimeoutMs' | 'maxPollsPerSecond' | 'allowInternalRepositories' | 'tokensRequired' | 'adminToken'
  > = { unreachableAfterMs: 2000, pollTimeoutMs: 2000 },
): Promise<TestCluster> {
  const scratch: ScratchDatabase = await scratchDatabase(kind);
  const db = await openDatabase(scratch.target);
  const agentToken = newSecret('agent');
  const servicePorts = nextServicePortBlock();
  const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), agentToken, sweepMs: 250, servicePorts, ...timings });
  const client = new GatewayClient({ url: gateway.url });
  // Searchable by every user, as an agent's work dir must be for tasks that run as another user (mkdtemp makes 0700).
  const root = searchableByAll(mkdtempSync(join(tmpdir(), 'corral-agents-')));
  const started: Agent[] = [];
  const ports = portBlock();
  const workDirs = new Map<Agent, string>();
  // Agents on one machine cannot all listen on 127.0.0.1 at a service port: each has a loopback address of its own (127.0.0.1 stays free for a Windows agent).
  const serviceAddresses = new Map<Agent, string>();
  let rangesGiven = 0;
  const nextAgentPorts = (): PortRange => {
    const from = ports + rangesGiven++ * 50;
    return [from, from + 49];
  };
  const addAgent = async (setup: AgentSetup & { workDir?: string } = {}) => {
    const workDir = setup.workDir ?? searchableByAll(mkdtempSync(join(root, 'agent-')));
    const serviceAddress = setup.serviceAddress ?? `127.0.0.${10 + serviceAddresses.size}`;
    const agent = new Agent({
      master: gateway.url,
      token: agentToken,
      workDir,
      attributes: setup.attributes,
      plugins: setup.plugins,
      // What this machine has installed must not change what a test sees: programs are attributes tests give.
      programs: [],
      resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [nextAgentPorts()], ...setup.resources },
      serviceAddress,
    });
    await agent.start();
    started.push(agent);
    workDirs.set(agent, workDir);
    serviceAddresses.set(agent, serviceAddress);
    return agent;
  };
  for (const setup of agents) await addAgent(setup);
  return {
    gateway,
    db,
    client,
    agentToken,
    agents: started,
    addAgent,
    nextAgentPorts,
    servicePorts,
    workDirOf: (agent) => workDirs.get(agent)!,
    serviceAddressOf: (agent) => serviceAddresses.get(agent)!,
    stop: async () => {
      await Promise.all(started.map((agent) => agent.stop({ killTasks: true }).catch(() => undefined)));
      await client.close();
      await gateway.close();
      await db.close();
      await scratch.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function searchableByAll(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}
