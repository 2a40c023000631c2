import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET_HEADER } from '../../src/agent/index.ts';
import { AgentsDocument, AppTasksDocument, CreateAppDocument } from '../../src/client/index.ts';
import { createToken } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const machine = {
  hostname: 'intruder',
  os: 'LINUX',
  arch: 'x64',
  version: '0',
  resources: { cpus: 0, mem: 0, disk: 0, gpus: 0, ports: [] },
  attributes: {},
  tasks: [],
};

// Issue 19, B4 and B5: the join token admits machines; it does not let one machine speak for another.
describe.each(databaseKinds)('an agent id is bound to the machine that registered it, on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}]);
  });
  afterAll(() => cluster?.stop());

  const send = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${cluster.gateway.url}/agent/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.agentToken}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  const victimTasks = async () => (await cluster.client.request(AppTasksDocument, { id: '/vault' })).app!.tasks.nodes;
  const victimRecord = async () =>
    (await cluster.client.request(AgentsDocument, {})).agents.edges.map((edge) => edge.node).find((agent) => agent.id === cluster.agents[0]!.id)!;

  it('refuses a poll that names another agent, with or without a secret of its own: nothing stored, nothing leaked', async () => {
    await cluster.client.request(CreateAppDocument, {
      input: { id: '/vault', args: [process.execPath, server], cpus: 0.1, mem: 32, env: { DB_PASSWORD: 'hunter2-secret' } },
    });
    const [task] = await eventually('the victim task to run', async () => {
      const tasks = await victimTasks();
      return tasks.some((candidate) => candidate.state === 'RUNNING') ? tasks : undefined;
    });
    const victimId = cluster.agents[0]!.id!;
    // The attacker joins with the shared token and gets an id and secret of its own.
    const joined = await send('register', machine);
    expect(joined.status).toBe(200);
    const own = JSON.parse(joined.text) as { agentId: string; agentSecret: string };
    expect(own.agentSecret).toMatch(/^corral_agentid_/);

    const forged = {
      agentId: victimId,
      tasks: [],
      statuses: [
        {
          uuid: '11111111-1111-4111-8111-111111111111',
          taskId: task!.id,
          state: 'FAILED',
          timestamp: new Date().toISOString(),
          message: 'forged',
          health: { healthy: false },
        },
      ],
    };
    const answers = [
      await send('poll', forged),
      await send('poll', forged, { [AGENT_SECRET_HEADER]: own.agentSecret }),
      await send('poll', forged, { [AGENT_SECRET_HEADER]: 'corral_agentid_guess' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 403, 403]);
    for (const answer of answers) expect(answer.text).not.toContain('hunter2-secret');
    expect(answers[1]!.text).toContain(`this poll does not carry the secret of agent ${victimId}`);

    // The victim's task was neither failed nor replaced, and its agent stays ACTIVE.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await victimTasks();
    expect(after.map((candidate) => [candidate.id, candidate.state])).toEqual([[task!.id, 'RUNNING']]);
    expect((await victimRecord()).state).toBe('ACTIVE');
  });

  it('refuses a register that names another agent, and leaves its record as it was', async () => {
    const victimId = cluster.agents[0]!.id!;
    const before = await victimRecord();
    const answer = await send('register', { ...machine, agentId: victimId });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain(`agent ${victimId} is registered with another secret`);
    // The victim agent itself goes on polling meanwhile: its lastSeenAt moves, the rest of its record may not.
    const { lastSeenAt: _seenBefore, ...kept } = before;
    const { lastSeenAt: _seenAfter, ...now } = await victimRecord();
    expect(now).toEqual(kept);
    expect(before).toMatchObject({ hostname: expect.not.stringMatching('intruder'), resources: { cpus: 4 } });
  });

  it("keeps the secret in the agent's work dir for its user alone, and the gateway only its hash", async () => {
    const agent = cluster.agents[0]!;
    const file = join(cluster.workDirOf(agent), 'agent.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { agentId: string; agentSecret: string };
    expect(stored).toEqual({ agentId: agent.id, agentSecret: expect.stringMatching(/^corral_agentid_/) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const row = await cluster.db.prisma.agent.findUniqueOrThrow({ where: { id: agent.id! } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(stored.agentSecret);
  });

  it('lets the agent itself restart as the same agent, its tasks kept', async () => {
    const agent = cluster.agents[0]!;
    const workDir = cluster.workDirOf(agent);
    const [running] = await victimTasks();
    await agent.stop({ killTasks: false });
    const again = await cluster.addAgent({ workDir });
    expect(again.id).toBe(agent.id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await victimTasks()).map((task) => [task.id, task.state])).toEqual([[running!.id, 'RUNNING']]);
    expect((await victimRecord()).state).toBe('ACTIVE');
  });
});

describe.each(databaseKinds)('what /agent/v1 takes, on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, []);
  });
  afterAll(() => cluster?.stop());

  const register = async (body: unknown, token = cluster.agentToken) => {
    const response = await fetch(`${cluster.gateway.url}/agent/v1/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, error: ((await response.json()) as { error?: string }).error };
  };

  it('W3: refuses an admin API token', async () => {
    const { secret } = await createToken(cluster.db.prisma, 'an admin', 'ADMIN');
    expect(await register(machine, secret)).toEqual({ status: 401, error: expect.stringContaining('missing or wrong agent token') });
    expect(await cluster.db.prisma.agent.count()).toBe(0);
  });

  it('W4: refuses NUL characters with 400 naming the field, and stores nothing', async () => {
    expect(await register({ ...machine, hostname: 'a\u0000b' })).toEqual({
      status: 400,
      error: 'bad register request: hostname: holds a NUL character, which cannot be stored',
    });
    expect(await register({ ...machine, attributes: { rack: 'a\u0000' } })).toEqual({
      status: 400,
      error: expect.stringContaining('attributes.rack: holds a NUL character'),
    });
    expect(await register({ ...machine, attributes: { 'ra\u0000ck': 'a' } })).toEqual({
      status: 400,
      error: expect.stringContaining('attributes: holds a NUL character'),
    });
    const joined = await fetch(`${cluster.gateway.url}/agent/v1/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.agentToken}` },
      body: JSON.stringify(machine),
    });
    const { agentId, agentSecret } = (await joined.json()) as { agentId: string; agentSecret: string };
    const poll = await fetch(`${cluster.gateway.url}/agent/v1/poll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.agentToken}`, [AGENT_SECRET_HEADER]: agentSecret },
      body: JSON.stringify({
        agentId,
        tasks: [],
        statuses: [{ uuid: '22222222-2222-4222-8222-222222222222', taskId: 'x\u0000', state: 'RUNNING', timestamp: new Date().toISOString() }],
      }),
    });
    expect({ status: poll.status, ...((await poll.json()) as object) }).toEqual({
      status: 400,
      error: 'bad poll request: statuses.0.taskId: holds a NUL character, which cannot be stored',
    });
    expect(await cluster.db.prisma.taskStatus.count()).toBe(0);
  });

  it('W5: refuses 35,000 attributes, and keys or values past their length', async () => {
    const many = Object.fromEntries(Array.from({ length: 35_000 }, (_, i) => [`attribute-${i}`, 'x'.repeat(200)]));
    expect(await register({ ...machine, attributes: many })).toEqual({
      status: 400,
      error: expect.stringMatching(/^bad register request: attributes: must NOT have more than 100 properties/),
    });
    expect(await register({ ...machine, attributes: { ['k'.repeat(101)]: 'v' } })).toEqual({
      status: 400,
      error: expect.stringContaining('attributes: property name must be valid'),
    });
    expect(await register({ ...machine, attributes: { rack: 'v'.repeat(256) } })).toEqual({
      status: 400,
      error: expect.stringContaining('attributes.rack: must NOT have more than 255 characters'),
    });
    expect(await cluster.db.prisma.agent.count()).toBe(1); // the one W4 registered
  });
});
