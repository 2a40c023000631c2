import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OTHER_GATEWAYS_HEADER } from '../../src/agent/index.ts';
import { GatewayLink, GatewayTurnedAway } from '../../src/agent/gateway-link.ts';

/** A gateway as an agent sees it: answers polls, and says how many other gateways each poll said the agent had. */
interface FakeGateway {
  url: string;
  heard: number[];
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** `leads`: turns away every poll that says the agent could go elsewhere, as a leader with followers does. */
async function gateway(leads: boolean): Promise<FakeGateway> {
  const heard: number[] = [];
  const server = createServer((req, res) => {
    const others = Number(req.headers[OTHER_GATEWAYS_HEADER]);
    heard.push(others);
    req.resume();
    res.setHeader('content-type', 'application/json');
    if (leads && others > 0) res.writeHead(503).end(JSON.stringify({ error: 'this gateway leads', pollAnother: true }));
    else res.writeHead(200).end(JSON.stringify({ commands: [] }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, heard, server };
}

/** A URL nothing listens on: a port a server held, then gave back. */
async function deadUrl(): Promise<string> {
  const { url, server } = await gateway(false);
  servers.splice(servers.indexOf(server), 1);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/** Polls until one is answered, as the agent's loop does; the errors on the way, by kind. */
async function pollUntilAnswered(link: GatewayLink): Promise<{ turnedAway: number; failed: number }> {
  const seen = { turnedAway: 0, failed: 0 };
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await link.poll({ agentId: 'a', tasks: [], statuses: [] }, new AbortController().signal, 2000);
      return seen;
    } catch (error) {
      if (error instanceof GatewayTurnedAway) seen.turnedAway += 1;
      else seen.failed += 1;
    }
  }
  throw new Error('no gateway answered');
}

describe("an agent's link to several gateways", () => {
  it('leaves a leader that turns it away for a follower, and says at each poll how many others it could use', async () => {
    const leader = await gateway(true);
    const follower = await gateway(false);
    const link = new GatewayLink(`${leader.url},${follower.url}`, 'token');

    expect(await pollUntilAnswered(link)).toEqual({ turnedAway: 1, failed: 0 });
    expect(link.master).toBe(follower.url);
    // At the follower, the leader that just turned it away does not count as one it could use.
    expect(leader.heard).toEqual([1]);
    expect(follower.heard).toEqual([0]);
    await pollUntilAnswered(link);
    expect(follower.heard).toEqual([0, 0]);
  });

  it('spreads the agents a leader turns away over its followers', async () => {
    const leader = await gateway(true);
    const followers = [await gateway(false), await gateway(false), await gateway(false)];
    const master = [leader, ...followers].map((fake) => fake.url).join(',');
    for (let agent = 0; agent < 60; agent++) await pollUntilAnswered(new GatewayLink(master, 'token'));
    // 60 agents over 3 followers at random: each gets some (all on one has odds of 3 in 3^60).
    expect(followers.map((follower) => follower.heard.length).every((count) => count > 0)).toBe(true);
    expect(followers.reduce((sum, follower) => sum + follower.heard.length, 0)).toBe(60);
  });

  it('comes back to the leader, saying it has no other, when every other gateway failed it', async () => {
    const leader = await gateway(true);
    const link = new GatewayLink(`${leader.url},${await deadUrl()},${await deadUrl()}`, 'token');

    // Turned away once or twice (which dead one it tries first is chosen at random), each dead one failing it.
    const seen = await pollUntilAnswered(link);
    expect(seen.turnedAway).toBeGreaterThanOrEqual(1);
    expect(seen.failed).toBeGreaterThanOrEqual(2);
    expect(link.master).toBe(leader.url);
    expect(leader.heard.at(0)).toBe(2);
    expect(leader.heard.at(-1)).toBe(0);
  });

  it('says it has no other when it was given one gateway', async () => {
    const alone = await gateway(true);
    expect(await pollUntilAnswered(new GatewayLink(alone.url, 'token'))).toEqual({ turnedAway: 0, failed: 0 });
    expect(alone.heard).toEqual([0]);
  });
});
