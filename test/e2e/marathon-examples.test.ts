import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmptyMarathonDefault, marathonOutputFields } from '../../src/apps/index.ts';
import { rest } from '../helpers/marathon-http.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';

// Marathon's own published definitions (its docs/, examples/ and system-test
// fixtures, extracted as they are into test/fixtures/marathon/ by extract.ts),
// sent to POST /v2/apps and /v2/groups unchanged, as a Marathon user would.

const fixtures = new URL('../fixtures/marathon/', import.meta.url);
const read = (folder: string) =>
  readdirSync(new URL(folder, fixtures))
    .sort()
    .map((name) => ({ name, definition: JSON.parse(readFileSync(new URL(`${folder}/${name}`, fixtures), 'utf8')) as Record<string, any> }));
const apps = read('apps');
const groups = read('groups');
const needsImage = (app: Record<string, any>) => app.container?.type === 'DOCKER' || app.container?.docker?.image !== undefined;

type Verdict = 'supported' | 'ignored' | 'refused';
/** Each Marathon field the fixtures use, by what Corral did with it, measured here. */
const measured = new Map<string, { verdict: Verdict; why: string; apps: Set<string> }>();
function record(field: string, verdict: Verdict, why: string, app: string): void {
  const rank: Record<Verdict, number> = { supported: 0, ignored: 1, refused: 2 };
  const known = measured.get(field);
  if (!known || rank[verdict] > rank[known.verdict]) measured.set(field, { verdict, why, apps: new Set([...(known?.apps ?? []), app]) });
  else known.apps.add(app);
}

/** The Warning headers of an answer: `299 corral "<text>"`, one per ignored field. */
function warningsOf(headers: Headers): string[] {
  return [...(headers.get('warning') ?? '').matchAll(/299 corral ("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]!) as string);
}

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- marathon-fields: written by test/e2e/marathon-examples.test.ts (CORRAL_WRITE_README=1 rewrites it) -->';
const END = '<!-- /marathon-fields -->';

function fieldTable(): string {
  const rows = [...measured]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, { verdict, why, apps: using }]) => `| \`${field}\` | ${verdict} | ${why} | ${using.size} |`);
  return ['| Marathon field | Corral | why | examples using it |', '|---|---|---|---|', ...rows].join('\n');
}

describe("Marathon's published app definitions", () => {
  let started: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    started = await gatewayOnScratch('pglite');
  });
  afterAll(async () => started?.stop());

  it("are all there: the extracted fixture holds Marathon's definitions, with and without an image", () => {
    expect(apps.filter((app) => !needsImage(app.definition)).length).toBeGreaterThan(30);
    expect(apps.filter((app) => needsImage(app.definition)).length).toBeGreaterThan(15);
  });

  it.each(apps.filter((app) => !needsImage(app.definition)))(
    '$name, which needs no image, is accepted by POST /v2/apps as it is',
    async ({ name, definition }) => {
      const created = await rest(started.gateway.url, 'POST', '/v2/apps', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const ignored = warningsOf(created.headers);
      const why = (warning: string) => warning.slice(warning.indexOf(':') + 2).replace(/^ignored: /, '');
      for (const [field, value] of Object.entries(definition)) {
        const warning = ignored.find((text) => text.startsWith(`${field}:`) || text.startsWith(`${field}.`));
        if ((marathonOutputFields as readonly string[]).includes(field))
          record(field, 'ignored', "read-only: part of Marathon's answers, ignored on input as Marathon does", name);
        else if (isEmptyMarathonDefault(field, value)) record(field, 'ignored', "Marathon's empty default, which asks for nothing", name);
        else if (!warning) record(field, 'supported', '', name);
        else if (warning.startsWith(`${field}:`)) record(field, 'ignored', why(warning), name);
      }
      for (const warning of ignored) {
        const field = warning.slice(0, warning.indexOf(':')).replace(/\[\d+\]/g, '[]');
        if (field.includes('.')) record(field, 'ignored', why(warning), name);
      }
      // Several examples are versions of one app: each goes, so the next may come.
      expect((await rest(started.gateway.url, 'DELETE', `/v2/apps${created.body.id}`)).status).toBe(200);
    },
  );

  it.each(apps.filter((app) => needsImage(app.definition)))(
    '$name, a Docker image, is refused with one message naming container',
    async ({ name, definition }) => {
      const refused = await rest(started.gateway.url, 'POST', '/v2/apps', definition);
      expect(refused.status).toBe(422);
      expect(refused.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/container', errors: [expect.stringContaining('not container images')] }],
      });
      record('container.docker', 'refused', 'Corral runs processes, not images (a Mesos container without an image is taken)', name);
    },
  );

  const appsOf = (group: Record<string, any>): Record<string, any>[] => [...(group.apps ?? []), ...(group.groups ?? []).flatMap(appsOf)];

  it.each(groups.filter((group) => appsOf(group.definition).some(needsImage)))(
    '$name, a group with Docker apps, is refused whole, naming each container',
    async ({ definition }) => {
      const refused = await rest(started.gateway.url, 'POST', '/v2/groups', definition);
      expect(refused.status).toBe(422);
      expect(refused.body.details).toHaveLength(appsOf(definition).filter(needsImage).length);
      for (const detail of refused.body.details) expect(detail.path).toMatch(/\/apps\/\d+\/container$/);
      expect((await rest(started.gateway.url, 'GET', '/v2/apps')).body.apps).toEqual([]);
    },
  );

  it.each(groups.filter((group) => !appsOf(group.definition).some(needsImage)))(
    '$name, a group, is accepted by POST /v2/groups as it is',
    async ({ definition }) => {
      const created = await rest(started.gateway.url, 'POST', '/v2/groups', definition);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ version: expect.any(String), deploymentId: expect.any(String) });
      expect((await rest(started.gateway.url, 'DELETE', `/v2/groups${definition.id.startsWith('/') ? definition.id : `/${definition.id}`}`)).status).toBe(200);
    },
  );

  it("README's table of Marathon fields is the one these examples measure", () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md has no ${START} block`).toBeGreaterThan(-1);
    const table = fieldTable();
    if (process.env.CORRAL_WRITE_README) writeFileSync(README, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
    else
      expect(
        readme.slice(start + START.length, end).trim(),
        'README.md is stale: CORRAL_WRITE_README=1 npx vitest run test/e2e/marathon-examples.test.ts rewrites the table',
      ).toBe(table);
  });
});
