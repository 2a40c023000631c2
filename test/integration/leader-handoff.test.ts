import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, AGENT_SECRET_HEADER, OTHER_GATEWAYS_HEADER, type RegisterResponse } from '../../src/agent/index.ts';
import { AppTasksDocument, CreateAppDocument, GatewayClient } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

// Gateways sharing a database: the one that leads the control loop leaves the agents' polls to the
// others while there are some, and serves an agent that has no other to poll. Only PostgreSQL is
// shared between gateways (PGlite lives in one process), so this story needs it (CI has it).
describe.runIf(process.env.DATABASE_URL)('the leading gateway and the agents, with another gateway beside it', () => {
  let scratch: ScratchDatabase;
  const databases: Database[] = [];
  const gateways: Gateway[] = [];
  const agents: Agent[] = [];
  const workDirs: string[] = [];
  const agentToken = newSecret('agent');
  let leader: Gateway;
  let follower: Gateway;

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase(scratch.target);
      databases.push(db);
      gateways.push(await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), agentToken, sweepMs: 250, pollTimeoutMs: 1000 }));
    }
    await eventually('one gateway leading', async () => (gateways.some((gateway) => gateway.leading()) ? true : undefined));
    leader = gateways.find((gateway) => gateway.leading())!;
    follower = gateways.find((gateway) => !gateway.leading())!;
  });

  afterAll(async () => {
    for (const agent of agents) await agent.stop({ killTasks: true });
    for (const gateway of gateways) await gateway.close();
    for (const db of databases) await db.close();
    await scratch?.drop();
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A real agent with the attribute `story`, which the story's app asks for (two agents of one machine share its hostname). */
  const startAgent = async (master: string, story: string, portSlot: number, lines: string[]) => {
    const workDir = mkdtempSync(join(tmpdir(), 'corral-handoff-'));
    workDirs.push(workDir);
    const agent = new Agent({
      master,
      token: agentToken,
      workDir,
      programs: [],
      attributes: { story },
      resources: { cpus: 2, mem: 2048, disk: 10_000, ports: [chaosPorts(portSlot)] },
      log: (_level, message) => lines.push(message),
    });
    agents.push(agent);
    await agent.start();
    return agent;
  };

  const runningOn = async (client: GatewayClient, id: string) =>
    eventually(`${id} RUNNING`, async () => {
      const tasks = (await client.request(AppTasksDocument, { id })).app?.tasks.nodes ?? [];
      return tasks.length === 1 && tasks[0]!.state === 'RUNNING' ? tasks[0]! : undefined;
    });

  /** A poll as an agent sends it, saying how many other gateways it could poll instead. */
  const poll = async (gateway: Gateway, otherGateways: number) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` };
    const registered = (await (
      await fetch(`${gateway.url}/agent/v1/register`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          hostname: `probe-${otherGateways}`,
          os: 'LINUX',
          arch: 'x64',
          version: 'test',
          resources: { cpus: 1, mem: 64, disk: 64, gpus: 0, ports: [] },
          attributes: {},
          tasks: [],
        }),
      })
    ).json()) as RegisterResponse;
    const response = await fetch(`${gateway.url}/agent/v1/poll`, {
      method: 'POST',
      headers: { ...headers, [AGENT_SECRET_HEADER]: registered.agentSecret!, [OTHER_GATEWAYS_HEADER]: String(otherGateways) },
      body: JSON.stringify({ agentId: registered.agentId, tasks: [], statuses: [] }),
    });
    return { status: response.status, body: (await response.json()) as { error?: string; pollAnother?: boolean } };
  };

  it('turns away the poll of an agent that can poll another gateway, and answers one that cannot', async () => {
    const turnedAway = await eventually('the leader turning a poll away', async () => {
      const answer = await poll(leader, 1);
      return answer.status === 503 ? answer : undefined;
    });
    expect(turnedAway.body).toEqual({ error: 'this gateway leads the control loop and leaves agents to the other gateways', pollAnother: true });
    expect((await poll(leader, 0)).status).toBe(200);
    expect((await poll(follower, 1)).status).toBe(200);
  });

  it('moves an agent given the leader first to the other gateway, which launches its task', async () => {
    const lines: string[] = [];
    await startAgent(`${leader.url},${follower.url}`, 'moved', 2, lines);
    const client = new GatewayClient({ url: leader.url });
    const { createApp } = await client.request(CreateAppDocument, {
      input: { id: '/handoff/moved', cmd: 'sleep 600', cpus: 0.1, mem: 16, constraints: [['story', 'CLUSTER', 'moved']] },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    await runningOn(client, '/handoff/moved');
    expect(lines).toContain(`this gateway leads the control loop and leaves agents to the other gateways; polling ${follower.url}`);
    await client.close();
  }, 60_000);

  it('serves an agent whose other gateway cannot be reached', async () => {
    const lines: string[] = [];
    // Nothing listens there: the agent is turned away once, fails there, and comes back with no other to poll.
    await startAgent(`${leader.url},http://127.0.0.1:${chaosPorts(4)[0]}`, 'stayed', 3, lines);
    const client = new GatewayClient({ url: leader.url });
    const { createApp } = await client.request(CreateAppDocument, {
      input: { id: '/handoff/stayed', cmd: 'sleep 600', cpus: 0.1, mem: 16, constraints: [['story', 'CLUSTER', 'stayed']] },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    await runningOn(client, '/handoff/stayed');
    expect(lines.filter((line) => line.startsWith('this gateway leads the control loop'))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('poll failed'))).toBe(true);
    await client.close();
  }, 60_000);

  it('serves every agent once it is the only gateway left', async () => {
    await follower.close();
    gateways.splice(gateways.indexOf(follower), 1);
    const answer = await eventually('the leader alone answering a poll', async () => {
      const reply = await poll(leader, 1);
      return reply.status === 200 ? reply : undefined;
    });
    expect(answer.body).toMatchObject({ commands: [] });
  }, 30_000);
});
