import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAppDocument } from '../../src/client/index.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

const fields = [
  'id',
  'cmd',
  'args',
  'cpus',
  'mem',
  'instances',
  'env',
  'constraints',
  'portDefinitions',
  'requirePorts',
  'healthChecks',
  'upgradeStrategy',
  'dependencies',
];

/** What a user can see of the state: every write shows in one of these counts. */
async function footprint(db: Awaited<ReturnType<typeof gatewayOnScratch>>['db']) {
  const [apps, versions, deployments, events] = await Promise.all([
    db.prisma.app.count(),
    db.prisma.appVersion.count(),
    db.prisma.deployment.count(),
    db.prisma.event.count({ where: { type: { startsWith: 'app.' } } }),
  ]);
  return { apps, versions, deployments, events };
}

describe('createApp through GraphQL, for any input', () => {
  let cluster: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    cluster = await gatewayOnScratch('pglite');
    await cluster.client.request(CreateAppDocument, { input: { id: '/existing', cmd: 'true', instances: 0 } });
  });
  afterAll(() => cluster?.stop());

  it('answers with the app or an error naming the field, never an internal error, and writes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }), async (input) => {
        const before = await footprint(cluster.db);
        const response = await fetch(`${cluster.gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: String(CreateAppDocument), variables: { input } }),
        });
        const body = (await response.json()) as { data?: { createApp: { __typename: string; fields?: { field: string }[] } }; errors?: { message: string }[] };
        if (body.errors) {
          // Refused by the schema's types: one short line saying which part of the input, never the input quoted back.
          for (const error of body.errors) {
            expect(error.message).toMatch(/^input[.[:]/);
            expect(error.message.length).toBeLessThan(300);
          }
        } else if (body.data!.createApp.__typename === 'CreateAppSuccess') {
          return;
        } else {
          expect(['ValidationError', 'AppAlreadyExistsError']).toContain(body.data!.createApp.__typename);
          for (const problem of body.data!.createApp.fields ?? []) expect([...fields, 'id']).toContain(problem.field.split(/[.[]/)[0]);
        }
        expect(await footprint(cluster.db)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
