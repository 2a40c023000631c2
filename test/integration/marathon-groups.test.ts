import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.ts';
import { gatewayOnScratch, type TestGateway } from '../helpers/gateway.ts';
import { rest } from '../helpers/marathon-http.ts';
import { pythonMarathon } from '../helpers/python-marathon.ts';

const sleeper = (id: string, extra: Record<string, unknown> = {}) => ({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, ...extra });
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The ids of every app in a group tree, depth first. */
const appIds = (group: { apps: Array<{ id: string }>; groups: unknown[] }): string[] => [
  ...group.apps.map((app) => app.id),
  ...group.groups.flatMap((child) => appIds(child as typeof group)),
];

// No agent: these tests are about definitions, versions and deployments, which need no task to run.
describe.each(databaseKinds)("Marathon's /v2/groups on %s", (kind) => {
  let gateway: TestGateway & { scratch: unknown };
  const call = (method: string, path: string, body?: unknown) => rest(gateway.gateway.url, method, path, body);
  const python = <T = any>(expression: string) => pythonMarathon<T>(gateway.gateway.url, expression);
  let created: { version: string; deploymentId: string };

  beforeAll(async () => {
    gateway = await gatewayOnScratch(kind);
  });
  afterAll(() => gateway?.stop());

  it('POST /v2/groups creates nested groups of apps, ids and dependencies relative to their group, in one go', async () => {
    const answer = await call('POST', '/v2/groups', {
      id: '/shop',
      apps: [sleeper('web', { dependencies: ['db/mongo'] })],
      groups: [{ id: 'db', apps: [sleeper('mongo')] }],
    });
    expect(answer).toMatchObject({ status: 201, body: { version: expect.stringMatching(isoTime), deploymentId: expect.any(String) } });
    expect(answer.headers.get('marathon-deployment-id')).toBe(answer.body.deploymentId);
    created = answer.body;

    const { status, body: shop } = await call('GET', '/v2/groups/shop');
    expect(status).toBe(200);
    expect(shop).toMatchObject({ id: '/shop', pods: [], dependencies: [], version: created.version });
    expect(shop.apps).toEqual([expect.objectContaining({ id: '/shop/web', dependencies: ['/shop/db/mongo'], instances: 1 })]);
    expect(shop.groups).toEqual([
      { id: '/shop/db', apps: [expect.objectContaining({ id: '/shop/db/mongo' })], groups: [], pods: [], dependencies: [], version: created.version },
    ]);
    // Each app deploys on its own; the answer names one of those deployments.
    const running = (await call('GET', '/v2/deployments')).body as Array<{ id: string; affectedApps: string[] }>;
    expect(running.map((deployment) => deployment.affectedApps[0]).sort()).toEqual(['/shop/db/mongo', '/shop/web']);
    expect(running.map((deployment) => deployment.id)).toContain(created.deploymentId);
  });

  it('GET /v2/groups is the root group; embed chooses what it shows; python3-marathon parses both', async () => {
    const { body: root } = await call('GET', '/v2/groups');
    expect(root).toMatchObject({ id: '/', apps: [], groups: [expect.objectContaining({ id: '/shop' })] });
    expect(appIds(root)).toEqual(['/shop/web', '/shop/db/mongo']);

    const { body: flat } = await call('GET', '/v2/groups/shop?embed=group.apps');
    expect(flat).toMatchObject({ id: '/shop', apps: [expect.objectContaining({ id: '/shop/web' })], groups: [] });
    const { body: bare } = await call('GET', '/v2/groups/shop?embed=group.groups');
    expect(appIds(bare)).toEqual([]);
    expect(bare.groups.map((group: { id: string }) => group.id)).toEqual(['/shop/db']);

    const { body: apps } = await call('GET', '/v2/groups/shop/apps');
    expect(apps.map((app: { id: string }) => app.id)).toEqual(['/shop/db/mongo', '/shop/web']);
    expect(await call('GET', '/v2/groups/nothing/apps')).toMatchObject({ status: 404 });

    const listed = await python<Array<{ id: string }>>('client.list_groups()');
    expect(listed.map((group) => group.id)).toEqual(['/shop']);
    const shop = await python<{ id: string; apps: Array<{ id: string }>; groups: Array<{ id: string }> }>("client.get_group('/shop')");
    expect(shop).toMatchObject({ id: '/shop', apps: [{ id: '/shop/web' }], groups: [{ id: '/shop/db' }] });
  });

  it("a group's dependencies hold for every app in it, resolved against the group", async () => {
    const answer = await call('POST', '/v2/groups', {
      id: '/deps',
      apps: [sleeper('db')],
      groups: [{ id: 'front', dependencies: ['../db'], apps: [sleeper('web'), sleeper('api', { dependencies: ['web'] })] }],
    });
    expect(answer.status).toBe(201);
    const { body: front } = await call('GET', '/v2/groups/deps/front');
    expect(front.apps.map((app: { id: string; dependencies: string[] }) => [app.id, app.dependencies])).toEqual([
      ['/deps/front/api', ['/deps/front/web', '/deps/db']],
      ['/deps/front/web', ['/deps/db']],
    ]);
    expect((await call('DELETE', '/v2/groups/deps')).status).toBe(200);
  });

  it('a group with one bad app is refused whole, each problem at its path, and nothing is written', async () => {
    const bad = await call('POST', '/v2/groups', { id: '/bad', apps: [sleeper('fine')], groups: [{ id: 'sub', apps: [sleeper('worse', { cpus: -1 })] }] });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ message: 'Object is not valid', details: [{ path: '/groups/0/apps/0/cpus', errors: [expect.any(String)] }] });
    expect(await call('GET', '/v2/groups/bad')).toMatchObject({ status: 404, body: { message: "Group '/bad' does not exist" } });

    const stranger = await call('POST', '/v2/groups', { id: '/bad', apps: [sleeper('/elsewhere/app')] });
    expect(stranger).toMatchObject({
      status: 422,
      body: { details: [{ path: '/apps/0/id', errors: [expect.stringContaining("Identifier is not child of '/bad'")] }] },
    });
    expect(await call('POST', '/v2/groups', { apps: [sleeper('x')] })).toMatchObject({ status: 422, body: { details: [{ path: '/id' }] } });
    expect(await call('POST', '/v2/groups', '{"id": "/bad", "apps": [')).toMatchObject({ status: 400, body: { message: 'Invalid JSON' } });
    expect(await call('POST', '/v2/groups', { id: '/shop', apps: [sleeper('other')] })).toMatchObject({
      status: 409,
      body: { message: 'Group /shop is already created. Use PUT to change this group.' },
    });
    expect((await call('GET', '/v2/groups')).body.groups.map((group: { id: string }) => group.id)).toEqual(['/shop']);
  });

  it('an empty group is refused: Corral keeps groups as the apps under a path', async () => {
    const empty = await call('POST', '/v2/groups', { id: '/empty', groups: [{ id: 'nothing' }] });
    expect(empty).toMatchObject({ status: 422, body: { details: [{ path: '/apps', errors: [expect.stringContaining('at least one app')] }] } });
  });

  it('PUT {scaleBy} (on /v2/groups/{id}, or /v2/groups with the id in the body) scales every app of the group, rounding up as Marathon does', async () => {
    // On /v2/groups the body's id names the group, as Marathon takes it.
    const answer = await call('PUT', '/v2/groups', { id: '/shop', scaleBy: 1.5 });
    expect(answer).toMatchObject({ status: 200, body: { version: expect.stringMatching(isoTime), deploymentId: expect.any(String) } });
    const { body: shop } = await call('GET', '/v2/groups/shop');
    expect([shop.apps[0].instances, shop.groups[0].apps[0].instances]).toEqual([2, 2]);
    expect(shop.version).toBe(answer.body.version);
  });

  it('PUT replaces the group: apps given are created or replaced, apps left out of a list given are removed', async () => {
    const added = await call('PUT', '/v2/groups/shop', { apps: [sleeper('web', { cmd: 'sleep 700', dependencies: ['db/mongo'] }), sleeper('cache')] });
    expect(added.status).toBe(200);
    let shop = (await call('GET', '/v2/groups/shop')).body;
    // No `groups` in the body: /shop/db stays as it was.
    expect(appIds(shop)).toEqual(['/shop/cache', '/shop/web', '/shop/db/mongo']);
    expect(shop.apps.find((app: { id: string }) => app.id === '/shop/web')).toMatchObject({ cmd: 'sleep 700', instances: 1 });

    expect((await call('PUT', '/v2/groups/shop', { apps: [sleeper('web', { cmd: 'sleep 700', dependencies: ['db/mongo'] })] })).status).toBe(200);
    shop = (await call('GET', '/v2/groups/shop')).body;
    expect(appIds(shop)).toEqual(['/shop/web', '/shop/db/mongo']);
  });

  it('GET /versions lists the group versions, newest first; PUT {version} rolls every app back to it', async () => {
    const { status, body: versions } = await call('GET', '/v2/groups/shop/versions');
    expect(status).toBe(200);
    expect(versions).toEqual([...versions].sort().reverse());
    expect(versions.at(-1)).toBe(created.version);
    // Created, scaled, replaced: the PUT that only removed /shop/cache made no app version, and a group's versions are its apps'.
    expect(versions).toHaveLength(3);

    const back = await call('PUT', '/v2/groups/shop', { version: created.version });
    expect(back).toMatchObject({ status: 200, body: { deploymentId: expect.any(String) } });
    const { body: shop } = await call('GET', '/v2/groups/shop');
    expect(shop.apps).toEqual([expect.objectContaining({ id: '/shop/web', cmd: 'sleep 600', instances: 1 })]);
    expect(shop.groups[0].apps).toEqual([expect.objectContaining({ id: '/shop/db/mongo', instances: 1 })]);

    expect(await call('PUT', '/v2/groups/shop', { version: '2001-01-01T00:00:00.000Z' })).toMatchObject({ status: 404 });
    expect(await call('PUT', '/v2/groups/shop', { scaleBy: -1 })).toMatchObject({ status: 422, body: { details: [{ path: '/scaleBy' }] } });
    expect(await call('PUT', '/v2/groups', { scaleBy: 2 })).toMatchObject({ status: 422, body: { details: [{ path: '/id' }] } });
    expect(await call('PUT', '/v2/groups/shop?dryRun=true', { scaleBy: 2 })).toMatchObject({
      status: 422,
      body: { message: expect.stringContaining('dryRun') },
    });
  });

  it('python3-marathon creates, scales and deletes a group', async () => {
    const created = await python<{ version: string; deploymentId: string }>(
      "client.create_group(__import__('marathon').models.MarathonGroup(id='/py', apps=[__import__('marathon').models.MarathonApp(id='a', cmd='sleep 600', cpus=0.1, mem=16)], groups=[__import__('marathon').models.MarathonGroup(id='sub', apps=[__import__('marathon').models.MarathonApp(id='b', cmd='sleep 600', cpus=0.1, mem=16, dependencies=['../a'])])]))",
    );
    expect(created).toMatchObject({ version: expect.stringMatching(isoTime), deploymentId: expect.any(String) });
    const sub = await python<{ apps: Array<{ id: string; dependencies: string[] }> }>("client.get_group('/py/sub')");
    expect(sub.apps).toEqual([expect.objectContaining({ id: '/py/sub/b', dependencies: ['/py/a'] })]);
    await python("client.scale_group('/py', 3)");
    expect(appIds((await call('GET', '/v2/groups/py')).body)).toEqual(['/py/a', '/py/sub/b']);
    expect((await call('GET', '/v2/groups/py')).body.apps[0].instances).toBe(3);
    expect(await python("client.delete_group('/py', force=True)")).toMatchObject({ version: expect.any(String), deploymentId: expect.any(String) });
    expect((await call('GET', '/v2/groups/py')).status).toBe(404);
  });

  it('DELETE /v2/groups/{id} deletes every app under it; an unknown group is 404', async () => {
    const deleted = await call('DELETE', '/v2/groups/shop');
    expect(deleted).toMatchObject({ status: 200, body: { version: expect.stringMatching(isoTime), deploymentId: expect.any(String) } });
    expect(await call('GET', '/v2/groups/shop')).toMatchObject({ status: 404, body: { message: "Group '/shop' does not exist" } });
    expect((await call('GET', '/v2/groups')).body).toMatchObject({ id: '/', apps: [], groups: [] });
    expect(await call('DELETE', '/v2/groups/nothing/here')).toMatchObject({ status: 404, body: { message: "Group '/nothing/here' does not exist" } });
    expect(await call('GET', '/v2/groups/nothing/versions')).toMatchObject({ status: 404 });
  });
});
