import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { startCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request from `localAddress` (any of 127.0.0.0/8 reaches a gateway on 127.0.0.1): each address is another client to the gateway. */
function send(url: string, options: { method?: string; token?: string; body?: unknown; localAddress?: string; accept?: string } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        localAddress: options.localAddress ?? '127.0.0.1',
        headers: {
          ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...(options.accept && { accept: options.accept }),
          ...(options.token && { authorization: `Bearer ${options.token}` }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface RawSocket {
  /** Resolves with the id's first `next` or `error` payload */
  result(id: string): Promise<{ type: string; payload: unknown }>;
  subscribe(id: string, query: string): void;
  /** Every message of `id` so far */
  messages(id: string): { type: string; payload?: unknown }[];
  closed: Promise<{ code: number; reason: string; at: number }>;
  close(): void;
}

/** A graphql-ws socket spoken by hand, so a test sees every message and the close code as they come. */
async function openSocket(graphqlUrl: string, token: string, localAddress = '127.0.0.1'): Promise<RawSocket> {
  const socket = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { localAddress });
  const received: { id?: string; type: string; payload?: unknown }[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as { id?: string; type: string; payload?: unknown });
    for (const waiter of waiters) waiter();
  });
  const acked = new Promise<void>((resolve, reject) => {
    const check = () => received.some((message) => message.type === 'connection_ack') && resolve();
    waiters.add(check);
    void closed.then(({ code, reason }) => reject(new Error(`closed ${code} ${reason}`)));
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acked;
  return {
    result: (id) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find((message) => message.id === id && (message.type === 'next' || message.type === 'error'));
          if (found) resolve(found as { type: string; payload: unknown });
        };
        waiters.add(check);
        check();
        void closed.then(({ code }) => reject(new Error(`the socket closed (${code}) before ${id} answered`)));
      }),
    subscribe: (id, query) => socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } })),
    messages: (id) => received.filter((message) => message.id === id),
    closed,
    close: () => socket.close(),
  };
}

const createApp = (id: string) => `mutation { createApp(input: { id: "${id}", cmd: "sleep 60", instances: 0 }) { __typename } }`;
const followApps = 'subscription { events(after: "0", types: ["app.created"]) { sequence subject } }';

