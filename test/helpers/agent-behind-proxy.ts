import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '../../src/agent/index.ts';
import { chaosPorts } from './chaos-ports.ts';
import { startCluster, type TestCluster } from './cluster.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

export interface CutOffAgent {
  cluster: TestCluster;
  /** The only way from the agent to the gateway: `cut()` and `mend()` it */
  proxy: TcpProxy;
  agent: Agent;
  workDir: string;
  stop(): Promise<void>;
}

/**
 * A cluster (PGlite; an agent silent for 2 s is UNREACHABLE) with one real agent that reaches the
 * gateway only through a TCP proxy the test can cut, on chaos slot 0's ports.
 */
export async function startAgentBehindProxy(name: string): Promise<CutOffAgent> {
  const cluster = await startCluster('pglite', [], { unreachableAfterMs: 2000, pollTimeoutMs: 2000 });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cluster.gateway.url).port) });
  const workDir = mkdtempSync(join(tmpdir(), `corral-chaos-${name}-`));
  const agent = new Agent({
    master: proxy.url,
    token: cluster.agentToken,
    workDir,
    programs: [],
    resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [chaosPorts(0)] },
  });
  await agent.start();
  return {
    cluster,
    proxy,
    agent,
    workDir,
    stop: async () => {
      proxy.mend();
      await agent.stop({ killTasks: true });
      await proxy.close();
      await cluster.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
