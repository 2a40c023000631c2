import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAppDocument, type AppInput } from '../../src/client/index.ts';
import { TypedDocumentString } from '../../src/client/generated/graphql.ts';
import { killOrphanedTasks, startAgentProcess, type AgentProcess } from '../helpers/agent-process.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { runCorral } from '../helpers/corral-process.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

const AgentRoles = new TypedDocumentString<{ agents: { edges: { node: { id: string; roles: string[] } }[] } }, Record<string, never>>(`
  query AgentRoles { agents(first: 10) { edges { node { id roles } } } }
`);

interface QueuedApp {
  tasks: { nodes: { state: string; agent: { id: string } | null }[] };
  queue: { summary: string } | null;
  definition: { acceptedResourceRoles: string[] | null; role: string | null };
}
const AppPlacement = new TypedDocumentString<{ app: QueuedApp | null }, { id: string }>(`
  query AppPlacement($id: ID!) {
    app(id: $id) { tasks { nodes { state agent { id } } } queue { summary } definition { acceptedResourceRoles role } }
  }
`);

const sleeper = (id: string, extra: Partial<AppInput> = {}): AppInput => ({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, instances: 2, ...extra });

describe.each(databaseKinds)('resource roles on %s', (kind) => {
  let cluster: TestCluster;
  let publicAgent: AgentProcess;
  let workDir: string;

  beforeAll(async () => {
    // One agent in this process with the default role "*", one `corral agent --roles slave_public` (a DC/OS public agent).
    cluster = await startCluster(kind);
    workDir = mkdtempSync(join(tmpdir(), 'corral-public-agent-'));
    publicAgent = await startAgentProcess({
      master: cluster.gateway.url,
      token: cluster.agentToken,
      workDir,
      ports: cluster.nextAgentPorts(),
      roles: ['slave_public'],
    });
  }, 60_000);

  afterAll(async () => {
    await publicAgent?.kill('SIGTERM');
    if (workDir) {
      await killOrphanedTasks(workDir);
      rmSync(workDir, { recursive: true, force: true });
    }
    await cluster?.stop();
  });

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const appOf = async (id: string) => (await cluster.client.request(AppPlacement, { id })).app!;
  const runningOn = (id: string) =>
    eventually(
      `${id}: 2 running tasks`,
      async () => {
        const app = await appOf(id);
        const running = app.tasks.nodes.filter((task) => task.state === 'RUNNING');
        return running.length === 2 ? running.map((task) => task.agent?.id) : undefined;
      },
      30_000,
    );

  it('shows the roles each agent declared', async () => {
    const agents = (await cluster.client.request(AgentRoles, {})).agents.edges.map((edge) => edge.node);
    expect(agents.find((agent) => agent.id === publicAgent.id)?.roles).toEqual(['slave_public']);
    expect(agents.find((agent) => agent.id === cluster.agents[0]!.id)?.roles).toEqual(['*']);
  });

  it('places an app with acceptedResourceRoles ["slave_public"] only on the agent that offers it, and shows the roles as given', async () => {
    await create(sleeper('/roles/public', { acceptedResourceRoles: ['slave_public'], role: 'slave_public' }));
    expect(await runningOn('/roles/public')).toEqual([publicAgent.id, publicAgent.id]);
    expect((await appOf('/roles/public')).definition).toEqual({ acceptedResourceRoles: ['slave_public'], role: 'slave_public' });
  });

  it('places an app without acceptedResourceRoles only on agents of the unreserved role "*"', async () => {
    await create(sleeper('/roles/private'));
    const privateId = cluster.agents[0]!.id;
    expect(await runningOn('/roles/private')).toEqual([privateId, privateId]);
  });

  it('says in the queue which roles no agent offers', async () => {
    await create(sleeper('/roles/nowhere', { acceptedResourceRoles: ['gpu-team'] }));
    const summary = await eventually('a placement failure', async () => (await appOf('/roles/nowhere')).queue?.summary, 20_000);
    expect(summary).toBe('2 agents offered none of the accepted resource roles gpu-team');
    expect((await appOf('/roles/nowhere')).tasks.nodes).toEqual([]);
  });

  it('refuses a role name Mesos would refuse, naming the flag, and the gateway refuses it too', async () => {
    const refused = await runCorral([
      'agent',
      '--master',
      cluster.gateway.url,
      '--token',
      cluster.agentToken,
      '--work-dir',
      join(workDir, 'never'),
      '--roles',
      'ops/team',
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--roles: role "ops/team" holds a space, a slash or a control character');

    const answer = await fetch(`${cluster.gateway.url}/agent/v1/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cluster.agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(aRegisterRequest({ hostname: 'h', roles: ['..'] })),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('roles.0');
  });
});
