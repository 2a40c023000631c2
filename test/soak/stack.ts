import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSecret } from '../../src/tokens/index.ts';
import { killOrphanedTasks } from '../helpers/agent-process.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { AgentNode } from './agents.ts';
import { GatewayNode } from './gateways.ts';
import { killTaskProcesses } from './task-processes.ts';
import { WindowsNode } from './windows.ts';

/** An agent silent this long is UNREACHABLE: short, so that partitions and kills matter within a run. */
export const UNREACHABLE_AFTER_S = 8;

/**
 * The cluster under test, all real: a PostgreSQL of the run's own, two
 * gateways on it, three Linux agents each behind proxies. Its ports are one
 * block from `portBase` (default 9100, below every other test's): PostgreSQL
 * at +0, gateways at +1 and +2, service ports +10..+29, agents +100 on, 50 each
 * (the Windows agent's +250..+299).
 */
export interface Stack {
  root: string;
  postgres: PrivatePostgres;
  databaseUrl: string;
  gateways: GatewayNode[];
  agents: AgentNode[];
  /** The Windows agent under Wine, with --windows */
  windows?: WindowsNode;
  /** The app ids of this run all start here: the run's processes are told apart from any other's by it */
  appPrefix: string;
  stop(): Promise<void>;
}

export async function startStack({ portBase, agents: agentCount, windows }: { portBase: number; agents: number; windows: boolean }): Promise<Stack> {
  const root = mkdtempSync(join(tmpdir(), 'corral-soak-'));
  const postgres = await startPrivatePostgres({ port: portBase });
  const databaseUrl = await postgres.createDatabase('soak');
  const agentToken = newSecret('agent');
  const setup = {
    databaseUrl,
    agentToken,
    secretsKeyFile: join(root, 'secrets.key'),
    configFile: join(root, 'config.json'),
    servicePorts: [portBase + 10, portBase + 29] as [number, number],
    unreachableAfterSeconds: UNREACHABLE_AFTER_S,
  };
  const gateways = ['gateway-a', 'gateway-b'].map((name, index) => new GatewayNode(name, portBase + 1 + index, setup));
  // One at a time: the first creates the schema, the second finds it made.
  for (const gateway of gateways) await gateway.start();
  const agents = Array.from({ length: agentCount }, (_, index) => {
    const from = portBase + 100 + index * 50;
    return new AgentNode(`agent-${index + 1}`, mkdtempSync(join(root, `agent-${index + 1}-`)), [from, from + 49], agentToken, `127.0.0.${70 + index}`);
  });
  for (const agent of agents) {
    await agent.prepare(gateways);
    await agent.start();
  }
  const windowsNode = windows ? new WindowsNode() : undefined;
  await windowsNode?.start(gateways, agentToken, [portBase + 250, portBase + 299]);
  const appPrefix = `/soak/r${Date.now().toString(36)}`;
  return {
    root,
    postgres,
    databaseUrl,
    gateways,
    agents,
    ...(windowsNode && { windows: windowsNode }),
    appPrefix,
    stop: async () => {
      await windowsNode?.close();
      for (const agent of agents) await agent.close();
      // Agents leave their tasks running, by design: the run ends them all.
      for (const agent of agents) await killOrphanedTasks(agent.workDir).catch(() => undefined);
      await killTaskProcesses(appPrefix);
      for (const agent of agents) agent.unmount();
      for (const gateway of gateways) gateway.thaw();
      for (const gateway of gateways) await gateway.kill();
      await postgres.destroy();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
