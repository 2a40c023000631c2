import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppDocument,
  AppsDocument,
  AppVersionsDocument,
  CreateAppDocument,
  DeleteAppDocument,
  EventsDocument,
  UpdateAppDocument,
  type AppInput,
} from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

const marathonApp = JSON.parse(readFileSync(new URL('../fixtures/marathon/shop-web.json', import.meta.url), 'utf8')) as AppInput;

describe.each(databaseKinds)('app definitions on %s', (kind) => {
  let cluster: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    cluster = await gatewayOnScratch(kind);
    // The Marathon file depends on /shop/db, which must exist first (as in a Marathon group).
    await cluster.client.request(CreateAppDocument, { input: { id: '/shop/db', cmd: 'sleep 600', instances: 0 } });
  });
  afterAll(() => cluster?.stop());

  // The control loop adds events of its own (app.waiting: no agent here); these are the definition's.
  const definitionEvents = new Set(['app.created', 'app.updated', 'app.deleted']);
  const eventTypes = async () =>
    (await cluster.client.request(EventsDocument, { first: 100 })).events.edges
      .filter((edge) => definitionEvents.has(edge.node.type) && edge.node.subject !== '/shop/db')
      .map((edge) => `${edge.node.type} ${edge.node.subject}`);

  it('createApp takes a Marathon app JSON file as it is and stores version 1 with defaults', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input: marathonApp });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    if (createApp.__typename !== 'CreateAppSuccess') return;
    expect(createApp.data.app).toMatchObject({ id: '/shop/web', version: 1 });
    expect(createApp.data.app.definition).toMatchObject({
      cpus: 0.25,
      instances: 2,
      taskKillGracePeriodSeconds: 3,
      fetch: [{ uri: 'https://example.com/site.tgz' }],
      healthChecks: [{ protocol: 'HTTP', gracePeriodSeconds: 30, delaySeconds: 15 }],
    });
    expect(await eventTypes()).toEqual(['app.created /shop/web']);
  });

  it('refuses a bad definition naming each field, and writes nothing', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, {
      input: { id: '/shop/Bad_Name', cmd: 'a', args: ['b'], cpus: -2, constraints: [['hostname', 'OFTEN']] },
    });
    expect(createApp.__typename).toBe('ValidationError');
    if (createApp.__typename !== 'ValidationError') return;
    expect(createApp.fields.map((field) => field.field).sort()).toEqual(['args', 'constraints[0]', 'cpus', 'id']);
    expect(createApp.fields.find((field) => field.field === 'constraints[0]')?.message).toContain('operator "OFTEN" is unknown');

    const { apps } = await cluster.client.request(AppsDocument, {});
    expect(apps.edges.map((edge) => edge.node.id)).toEqual(['/shop/db', '/shop/web']);
    expect(await eventTypes()).toEqual(['app.created /shop/web']);
  });

  it('refuses a second app with the same id', async () => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input: { id: '/shop/web', cmd: 'true' } });
    expect(createApp).toMatchObject({ __typename: 'AppAlreadyExistsError', message: expect.stringContaining('/shop/web already exists') });
  });

  it('updateApp changes the given fields, keeps the others and makes version 2', async () => {
    const { updateApp } = await cluster.client.request(UpdateAppDocument, { id: '/shop/web', input: { instances: 5, env: { GREETING: 'hi' } } });
    expect(updateApp.__typename).toBe('UpdateAppSuccess');
    if (updateApp.__typename !== 'UpdateAppSuccess') return;
    expect(updateApp.data.app.version).toBe(2);
    expect(updateApp.data.app.definition).toMatchObject({ instances: 5, env: { GREETING: 'hi' }, cpus: 0.25, cmd: marathonApp.cmd });

    const { app } = await cluster.client.request(AppVersionsDocument, { id: '/shop/web' });
    expect(app?.versions.edges.map((edge) => [edge.node.version, (edge.node.definition.json as { instances: number }).instances])).toEqual([
      [2, 5],
      [1, 2],
    ]);
  });

  it('an invalid update keeps the version in force', async () => {
    const { updateApp } = await cluster.client.request(UpdateAppDocument, { id: '/shop/web', input: { mem: -5, cmd: 'x', args: ['y'] } });
    expect(updateApp.__typename).toBe('ValidationError');
    if (updateApp.__typename !== 'ValidationError') return;
    expect(updateApp.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'args' }), { field: 'mem', message: 'must be >= 0' }]));
    const { app } = await cluster.client.request(AppDocument, { id: '/shop/web' });
    expect(app).toMatchObject({ version: 2, definition: { mem: 64, instances: 5 } });
  });

  it('lists apps under a group, in id order, as a Relay connection', async () => {
    for (const id of ['/blog/web', '/shop/cache']) {
      await cluster.client.request(CreateAppDocument, { input: { id, args: ['sleep', '100'] } });
    }
    const firstPage = await cluster.client.request(AppsDocument, { prefix: '/shop', first: 2 });
    expect(firstPage.apps.totalCount).toBe(3);
    expect(firstPage.apps.edges.map((edge) => edge.node.id)).toEqual(['/shop/cache', '/shop/db']);
    const secondPage = await cluster.client.request(AppsDocument, { prefix: '/shop', first: 2, after: firstPage.apps.pageInfo.endCursor });
    expect(secondPage.apps.edges.map((edge) => edge.node.id)).toEqual(['/shop/web']);
    expect(secondPage.apps.pageInfo.hasNextPage).toBe(false);
  });

  it('deleteApp removes the app; a second delete says it does not exist', async () => {
    const first = await cluster.client.request(DeleteAppDocument, { id: '/blog/web' });
    expect(first.deleteApp).toMatchObject({ __typename: 'DeleteAppSuccess', data: { id: '/blog/web', version: 1 } });
    const again = await cluster.client.request(DeleteAppDocument, { id: '/blog/web' });
    expect(again.deleteApp).toMatchObject({ __typename: 'AppNotFoundError', message: 'app /blog/web does not exist' });
    expect((await cluster.client.request(AppDocument, { id: '/blog/web' })).app).toBeNull();
    expect(await eventTypes()).toContain('app.deleted /blog/web');
  });
});
