import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppDocument, AppsDocument, CreateAppDocument, CreateAppFromDefinitionDocument, UpdateAppFromDefinitionDocument } from '../../src/client/index.ts';
import { runCorral } from '../helpers/corral-process.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

// A user coming from Marathon sends the app JSON they have, as they have it:
// GraphQL's `definition` and `corral app add` read it through the same parser.

/** What a Marathon 1.x answered for GET /v2/apps/shop/web, saved to a file by its user. */
const fromMarathon = {
  id: '/shop/web',
  cmd: 'sleep 1000',
  cpus: 0.1,
  mem: 16,
  instances: 0,
  executor: '',
  networks: [{ mode: 'host' }],
  container: { type: 'MESOS' },
  portDefinitions: [{ port: 0, protocol: 'tcp', labels: {} }],
  healthChecks: [{ protocol: 'TCP', portIndex: 0, ipProtocol: 'IPv4' }],
  dependencies: ['db'],
  version: '2026-11-28T10:00:00.000Z',
  versionInfo: { lastScalingAt: '2026-11-28T10:00:00.000Z', lastConfigChangeAt: '2026-11-28T10:00:00.000Z' },
  tasksRunning: 0,
  tasksStaged: 0,
  tasksHealthy: 0,
  tasksUnhealthy: 0,
  deployments: [],
  tasks: [],
  ipAddress: null,
  residency: null,
  fancyNewField: { a: 1 },
};

describe.each(databaseKinds)('a Marathon app definition sent as it is, on %s', (kind) => {
  let started: Awaited<ReturnType<typeof gatewayOnScratch>>;
  let dir: string;
  beforeAll(async () => {
    started = await gatewayOnScratch(kind);
    dir = mkdtempSync(join(tmpdir(), 'corral-marathon-'));
  });
  afterAll(async () => {
    await started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is created through GraphQL's definition, with a warning for the field Corral does not know", async () => {
    const { createApp } = await started.client.request(CreateAppFromDefinitionDocument, { definition: fromMarathon });
    expect(createApp).toMatchObject({ __typename: 'CreateAppSuccess', data: { warnings: ['fancyNewField: not a field Corral knows; ignored'] } });
    const { app } = await started.client.request(AppDocument, { id: '/shop/web' });
    expect(app?.definition).toMatchObject({
      dependencies: ['/shop/db'],
      networks: [{ mode: 'host' }],
      container: { type: 'MESOS' },
      healthChecks: [{ protocol: 'TCP', ipProtocol: 'IPv4' }],
    });
  });

  it('updates through definition too, and a refused one writes nothing', async () => {
    const { updateApp } = await started.client.request(UpdateAppFromDefinitionDocument, { id: '/shop/web', definition: { ...fromMarathon, mem: 32 } });
    expect(updateApp).toMatchObject({ __typename: 'UpdateAppSuccess', data: { app: { version: 2 } } });
    const refused = await started.client.request(UpdateAppFromDefinitionDocument, {
      id: '/shop/web',
      definition: { ...fromMarathon, container: { type: 'DOCKER', docker: { image: 'nginx' } } },
    });
    expect(refused.updateApp).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'container', message: expect.stringContaining('not container images') }],
    });
    const { app } = await started.client.request(AppDocument, { id: '/shop/web' });
    expect(app).toMatchObject({ version: 2, definition: { mem: 32 } });
  });

  it('takes input or definition, not both', async () => {
    const { createApp } = await started.client.request(CreateAppDocument, { input: { id: '/typed', cmd: 'sleep 1' } });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    const response = await fetch(`${started.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation($d: JSON) { createApp(input: {id: "/both", cmd: "x"}, definition: $d) { __typename ... on ValidationError { fields { field message } } } }',
        variables: { d: { id: '/both', cmd: 'x' } },
      }),
    });
    const both = ((await response.json()) as { data: { createApp: unknown } }).data;
    expect(both.createApp).toEqual({ __typename: 'ValidationError', fields: [{ field: 'input', message: 'give input or definition, not both' }] });
  });

  it('is added by corral app add, which prints each warning on one line and never the input back', async () => {
    const file = join(dir, 'api.json');
    writeFileSync(file, JSON.stringify({ ...fromMarathon, id: '/shop/api', dependencies: [] }));
    const added = await runCorral(['app', 'add', file], { CORRAL_URL: started.gateway.url, CORRAL_CONFIG: join(dir, 'none.json') });
    expect(added).toMatchObject({ code: 0, stderr: 'warning: fancyNewField: not a field Corral knows; ignored\n' });
    expect(added.stdout).toMatch(/^\/shop\/api version 1: deployment \S+ (started|succeeded)\n$/);
    const { apps } = await started.client.request(AppsDocument, { prefix: '/shop' });
    expect(apps.edges.map((edge) => edge.node.id)).toEqual(['/shop/api', '/shop/web']);
  });
});
