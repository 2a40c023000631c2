import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayOnScratch } from '../helpers/gateway.ts';

// Every endpoint of Marathon's REST API, as its RAML declares them (read
// into sources.json by test/fixtures/marathon/extract.ts), asked of a real
// gateway: which ones Corral serves is measured here, not written by hand.

interface Sources {
  endpoints: Array<{ method: string; path: string }>;
  appFields: string[];
  fixtures: Array<{ file: string; kind: string }>;
}
const fixtures = new URL('../fixtures/marathon/', import.meta.url);
const sources = JSON.parse(readFileSync(new URL('sources.json', fixtures), 'utf8')) as Sources;
const TABLE = new URL('endpoint-support.md', fixtures);

/** A value for each of the RAML's path parameters: nothing of that name exists, which the route's own answer says. */
const samples: Record<string, string> = {
  app_id: 'probe/app',
  task_id: 'probe_app.00000000-0000-0000-0000-000000000000',
  version: '2021-07-27T00:00:00.000Z',
  group_id: 'probe',
  deployment_id: '00000000-0000-0000-0000-000000000000',
  id: 'probe/pod',
  instance: 'probe-pod.instance-0',
  plugin_id: 'probe',
  path: 'probe',
};
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? 'probe');

/** What Corral answers on one endpoint, in a word, and the status it gave. */
async function probe(base: string, method: string, path: string): Promise<{ verdict: string; status: number }> {
  const response = await fetch(base + concrete(path), {
    method,
    headers: { accept: 'application/json', ...(['POST', 'PUT', 'PATCH'].includes(method) ? { 'content-type': 'application/json' } : {}) },
    body: ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined,
  });
  const type = response.headers.get('content-type') ?? '';
  // /v2/events streams: its headers tell enough.
  const text = type.includes('event-stream') ? (await response.body?.cancel(), '') : await response.text();
  const { status } = response;
  if (status === 404 && text.includes("is no path of Marathon's API v2 that Corral serves")) return { verdict: 'not served', status };
  // A HEAD answer has no body to tell which 404 it is.
  if (method === 'HEAD' && status >= 400) return { verdict: 'not served', status };
  if (status === 405) return { verdict: 'not served (this method)', status };
  if (!path.startsWith('/v2/') && path !== '/ping')
    return { verdict: status < 400 && !type.includes('json') ? "Corral's own (not Marathon's JSON)" : 'not served', status };
  return { verdict: 'served', status };
}

function markdown(rows: Array<{ method: string; path: string; verdict: string }>): string {
  const used = new Set(
    sources.fixtures
      .filter((fixture) => fixture.kind === 'app')
      .flatMap((fixture) => Object.keys(JSON.parse(readFileSync(new URL(fixture.file, fixtures), 'utf8')) as object)),
  );
  const unmeasured = sources.appFields.filter((field) => !used.has(field));
  return [
    '| Marathon endpoint (its RAML) | Corral |',
    '|---|---|',
    ...rows.map(({ method, path, verdict }) => `| \`${method} ${path}\` | ${verdict} |`),
    '',
    `App fields of Marathon's RAML that no published example uses, so the table of fields measured from the examples cannot say what Corral does with them: ${unmeasured.map((field) => `\`${field}\``).join(', ') || 'none'}.`,
  ].join('\n');
}

describe("Marathon's REST API endpoints", () => {
  let started: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    started = await gatewayOnScratch('pglite');
  });
  afterAll(async () => started?.stop());

  it('each one Corral serves answers without an error of its own; the table of them is the one measured here', async () => {
    // The RAML declares some endpoints twice (pods' GET for several media types): one row each.
    const endpoints = [...new Map(sources.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint])).values()];
    const rows = [];
    for (const { method, path } of endpoints) {
      const { verdict, status } = await probe(started.gateway.url, method, path);
      expect(status, `${method} ${path}`).toBeLessThan(500);
      rows.push({ method, path, verdict });
    }
    // Apps, tasks, deployments, groups, queue, info, leader, events and ping are served, but for these (pods, plugins and Marathon's logging are not offered at all).
    const missing = rows.filter((one) => !/^\/v2\/(pods|plugins)|^\/(metrics|logging)/.test(one.path) && one.verdict !== 'served');
    expect(missing.map((one) => `${one.method} ${one.path}`)).toEqual(['DELETE /v2/groups', 'PATCH /v2/groups', 'PATCH /v2/groups/{group_id}']);

    const table = markdown(rows);
    if (process.env.CORRAL_WRITE_README) writeFileSync(TABLE, `${table}\n`);
    expect(
      readFileSync(TABLE, 'utf8').trim(),
      'endpoint-support.md is stale: CORRAL_WRITE_README=1 npx vitest run test/e2e/marathon-endpoints.test.ts rewrites it',
    ).toBe(table);
  });
});
