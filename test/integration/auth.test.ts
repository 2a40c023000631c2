import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiTokensDocument,
  AppsDocument,
  CreateApiTokenDocument,
  CreateAppDocument,
  FollowEventsDocument,
  GatewayClient,
  RevokeApiTokenDocument,
} from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret, REMEMBERED_FOR_MS } from '../../src/tokens/index.ts';
import { runCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually, take } from '../helpers/subscription.ts';
import { aRegisterRequest } from '../helpers/builders.ts';

describe.each(databaseKinds)('tokens and roles on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const logs: string[] = [];
  const adminToken = newSecret('api');
  const agentToken = newSecret('agent');
  const secrets: Record<string, string> = {};
  const clients: GatewayClient[] = [];
  const as = (token?: string) => {
    const client = new GatewayClient({ url: gateway.url, token });
    clients.push(client);
    return client;
  };
  const graphql = (query: string, token?: string) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) });
    gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'debug' }, sink), agentToken, adminToken, tokensRequired: true });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('refuses a request without a valid API token with 401, before doing anything', async () => {
    const mutation = 'mutation { createApp(input: { id: "/sneaky", cmd: "true" }) { __typename } }';
    for (const [token, reason] of [
      [undefined, 'this gateway requires an API token'],
      ['corral_api_not-a-real-one', 'the API token is wrong or revoked'],
      [agentToken, 'an agent token cannot be used for the API'],
    ] as const) {
      const answer = await graphql(mutation, token);
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain(reason);
    }
    expect(await db.prisma.app.count()).toBe(0);
  });

  it('an admin makes tokens; their secrets are shown once and stored only as hashes', async () => {
    for (const role of ['VIEWER', 'OPERATOR'] as const) {
      const { createApiToken } = await as(adminToken).request(CreateApiTokenDocument, { name: `${role.toLowerCase()} for tests`, role });
      if (createApiToken.__typename !== 'CreateApiTokenSuccess') throw new Error(JSON.stringify(createApiToken));
      expect(createApiToken.data.token).toMatchObject({ role });
      expect(createApiToken.data.secret).toMatch(/^corral_api_/);
      secrets[role] = createApiToken.data.secret;
    }
    const asText = (rows: unknown) => JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    const stored = asText(await db.prisma.apiToken.findMany());
    const events = asText(await db.prisma.event.findMany());
    for (const secret of [...Object.values(secrets), adminToken]) {
      expect(stored).not.toContain(secret);
      expect(events).not.toContain(secret);
    }
    const { apiTokens } = await as(adminToken).request(ApiTokensDocument, {});
    expect(apiTokens.edges.map((edge) => edge.node.role).sort()).toEqual(['ADMIN', 'AGENT', 'OPERATOR', 'VIEWER']);
  });

  it('a viewer reads but cannot change; an operator changes apps but cannot manage tokens', async () => {
    expect((await as(secrets.VIEWER).request(AppsDocument, {})).apps.totalCount).toBe(0);
    await expect(as(secrets.VIEWER).request(CreateAppDocument, { input: { id: '/viewer/app', cmd: 'true' } })).rejects.toThrow(
      "changing createApp needs an operator token or better: this token is a viewer's",
    );
    expect(await db.prisma.app.count()).toBe(0);

    const created = await as(secrets.OPERATOR).request(CreateAppDocument, { input: { id: '/operator/app', cmd: 'sleep 60', instances: 0 } });
    expect(created.createApp.__typename).toBe('CreateAppSuccess');
    await expect(as(secrets.OPERATOR).request(CreateApiTokenDocument, { name: 'escalate', role: 'ADMIN' })).rejects.toThrow('needs an admin token or better');
    await expect(as(secrets.OPERATOR).request(ApiTokensDocument, {})).rejects.toThrow('needs an admin token or better');
  });

  it('a subscription needs a token too', async () => {
    const refused = as().subscribe(FollowEventsDocument, { after: '0' });
    await expect(refused.next()).rejects.toBeDefined();
    const allowed = await take(as(secrets.VIEWER).subscribe(FollowEventsDocument, { after: '0', types: ['app.created'] }), 1);
    expect(allowed.map((item) => item.events.subject)).toEqual(['/operator/app']);
  });

  it('a revoked token stops working at once', async () => {
    const operator = await db.prisma.apiToken.findFirstOrThrow({ where: { role: 'OPERATOR' } });
    const revoked = await as(adminToken).request(RevokeApiTokenDocument, { id: operator.id });
    expect(revoked.revokeApiToken).toMatchObject({ data: { revokedAt: expect.any(String) } });
    const answer = await graphql('{ apps { totalCount } }', secrets.OPERATOR);
    expect(answer.status).toBe(401);
  });

  it('a revoked agent token is refused within a few seconds', async () => {
    const made = await as(adminToken).request(CreateApiTokenDocument, { name: 'rack b', role: 'AGENT' });
    if (made.createApiToken.__typename !== 'CreateApiTokenSuccess') throw new Error(JSON.stringify(made.createApiToken));
    const { secret, token } = made.createApiToken.data;
    const register = () =>
      fetch(`${gateway.url}/agent/v1/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify(aRegisterRequest({ hostname: 'rack-b-1' })),
      });
    expect((await register()).status).toBe(200);
    await as(adminToken).request(RevokeApiTokenDocument, { id: token.id });
    // Agents' token checks are remembered for REMEMBERED_FOR_MS: refused once that has passed, at the latest.
    await eventually(
      'the revoked agent token to be refused',
      async () => ((await register()).status === 401 ? true : undefined),
      REMEMBERED_FOR_MS + 3000,
      200,
    );
  });

  it('corral token create prints a secret that works', async () => {
    const made = await runCorral(['token', 'create', '--role', 'viewer', '--name', 'from the cli'], { CORRAL_URL: gateway.url, CORRAL_TOKEN: adminToken });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain('it is not shown again');
    expect((await as(made.stdout.trim()).request(AppsDocument, {})).apps.totalCount).toBe(1);
    const refused = await runCorral(['token', 'create', '--role', 'admin'], { CORRAL_URL: gateway.url, CORRAL_TOKEN: made.stdout.trim() });
    expect(refused).toMatchObject({ code: 1, stderr: "corral: changing createApiToken needs an operator token or better: this token is a viewer's\n" });
  });

  it('never writes a secret to the logs', () => {
    const text = logs.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(secrets), adminToken, agentToken]) expect(text).not.toContain(secret);
  });
});
