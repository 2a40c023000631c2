import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

// A definition of the size people send: 30 variables, so an error that quotes the input is long.
const env = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`SETTING_${index}`, `value number ${index}`]));
const createApp = 'mutation Create($input: AppInput!) { createApp(input: $input) { __typename } }';

// One database kind is enough: variables are refused before any query reaches it.
describe('variables that do not fit their types', () => {
  let gateway: Gateway;
  let stop: (() => Promise<void>) | undefined;
  const adminToken = newSecret('api');
  beforeAll(async () => {
    ({ gateway, stop } = await gatewayOnScratch('pglite', { adminToken, tokensRequired: true }));
  });
  afterAll(() => stop?.());

  const post = async (query: string, variables: unknown) => {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, text, errors: (JSON.parse(text) as { errors?: { message: string; extensions?: { field?: string } }[] }).errors ?? [] };
  };

  it('an unknown field of an input is one short error naming its place, not the input echoed', async () => {
    const answer = await post(createApp, { input: { id: '/shop/web', cmd: 'sleep 100', cpus: 0.1, mem: 32, env, version: 3 } });
    expect(answer.status).toBe(400);
    expect(answer.errors.map((error) => error.message)).toEqual(['input.version: not a field of AppInput']);
    expect(answer.errors[0]!.extensions?.field).toBe('input.version');
    expect(answer.text).not.toContain('SETTING_');
    expect(answer.text.length).toBeLessThan(300);
  });

  it('names every problem, nested ones by their path, each on its own', async () => {
    const answer = await post(createApp, {
      input: {
        cmd: 'sleep 100',
        cpus: 'many',
        env,
        healthChecks: [
          { protocol: 'HTTP', path: '/' },
          { protocol: 'HTTP', pathh: '/' },
        ],
      },
    });
    expect(answer.errors.map((error) => error.message).sort()).toEqual([
      'input.cpus: Float cannot represent non numeric value: "many"',
      'input.healthChecks[1].pathh: not a field of HealthCheckInput',
      'input.id: required (String!), not given',
    ]);
    expect(answer.text).not.toContain('SETTING_');
    // Where tokens are required the schema's names are not suggested ("Did you mean path?").
    expect(answer.text).not.toContain('Did you mean');
  });

  it('a missing, null or out-of-range variable says so in one line', async () => {
    expect((await post(createApp, {})).errors.map((error) => error.message)).toEqual(['input: required (AppInput!), not given']);
    expect((await post(createApp, { input: null })).errors.map((error) => error.message)).toEqual(['input: must not be null (AppInput!)']);
    const scale = await post('mutation Scale($n: Int!) { scaleApp(id: "/shop/web", instances: $n) { __typename } }', { n: 99_999_999_999 });
    expect(scale.errors.map((error) => error.message)).toEqual(['n: Int cannot represent non 32-bit signed integer value: 99999999999']);
    // A long value refused by a scalar is cut short.
    const long = await post('mutation Scale($n: Int!) { scaleApp(id: "/shop/web", instances: $n) { __typename } }', { n: 'x'.repeat(5000) });
    expect(long.errors[0]!.message.length).toBeLessThanOrEqual(165);
  });

  it('a subscription over graphql-ws is refused the same way', async () => {
    const client = createClient({
      url: gateway.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${adminToken}` },
      retryAttempts: 0,
    });
    try {
      // graphql-ws answers a subscription refused before it started with one result holding the errors.
      const refusal = await new Promise<{ message: string }[]>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription Follow($types: [String!]) { events(types: $types) { sequence } }', variables: { types: ['app.created', { a: env }] } },
          { next: (result) => resolve([...(result.errors ?? [])]), error: reject, complete: () => reject(new Error('ended without an answer')) },
        );
      });
      expect(refusal.map((error) => error.message)).toEqual(['types[1]: must be a String, not an object']);
    } finally {
      await client.dispose();
    }
  });
});