describe.each(databaseKinds)('API tokens on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const adminToken = newSecret('api');
  const agentToken = newSecret('agent');
  const graphql = (query: string, token?: string, localAddress?: string) => send(`${gateway.url}/graphql`, { body: { query }, token, localAddress });
  const makeToken = async (role: 'VIEWER' | 'OPERATOR' | 'AGENT') => {
    const answer = await graphql(
      `mutation { createApiToken(name: "${role.toLowerCase()} for tokens.test", role: ${role}) { ... on CreateApiTokenSuccess { data { secret token { id } } } } }`,
      adminToken,
    );
    const made = (JSON.parse(answer.body) as { data: { createApiToken: { data: { secret: string; token: { id: string } } } } }).data.createApiToken.data;
    return { secret: made.secret, id: made.token.id };
  };
  const revoke = async (id: string) => {
    const answer = await graphql(`mutation { revokeApiToken(id: "${id}") { ... on RevokeApiTokenSuccess { data { id } } } }`, adminToken);
    expect(JSON.parse(answer.body)).toEqual({ data: { revokeApiToken: { data: { id } } } });
  };
  /** SQL statements this gateway has sent, from its /metrics (a scrape's own statements count in the next one). */
  const statements = async () => {
    const scrape = await send(`${gateway.url}/metrics`, { token: adminToken });
    return Number(/^corral_database_statements_total (\d+)/m.exec(scrape.body)?.[1]);
  };
  /** The statements a scrape itself adds to the next one's count. */
  const scrapeCost = async () => {
    await statements();
    const first = await statements();
    return (await statements()) - first;
  };

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    // Slow periodic passes, so the database statements counted below are the requests' own.
    gateway = await startGateway({
      db,
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      adminToken,
      agentToken,
      tokensRequired: true,
      sweepMs: 60_000,
      eventSweepMs: 60_000,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('B1: revoking a token closes its open socket with 4403 within a second, and an operation sent after the revocation does not run', async () => {
    const operator = await makeToken('OPERATOR');
    const socket = await openSocket(gateway.graphqlUrl, operator.secret);
    socket.subscribe('follow', followApps);
    socket.subscribe('before', createApp('/tokens/before'));
    expect(await socket.result('before')).toMatchObject({ type: 'next', payload: { data: { createApp: { __typename: 'CreateAppSuccess' } } } });
    await eventually('the subscription to stream', () => socket.messages('follow').some((message) => message.type === 'next'));

    const revokedAt = Date.now();
    await revoke(operator.id);
    socket.subscribe('after', createApp('/tokens/after'));
    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'the token was revoked' });
    expect(closed.at - revokedAt).toBeLessThan(1000);
    expect(socket.messages('after').filter((message) => message.type === 'next')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db.prisma.app.findUnique({ where: { id: '/tokens/after' } })).toBeNull();
  });

  it('B1: revoking a token ends its subscriptions over HTTP (Server-Sent Events)', async () => {
    const viewer = await makeToken('VIEWER');
    const controller = new AbortController();
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${viewer.secret}` },
      body: JSON.stringify({ query: 'subscription { events(after: "0", types: ["app.created"]) { subject } }' }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('/tokens/before')) text += (await reader.read()).value ?? '';
    const revokedAt = Date.now();
    await revoke(viewer.id);
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      text += step.value;
    }
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(text).toContain('the token was revoked');
    controller.abort();
  });

  it('W1: a gateway restarted with an --agent-token that was revoked still refuses agents with it, and says so', async () => {
    const register = (url: string) =>
      send(`${url}/agent/v1/register`, {
        token: agentToken,
        body: aRegisterRequest({ hostname: 'w1' }),
      });
    expect((await register(gateway.url)).status).toBe(200);
    const configured = await db.prisma.apiToken.findFirstOrThrow({ where: { role: 'AGENT', name: { contains: 'gateway configuration' } } });
    await revoke(configured.id);

    const logs: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) });
    const restarted = await startGateway({
      db,
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'info' }, sink),
      adminToken,
      agentToken,
      tokensRequired: true,
      sweepMs: 60_000,
      eventSweepMs: 60_000,
    });
    try {
      expect((await register(restarted.url)).status).toBe(401);
      expect(await db.prisma.apiToken.findUniqueOrThrow({ where: { id: configured.id } })).toMatchObject({ revokedAt: expect.any(Date) });
      expect(restarted.notices).toEqual([
        expect.stringMatching(
          /^The agent token given with --agent-token \(CORRAL_AGENT_TOKEN\) was revoked on .*: agents cannot join with it\. Make a new one \(corral token create --role agent\)/,
        ),
      ]);
      expect(logs.join('')).toContain('the agent token of the gateway configuration is revoked');
      expect(logs.join('')).not.toContain(agentToken);
    } finally {
      await restarted.close();
    }
  });

  it('W2: wrong tokens from one address get 429 with retry-after past a burst, without database reads; other clients are unaffected', async () => {
    const cost = await scrapeCost();
    const answers: Answer[] = [];
    for (let i = 0; i < 300; i++) answers.push(await graphql('{ apps { totalCount } }', newSecret('api'), '127.0.0.2'));
    const refused = answers.filter((answer) => answer.status === 429);
    // 20 at once, then about 10 a second: the rest are refused before their token is looked up.
    expect(answers.filter((answer) => answer.status === 401).length).toBeLessThan(60);
    expect(refused.length).toBeGreaterThan(240);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused[0]!.body)).toMatchObject({
      errors: [{ message: expect.stringContaining('too many failed authentications'), extensions: { code: 'RATE_LIMITED' } }],
    });

    // While that address is refused, 100 more wrong tokens cost (almost) no database statement.
    const before = await statements();
    const started = Date.now();
    let passed = 0;
    for (let i = 0; i < 100; i++) if ((await graphql('{ apps { totalCount } }', newSecret('api'), '127.0.0.2')).status !== 429) passed++;
    const spent = (await statements()) - before - cost;
    expect(spent).toBeLessThanOrEqual(passed + 3);
    expect(passed).toBeLessThanOrEqual(Math.ceil(((Date.now() - started) / 1000) * 10) + 1);

    // Another client's good token works meanwhile.
    const good = await graphql('{ apps { totalCount } }', adminToken, '127.0.0.1');
    expect(good.status).toBe(200);
  });

  it('W2: the same wrong token repeated costs one database read, not one each', async () => {
    const cost = await scrapeCost();
    const wrong = newSecret('api');
    const before = await statements();
    // Fifty tries from five clients (ten each, under the limit of failures an address may make): one
    // read for them all, and a few statements of the gateway's own (a control loop pass) meanwhile.
    for (const address of ['127.0.0.3', '127.0.3.1', '127.0.3.2', '127.0.3.3', '127.0.3.4']) {
      for (let i = 0; i < 10; i++) expect((await graphql('{ apps { totalCount } }', wrong, address)).status).toBe(401);
    }
    expect((await statements()) - before - cost).toBeLessThanOrEqual(10);
  });

  it('W2: /metrics, /v1/discovery, /agent/v1 and WebSocket connections are limited too', async () => {
    const paths = [
      { address: '127.0.0.4', attempt: () => send(`${gateway.url}/metrics`, { token: newSecret('api'), localAddress: '127.0.0.4' }) },
      { address: '127.0.0.5', attempt: () => send(`${gateway.url}/v1/discovery/some/app`, { token: newSecret('api'), localAddress: '127.0.0.5' }) },
      { address: '127.0.0.6', attempt: () => send(`${gateway.url}/agent/v1/poll`, { token: newSecret('agent'), body: {}, localAddress: '127.0.0.6' }) },
    ];
    for (const { attempt } of paths) {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await attempt()).status);
      expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    }
    const codes: number[] = [];
    for (let i = 0; i < 40; i++)
      codes.push(
        await openSocket(gateway.graphqlUrl, newSecret('api'), '127.0.0.7').then(
          () => 1000,
          (error: Error) => Number(/closed (\d+)/.exec(error.message)?.[1]),
        ),
      );
    expect(codes.slice(0, 20).every((code) => code === 4401)).toBe(true);
    expect(codes.at(-1)).toBe(4429);
  });

  it('W12: a query with a typo sent without a token gets no "Did you mean"', async () => {
    for (const query of ['{ aps { totalCount } }', 'mutation { createApiToken(name: "x", role: ADMN) { __typename } }', '{ apps(frist: 1) { totalCount } }']) {
      const answer = await graphql(query);
      expect(answer.body).toContain('errors');
      expect(answer.body).not.toMatch(/did you mean/i);
    }
  });

  it('W13: revokeApiToken answers a selection of __typename alone, and each member of its union', async () => {
    const viewer = await makeToken('VIEWER');
    const alone = await graphql(`mutation { revokeApiToken(id: "${viewer.id}") { __typename } }`, adminToken);
    expect(JSON.parse(alone.body)).toEqual({ data: { revokeApiToken: { __typename: 'RevokeApiTokenSuccess' } } });
    // Revoking again changes nothing and answers the token as it is.
    const again = await graphql(
      `mutation { revokeApiToken(id: "${viewer.id}") { __typename ... on RevokeApiTokenSuccess { data { id revokedAt } } ... on TokenNotFoundError { message } } }`,
      adminToken,
    );
    expect(JSON.parse(again.body)).toEqual({
      data: { revokeApiToken: { __typename: 'RevokeApiTokenSuccess', data: { id: viewer.id, revokedAt: expect.any(String) } } },
    });
    const missing = await graphql(
      'mutation { revokeApiToken(id: "00000000-0000-0000-0000-000000000000") { __typename ... on TokenNotFoundError { message } } }',
      adminToken,
    );
    expect(JSON.parse(missing.body)).toEqual({
      data: { revokeApiToken: { __typename: 'TokenNotFoundError', message: 'token 00000000-0000-0000-0000-000000000000 does not exist' } },
    });
  });
});

describe.runIf(databaseKinds.includes('postgres'))('API tokens across gateways on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  const databases: Database[] = [];
  const gateways: Gateway[] = [];
  const adminToken = newSecret('api');

  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase(scratch.target);
      databases.push(db);
      gateways.push(await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), adminToken, tokensRequired: true }));
    }
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    for (const db of databases) await db.close();
    await scratch?.drop();
  });

  it('B1: a token revoked through one gateway loses its socket on another within a second', async () => {
    const [first, second] = gateways as [Gateway, Gateway];
    const made = await send(`${first.url}/graphql`, {
      token: adminToken,
      body: { query: 'mutation { createApiToken(name: "across", role: VIEWER) { ... on CreateApiTokenSuccess { data { secret token { id } } } } }' },
    });
    const { secret, token } = (JSON.parse(made.body) as { data: { createApiToken: { data: { secret: string; token: { id: string } } } } }).data.createApiToken
      .data;
    const socket = await openSocket(second.graphqlUrl, secret);
    socket.subscribe('follow', followApps);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const revokedAt = Date.now();
    await send(`${first.url}/graphql`, {
      token: adminToken,
      body: { query: `mutation { revokeApiToken(id: "${token.id}") { ... on RevokeApiTokenSuccess { data { id } } } }` },
    });
    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'the token was revoked' });
    expect(closed.at - revokedAt).toBeLessThan(1000);
  });

  it('W1: corral server started with a revoked --agent-token says so, and what to do', async () => {
    const agentToken = newSecret('agent');
    const args = ['server', '--database-url', (scratch.target as { url: string }).url, '--port', '0', '--admin-token', adminToken, '--agent-token', agentToken];
    const firstRun = await startCorral(args);
    const id = await eventually('the adopted agent token', () => databases[0]!.prisma.apiToken.findFirst({ where: { role: 'AGENT', revokedAt: null } }));
    await send(`${firstRun.url}/graphql`, {
      token: adminToken,
      body: { query: `mutation { revokeApiToken(id: "${id.id}") { ... on RevokeApiTokenSuccess { data { id } } } }` },
    });
    await firstRun.stop();
    const secondRun = await startCorral(args);
    try {
      const warning = await eventually(
        'the warning',
        () => /Warning: The agent token given with --agent-token[^\n]*revoked[^\n]*corral token create --role agent[^\n]*/.exec(secondRun.output())?.[0],
      );
      expect(warning).not.toContain(agentToken);
      const refused = await send(`${secondRun.url}/agent/v1/register`, { token: agentToken, body: {} });
      expect(refused.status).toBe(401);
    } finally {
      await secondRun.stop();
    }
  });
});
