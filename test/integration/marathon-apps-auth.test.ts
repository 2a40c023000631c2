import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateApiTokenDocument, GatewayClient } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { rest } from '../helpers/marathon-http.ts';
import { pythonMarathon } from '../helpers/python-marathon.ts';

// /v2/apps behind tokens: the same tokens and roles as GraphQL, sent as
// Marathon's clients send credentials (HTTP Basic, the token as password).

const basic = (token: string, user = 'marathon') => ({ authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` });
const definition = { id: '/auth/web', cmd: 'sleep 600', cpus: 0.1, mem: 16, instances: 0 };

describe.each(databaseKinds)('/v2/apps behind tokens on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const adminToken = newSecret('api');
  let viewerToken: string;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => rest(gateway.url, method, path, body, headers);

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    gateway = await startGateway({
      db,
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      agentToken: newSecret('agent'),
      adminToken,
      tokensRequired: true,
    });
    const admin = new GatewayClient({ url: gateway.url, token: adminToken });
    const { createApiToken } = await admin.request(CreateApiTokenDocument, { name: 'dashboard', role: 'VIEWER' });
    await admin.close();
    if (createApiToken.__typename !== 'CreateApiTokenSuccess') throw new Error(JSON.stringify(createApiToken));
    viewerToken = createApiToken.data.secret;
  });
  afterAll(async () => {
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('refuses a request without a token (401) and writes nothing', async () => {
    const answer = await call('POST', '/v2/apps', definition);
    expect(answer.status).toBe(401);
    expect(answer.body.message).toContain('HTTP Basic with the token as password');
    expect((await call('GET', '/v2/apps', undefined, basic(adminToken))).body).toEqual({ apps: [] });
  });

  it('takes HTTP Basic with the token as password, and Bearer', async () => {
    const created = await call('POST', '/v2/apps', definition, basic(adminToken));
    expect(created.status).toBe(201);
    expect((await call('GET', '/v2/apps/auth/web', undefined, { authorization: `Bearer ${adminToken}` })).body.app.id).toBe('/auth/web');
    // python3-marathon with the credentials in its server URL, as its users configure it.
    const url = new URL(gateway.url);
    url.username = 'ops';
    url.password = viewerToken;
    const apps = await pythonMarathon<Array<{ id: string }>>(url.toString().replace(/\/$/, ''), 'client.list_apps()');
    expect(apps.map((app) => app.id)).toEqual(['/auth/web']);
  });

  it('a VIEWER token reads but cannot change an app (403), and nothing changes', async () => {
    expect((await call('GET', '/v2/apps', undefined, basic(viewerToken))).status).toBe(200);
    const refused = await call('POST', '/v2/apps', { ...definition, id: '/auth/other' }, basic(viewerToken));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^Not Authorized to perform this action!/);
    expect((await call('PUT', '/v2/apps/auth/web', { instances: 1 }, basic(viewerToken))).status).toBe(403);
    expect((await call('DELETE', '/v2/apps/auth/web', undefined, basic(viewerToken))).status).toBe(403);
    expect((await call('POST', '/v2/tasks/delete', { ids: [] }, basic(viewerToken))).status).toBe(403);
    expect((await call('DELETE', '/v2/queue/auth/web/delay', undefined, basic(viewerToken))).status).toBe(403);
    const apps = (await call('GET', '/v2/apps', undefined, basic(viewerToken))).body.apps as { id: string; instances: number }[];
    expect(apps.map((app) => [app.id, app.instances])).toEqual([['/auth/web', 0]]);
  });
});
