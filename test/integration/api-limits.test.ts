import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import type { Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

// One database kind is enough: these refusals happen before any query reaches it.
describe('abuse limits of the API', () => {
  let db: Database;
  let gateway: Gateway;
  let stop: (() => Promise<void>) | undefined;
  const adminToken = newSecret('api');
  beforeAll(async () => {
    ({ db, gateway, stop } = await gatewayOnScratch('pglite', {
      adminToken,
      limits: { maxDepth: 6, maxAliases: 3, maxBodyBytes: 4096, perSecond: 5, burst: 8 },
    }));
  });
  afterAll(() => stop?.());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const messages = async (response: Response) => ((await response.json()) as { errors?: { message: string }[] }).errors?.map((error) => error.message) ?? [];

  it('refuses a query nested too deep, or with too many aliases, naming the limit', async () => {
    const deep = await post({ query: '{ agents { edges { node { tasks { edges { node { agent { tasks { totalCount } } } } } } } } }' });
    expect((await messages(deep)).join()).toMatch(/depth limit of 6 exceeded/i);
    const aliases = await post({ query: '{ a: apps { totalCount } b: apps { totalCount } c: apps { totalCount } d: apps { totalCount } }' });
    expect((await messages(aliases)).join()).toMatch(/aliases limit of 3 exceeded/i);
  });

  it('refuses a body larger than the limit with 413, before reading it', async () => {
    const big = await post({ query: `mutation { createApp(input: { id: "/big", cmd: "${'x'.repeat(5000)}" }) { __typename } }` });
    expect(big.status).toBe(413);
    expect(await messages(big)).toEqual([expect.stringContaining('request body too large')]);
    expect(await db.prisma.app.count()).toBe(0);
  });

  it('refuses simple cross-site requests without the CSRF header (browser forms, bare GETs)', async () => {
    const form = await post('query={apps{totalCount}}', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(403);
    expect(await messages(form)).toEqual([expect.stringContaining('CSRF')]);
    const bare = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ apps { totalCount } }')}`);
    expect(bare.status).toBe(403);
    const withHeader = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ apps { totalCount } }')}`, { headers: { 'x-corral-csrf': '1' } });
    expect(await withHeader.json()).toEqual({ data: { apps: { totalCount: 0 } } });
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { origin: 'https://evil.example' });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it('limits the requests of a token per second, refusing the excess with 429 and when to come back', async () => {
    const withToken = { authorization: `Bearer ${adminToken}` };
    const answers = await Promise.all(Array.from({ length: 12 }, () => post({ query: '{ apps { totalCount } }' }, withToken)));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(await messages(refused[0]!)).toEqual([
      expect.stringMatching(/^rate limit: at most 5 requests per second \(bursts of 8\) per token; retry in \d+ ms$/),
    ]);
    expect(refused[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    // The bucket is empty: a change now is refused and does no work.
    const change = await post({ query: 'mutation { createApp(input: { id: "/rate/limited", cmd: "true" }) { __typename } }' }, withToken);
    expect(change.status).toBe(429);
    expect(await db.prisma.app.count()).toBe(0);
  });
});

// Its own gateway: the depth limit of the one above (6) would refuse the subscription first, and
// graphql-armor's cost, which multiplies by literal pages too, would refuse the literal query first.
describe('the node limit of the API', () => {
  let gateway: Gateway;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ gateway, stop } = await gatewayOnScratch('pglite', { limits: { maxCost: 1_000_000_000 } }));
  });
  afterAll(() => stop?.());

  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: response.status, data: body.data, errors: body.errors ?? [] };
  };
  const refusal = 'nodes: this query may return 1001000 nodes, more than the 100000 a request may ask for; page the inner list, or ask for fewer per page';
  const appsWithTasks = 'query Nested($n: Int) { apps(first: $n) { edges { node { tasks(first: $n) { nodes { id } } } } } }';

  it('refuses nested pages asked through variables, naming the count and the limit, before anything runs', async () => {
    const answer = await post(appsWithTasks, { n: 1000 });
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([{ message: refusal, extensions: { code: 'BAD_USER_INPUT', nodes: 1_001_000, limit: 100_000 } }]);
    expect(answer.data).toBeUndefined();
  });

  it('refuses them asked with literals, or through a fragment, the same way', async () => {
    expect((await post('{ apps(first: 1000) { nodes { tasks(first: 1000) { nodes { id } } } } }')).errors.map((error) => error.message)).toEqual([refusal]);
    const throughFragment =
      'query Nested($n: Int) { apps(first: $n) { ...Tasks } } fragment Tasks on QueryAppsConnection { nodes { tasks(first: $n) { nodes { id } } } }';
    expect((await post(throughFragment, { n: 1000 })).errors.map((error) => error.message)).toEqual([refusal]);
  });

  it('runs nested pages within the limit', async () => {
    // 300 apps, each with 300 tasks: 90,300 nodes.
    expect(await post(appsWithTasks, { n: 300 })).toEqual({ status: 200, data: { apps: { edges: [] } }, errors: [] });
  });

  it('refuses a subscription over graphql-ws the same way', async () => {
    const client = createClient({ url: gateway.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      // graphql-ws answers a subscription refused before it started with one result holding the errors.
      const errors = await new Promise<{ message: string }[]>((resolve, reject) => {
        client.subscribe(
          {
            query:
              'subscription Progress($n: Int) { deploymentProgress(id: "d") { app { tasks(first: $n) { nodes { agent { tasks(first: $n) { nodes { id } } } } } } } }',
            variables: { n: 1000 },
          },
          { next: (result) => resolve([...(result.errors ?? [])]), error: reject, complete: () => reject(new Error('ended without an answer')) },
        );
      });
      expect(errors.map((error) => error.message)).toEqual([refusal.replace('this query', 'this subscription')]);
    } finally {
      await client.dispose();
    }
  });
});
