import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import { AgentsDocument, AppTasksDocument, CreateAppDocument, GatewayClient, ScaleAppDocument } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

// Gateways that share a database share one cluster: any of them serves any agent. Only PostgreSQL is
// shared between gateway processes (PGlite lives in one), so this story needs it (CI has it).
describe.runIf(process.env.DATABASE_URL)('an agent given two gateways', () => {
  let scratch: ScratchDatabase;
  const databases: Database[] = [];
  const gateways: Gateway[] = [];
  let agent: Agent;
  let workDir: string;
  let first: GatewayClient;
  let second: GatewayClient;

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    const agentToken = newSecret('agent');
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase(scratch.target);
      databases.push(db);
      gateways.push(
        await startGateway({
          db,
          host: '127.0.0.1',
          port: 0,
          logger: pino({ level: 'silent' }),
          agentToken,
          sweepMs: 250,
          unreachableAfterMs: 3000,
          pollTimeoutMs: 1000,
        }),
      );
    }
    [first, second] = gateways.map((gateway) => new GatewayClient({ url: gateway.url })) as [GatewayClient, GatewayClient];
    workDir = mkdtempSync(join(tmpdir(), 'corral-failover-'));
    agent = new Agent({
      master: gateways.map((gateway) => gateway.url).join(','),
      token: agentToken,
      workDir,
      programs: [],
      resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [chaosPorts(2)] },
    });
    await agent.start();
  });

  afterAll(async () => {
    await agent?.stop({ killTasks: true });
    await first?.close();
    await second?.close();
    for (const gateway of gateways.slice(1)) await gateway.close();
    for (const db of databases) await db.close();
    await scratch?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const tasksOf = async (client: GatewayClient) => (await client.request(AppTasksDocument, { id: '/failover/web' })).app?.tasks.nodes ?? [];

  it('keeps polling through the other when the first stops: it stays ACTIVE, its task runs on, and it launches what it is given next', async () => {
    const { createApp } = await first.request(CreateAppDocument, { input: { id: '/failover/web', cmd: 'sleep 600', cpus: 0.1, mem: 16 } });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const [running] = await eventually('the task RUNNING', async () => {
      const tasks = await tasksOf(first);
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks : undefined;
    });

    // The gateway the agent talks to first goes away (its database rows stay: the other gateway reads them).
    await first.close();
    await gateways[0]!.close();

    // Longer than the gateways' unreachable mark (3 s): the agent polls the second gateway all along.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const { agents } = await second.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => [edge.node.id, edge.node.state])).toEqual([[agent.id, 'ACTIVE']]);
    expect(await tasksOf(second)).toMatchObject([{ id: running!.id, state: 'RUNNING' }]);

    const { scaleApp } = await second.request(ScaleAppDocument, { id: '/failover/web', instances: 2 });
    expect(scaleApp.__typename).toBe('ScaleAppSuccess');
    const both = await eventually('a second task RUNNING, launched through the second gateway', async () => {
      const tasks = await tasksOf(second);
      return tasks.length === 2 && tasks.every((task) => task.state === 'RUNNING') ? tasks : undefined;
    });
    expect(both.map((task) => task.agent?.id)).toEqual([agent.id, agent.id]);
  }, 60_000);
});
