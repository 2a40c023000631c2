import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET_HEADER, type PollResponse, type RegisterResponse } from '../../src/agent/index.ts';
import { AgentsDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { scrape, total } from '../helpers/prometheus.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

const FLEET = 200;

// Each poll proves its agent alive (a write) and reads what the gateway wants on it (a read). Done one
// statement per poll, a fleet of thousands kept the gateway compiling and sending statements, and
// every agent's acknowledgement waited behind them (bench/README.md, agent fan-in).
describe.each(databaseKinds)('a fleet polling at once on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [], { pollTimeoutMs: 300, unreachableAfterMs: 60_000 });
  });
  afterAll(() => cluster?.stop());

  // Each agent's secret, as the gateway issued it at registration: its polls show it.
  const secrets = new Map<string, string>();
  const headersFor = (agentId?: string) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${cluster.agentToken}`,
    ...(agentId && secrets.has(agentId) && { [AGENT_SECRET_HEADER]: secrets.get(agentId)! }),
  });
  const post = async <T>(path: string, body: { agentId?: string } & Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${cluster.gateway.url}${path}`, { method: 'POST', headers: headersFor(body.agentId), body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as T & { agentId?: string; agentSecret?: string };
    if (answer.agentId && answer.agentSecret) secrets.set(answer.agentId, answer.agentSecret);
    return answer;
  };
  const register = (i: number) => post<RegisterResponse>('/agent/v1/register', aRegisterRequest({ hostname: `fleet-${i}` }));

  it('has every agent seen and answered, with fewer SQL statements than polls on PostgreSQL', async () => {
    const agentIds: string[] = [];
    for (let i = 0; i < FLEET; i++) agentIds.push((await register(i)).agentId);
    const polledAt = Date.now();

    const before = total(await scrape(cluster.gateway.url), 'corral_database_statements_total');
    const answers = await Promise.all(agentIds.map((agentId) => post<PollResponse>('/agent/v1/poll', { agentId, tasks: [], statuses: [] })));
    const after = total(await scrape(cluster.gateway.url), 'corral_database_statements_total');

    expect(answers.every((answer) => answer.commands.length === 0)).toBe(true);
    const seen = [];
    for (let after: string | null | undefined; seen.length === 0 || after; ) {
      const { agents } = await cluster.client.request(AgentsDocument, { first: 100, after });
      seen.push(...agents.edges);
      after = agents.pageInfo.hasNextPage ? agents.pageInfo.endCursor : undefined;
    }
    expect(seen).toHaveLength(FLEET);
    for (const { node } of seen) {
      expect(node.state).toBe('ACTIVE');
      expect(new Date(node.lastSeenAt as string).getTime()).toBeGreaterThanOrEqual(polledAt - 5);
    }
    // One statement a poll for its touch and one for its read would be 400 (the control loop's passes
    // meanwhile are counted too). PGlite runs each statement in the gateway's own thread, at once:
    // no poll arrives while one runs, so there each still has its own.
    if (kind === 'postgres') expect(after - before).toBeLessThan(FLEET);
  });

  it('answers an unknown agent 404, even when its poll shares a round with known ones', async () => {
    const known = await register(FLEET);
    const stranger = randomUUID();
    const [good, unknown] = await Promise.all(
      [known.agentId, stranger].map((agentId) =>
        fetch(`${cluster.gateway.url}/agent/v1/poll`, {
          method: 'POST',
          headers: headersFor(agentId),
          body: JSON.stringify({ agentId, tasks: [], statuses: [] }),
        }),
      ),
    );
    expect(good!.status).toBe(200);
    expect(unknown!.status).toBe(404);
    expect(await unknown!.json()).toEqual({ error: `agent ${stranger} is not registered: register again` });
  });
});
