import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SECRET_HEADER, type PollResponse, type RegisterResponse } from '../../src/agent/index.ts';
import { AgentsDocument, EventsDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

// A fleet larger than the gateway's --max-polls-per-second: here 3 agents and 1 poll a second, with a
// configured silence of 1.5 s, stand for 5,000 agents and the default 250.
describe('a fleet larger than the polls a second it may make', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster('pglite', [{}, {}, {}], { unreachableAfterMs: 1500, pollTimeoutMs: 500, maxPollsPerSecond: 1 });
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
  const register = (agentId?: string) => post<RegisterResponse>('/agent/v1/register', aRegisterRequest({ agentId }));

  it('has its idle polls held longer, and its agents judged unreachable later, in proportion', async () => {
    // The gateway counts its agents every few seconds: 3 agents (4 with this probe) at 1 poll a second, each poll held 3 s or more.
    const { agentId } = await register();
    const joined = await eventually(
      'the hold to grow with the fleet',
      async () => {
        const answer = await register(agentId);
        return answer.pollTimeoutMs >= 3000 ? answer : undefined;
      },
      15_000,
      250,
    );
    expect(joined.unreachableAfterMs).toBe(3 * joined.pollTimeoutMs);

    const asked = Date.now();
    const answer = await post<PollResponse>('/agent/v1/poll', { agentId: joined.agentId, tasks: [], statuses: [] });
    expect(Date.now() - asked).toBeGreaterThanOrEqual(0.8 * 3000 - 50);
    expect(answer.pollTimeoutMs).toBeGreaterThanOrEqual(3000);

    // Polling every 2.4 s or more, twice the configured 1.5 s of silence, the agents are still ACTIVE, and always were.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const { agents } = await cluster.client.request(AgentsDocument, {});
    expect(agents.edges.map((edge) => edge.node.state)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    const { events } = await cluster.client.request(EventsDocument, { type: 'agent.unreachable', first: 10 });
    expect(events.edges).toEqual([]);
  });
});
