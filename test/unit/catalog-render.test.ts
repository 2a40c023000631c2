import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInput } from '../../src/apps/index.ts';
import {
  buildIndexText,
  compareVersions,
  jsonStringContent,
  loadRepository,
  MAX_PACKAGE_APPS,
  packageApps,
  PackageRenderFailed,
  renderApps,
  resolveOptions,
  type PackageVersion,
} from '../../src/catalog/index.ts';

const pkg: PackageVersion = {
  repository: 'tests',
  name: 'demo',
  version: '1.2.0',
  description: '',
  tags: [],
  licenses: [],
  requires: { programs: [] },
  framework: false,
  layout: 'CORRAL',
  path: 'packages/demo/1.2.0',
};
const render = (template: string, options: Record<string, unknown>, resource: Record<string, unknown> = {}) => renderApps(template, { options, resource, pkg });
const fieldsOf = (error: unknown) => (error as InvalidInput).fields.map((field) => `${field.field}: ${field.message}`);
const thrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
};

const universe = fileURLToPath(new URL('../../universe', import.meta.url));
const dcosFixture = fileURLToPath(new URL('../fixtures/dcos-universe', import.meta.url));

describe('rendering a package template', () => {
  it('writes values as the inside of a JSON string: an option cannot add fields or end its string', () => {
    const injection = '", "cmd": "rm -rf /';
    const [app] = render('{ "id": "web", "cmd": "serve", "env": { "NAME": "{{name}}", "RAW": "{{{name}}}", "AMP": "{{& name}}" } }', { name: injection });
    expect(app).toEqual({ id: 'web', cmd: 'serve', env: { NAME: injection, RAW: injection, AMP: injection } });
    expect(jsonStringContent('a"b\\c\nd\u0001')).toBe('a\\"b\\\\c\\nd\\u0001');
    expect(jsonStringContent('<b>&amp;</b>')).toBe('<b>&amp;</b>'); // no HTML escaping
  });

  it('keeps numbers and booleans as such outside quotes, and refuses an object spliced in raw', () => {
    const [app] = render('{ "id": "x", "cmd": "c", "cpus": {{cpus}}, "requirePorts": {{fixed}} }', { cpus: 0.25, fixed: true });
    expect(app).toMatchObject({ cpus: 0.25, requirePorts: true });
    const error = thrown(() => render('{ "id": "x", "cmd": "c", "labels": {{labels}} }', { labels: { a: 'b' } }));
    expect(error).toBeInstanceOf(PackageRenderFailed);
    expect((error as Error).message).toMatch(/did not render JSON: .*line 1/);
  });

  it('has sections for optional parts, as DC/OS templates use them, and resource.json as {{resource...}}', () => {
    const template =
      '{ "id": "/{{service.name}}", "cmd": "c"{{#service.vhost}}, "labels": { "HAPROXY_0_VHOST": "{{service.vhost}}" }{{/service.vhost}}, "uris": ["{{resource.assets.uris.page}}"] }';
    const resource = { assets: { uris: { page: 'https://example.com/p.html' } } };
    expect(render(template, { service: { name: 'hello' } }, resource)).toEqual([{ id: '/hello', cmd: 'c', uris: ['https://example.com/p.html'] }]);
    expect(render(template, { service: { name: 'hello', vhost: 'a.example.com' } }, resource)[0]).toMatchObject({
      labels: { HAPROXY_0_VHOST: 'a.example.com' },
    });
  });

  it('takes one app, a list of apps, or { apps: [...] }, and names a broken template', () => {
    expect(render('[{ "id": "a" }, { "id": "b" }]', {})).toHaveLength(2);
    expect(render('{ "apps": [{ "id": "a" }] }', {})).toEqual([{ id: 'a' }]);
    expect((thrown(() => render('{{#open}}', {})) as Error).message).toContain('not valid Mustache');
    expect((thrown(() => render('[1]', {})) as Error).message).toContain('where an app definition');
  });

  it("makes at most MAX_PACKAGE_APPS apps, so the API lists a package's apps whole", () => {
    const apps = (count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => ({ id: `app-${i}` })));
    expect(render(apps(MAX_PACKAGE_APPS), {})).toHaveLength(MAX_PACKAGE_APPS);
    expect((thrown(() => render(apps(MAX_PACKAGE_APPS + 1), {})) as Error).message).toContain(
      `rendered ${MAX_PACKAGE_APPS + 1} apps: a package makes at most ${MAX_PACKAGE_APPS}`,
    );
  });
});

describe('package options', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['password'],
    properties: {
      port: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
      password: { type: 'string', minLength: 8 },
      service: {
        type: 'object',
        properties: { name: { type: 'string', default: 'demo' }, cpus: { type: 'number', default: 0.5 }, tier: { enum: ['a', 'b'], default: 'a' } },
      },
    },
  };

  it("fill in the schema's defaults, nested objects included (the DC/OS way)", () => {
    expect(resolveOptions(pkg, schema, { password: 'long enough' })).toEqual({
      password: 'long enough',
      port: 0,
      service: { name: 'demo', cpus: 0.5, tier: 'a' },
    });
    expect(resolveOptions(pkg, schema, { password: 'long enough', service: { cpus: 2 } }).service).toEqual({ name: 'demo', cpus: 2, tier: 'a' });
  });

  it('are refused with every problem named by its JSON pointer', () => {
    const error = thrown(() => resolveOptions(pkg, schema, { port: 70000, extra: 1, service: { cpus: 'many', tier: 'c' } }));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(fieldsOf(error).sort()).toEqual([
      '/extra: is not an option of this package',
      '/password: is required',
      '/port: must be <= 65535',
      '/service/cpus: must be number',
      '/service/tier: must be one of "a", "b"',
    ]);
  });

  it('read DC/OS schemas: $schema of draft-04 and its boolean exclusiveMaximum', () => {
    const draft4 = {
      $schema: 'http://json-schema.org/schema#',
      type: 'object',
      properties: { ratio: { type: 'number', maximum: 1, exclusiveMaximum: true, default: 0.5 } },
    };
    expect(resolveOptions(pkg, draft4, {})).toEqual({ ratio: 0.5 });
    expect(fieldsOf(thrown(() => resolveOptions(pkg, draft4, { ratio: 1 })))).toEqual(['/ratio: must be < 1']);
  });

  it("read DC/OS schemas as Cosmos does: draft-04's id keyword, and patterns with escapes such as \\_", () => {
    // As 17 Universe packages write them (kafka among them): refused before as "NOT SUPPORTED: keyword id".
    const universe = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      id: 'http://example.com/kafka',
      type: 'object',
      properties: {
        service: {
          id: 'service',
          type: 'object',
          properties: { name: { type: 'string', pattern: '^[a-z0-9\\_-]+$', default: 'kafka_1' }, id: { type: 'string', default: 'k1' } },
        },
      },
    };
    expect(resolveOptions(pkg, universe, {})).toEqual({ service: { name: 'kafka_1', id: 'k1' } });
    expect(fieldsOf(thrown(() => resolveOptions(pkg, universe, { service: { name: 'Kafka 1' } })))).toEqual([
      '/service/name: must match pattern "^[a-z0-9\\_-]+$"',
    ]);
  });
});

describe("placing a package's apps", () => {
  const requiring = { ...pkg, requires: { programs: ['redis-server'] } };

  it('installs a package of one app as appId, with the package labels and its required programs as constraints', () => {
    const { appId, specs } = packageApps(requiring, [{ id: 'cache', cmd: 'redis-server', constraints: [['os', 'LIKE', 'linux']] }], '/shop/cache');
    expect(appId).toBe('/shop/cache');
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({
      id: '/shop/cache',
      labels: { CORRAL_PACKAGE_NAME: 'demo', CORRAL_PACKAGE_VERSION: '1.2.0', DCOS_PACKAGE_NAME: 'demo', CORRAL_PACKAGE_APP_ID: '/shop/cache' },
      constraints: [
        ['os', 'LIKE', 'linux'],
        ['program.redis-server', 'LIKE', '.+'],
      ],
    });
    // Without an appId: the template's own id.
    expect(packageApps(pkg, [{ id: '/{{ignored}}x', cmd: 'c' }]).appId).toBe('/demo');
    expect(packageApps(pkg, [{ id: 'cache', cmd: 'c' }]).appId).toBe('/cache');
  });

  it('puts the apps of a package of several under appId, dependencies first, following their dependencies there', () => {
    const { appId, specs } = packageApps(
      pkg,
      [
        { id: 'worker', cmd: 'w', dependencies: ['master', '/elsewhere/db'] },
        { id: 'master', cmd: 'm' },
      ],
      '/analytics',
    );
    expect(appId).toBe('/analytics');
    expect(specs.map((spec) => spec.id)).toEqual(['/analytics/master', '/analytics/worker']);
    expect(specs[1]!.dependencies).toEqual(['/analytics/master', '/elsewhere/db']);
    expect(
      packageApps(pkg, [
        { id: 'a', cmd: 'a' },
        { id: 'b', cmd: 'b' },
      ]).appId,
    ).toBe('/demo');
  });

  it('names what is wrong with a rendered app, by app', () => {
    const error = thrown(() =>
      packageApps(
        pkg,
        [
          { id: 'a', cmd: 'a', cpus: -1 },
          { id: 'b', cmd: 'b', args: ['x'] },
        ],
        '/g',
      ),
    );
    expect(fieldsOf(error)).toEqual(['apps[/g/a].cpus: must be >= 0', 'apps[/g/b].args: cannot be set together with cmd: give one of them']);
    expect(fieldsOf(thrown(() => packageApps(pkg, [{ cmd: 'a' }], '/Bad_Id')))).toEqual([expect.stringMatching(/^appId: segment "Bad_Id"/)]);
    expect(
      (
        thrown(() =>
          packageApps(pkg, [
            { id: 'a', cmd: 'a', dependencies: ['b'] },
            { id: 'b', cmd: 'b', dependencies: ['a'] },
          ]),
        ) as Error
      ).message,
    ).toContain('circle');
  });
});

describe('repositories', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'corral-catalog-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('universe/index.json is what `npm run catalog:index -- universe` writes now', async () => {
    const { text, problems } = await buildIndexText(universe);
    expect(problems).toEqual([]);
    expect(readFileSync(join(universe, 'index.json'), 'utf8')).toBe(text);
  });

  it('every universe package renders with its defaults into valid apps', async () => {
    const repository = await loadRepository('universe', universe);
    expect(repository.packages.map((found) => found.name)).toEqual(
      expect.arrayContaining(['java-hello', 'mariadb', 'memcached', 'nginx', 'node-hello', 'postgresql', 'redis', 'spark']),
    );
    // Only a secret is required, and only of the databases.
    const required = (schema: { required?: string[] }) => schema.required ?? [];
    for (const found of repository.packages) {
      const files = await repository.files(found);
      expect(required(files.configSchema), found.name).toEqual(['postgresql', 'mariadb'].includes(found.name) ? ['password'] : []);
      const options = resolveOptions(found, files.configSchema, ['postgresql', 'mariadb'].includes(found.name) ? { password: 'a long secret' } : {});
      const { specs } = packageApps(found, renderApps(files.template!, { options, resource: files.resource, pkg: found }));
      expect(specs.length, found.name).toBeGreaterThan(0);
      for (const spec of specs) expect(spec.labels.CORRAL_PACKAGE_NAME).toBe(found.name);
    }
  });

  it('spark: a master whose port is its service port, and workers after it that reach it there, from a checked tarball', async () => {
    const repository = await loadRepository('universe', universe);
    const spark = repository.packages.find((found) => found.name === 'spark')!;
    const files = await repository.files(spark);
    const options = resolveOptions(spark, files.configSchema, { worker: { instances: 3 } });
    const [master, worker] = packageApps(spark, renderApps(files.template!, { options, resource: files.resource, pkg: spark }), '/spark').specs;
    expect(master).toMatchObject({ id: '/spark/master', requirePorts: true, portDefinitions: [{ port: 31077, servicePort: 31077 }, { port: 31078 }] });
    expect(master!.fetch[0]).toMatchObject({
      uri: expect.stringMatching(/spark-3\.4\.1-bin-hadoop3\.tgz$/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      extract: true,
    });
    expect(worker).toMatchObject({
      id: '/spark/worker',
      instances: 3,
      dependencies: ['/spark/master'],
      env: { CORRAL_SPARK_MASTER_HOST: '127.0.0.1', CORRAL_SPARK_MASTER_PORT: '31077' },
    });
    expect(worker!.constraints).toEqual([['program.java', 'LIKE', '.+']]);
  });

  it('reads a DC/OS Universe folder as it is: revisions, config.json, marathon.json.mustache, defaults of nested options', async () => {
    const repository = await loadRepository('dcos', dcosFixture);
    expect(repository.problems).toEqual([]);
    expect(repository.packages.map((found) => `${found.name} ${found.version} r${found.revision}`)).toEqual(
      expect.arrayContaining(['grafana 5.0.4-5.0.4 r0', 'hello-world 0.2.0 r1', 'hello-world 0.1.0 r0']),
    );
    const hello = repository.packages.find((found) => found.name === 'hello-world')!;
    const files = await repository.files(hello);
    const options = resolveOptions(hello, files.configSchema, {});
    expect(options).toEqual({
      service: { name: 'hello-world', cpus: 0.1, mem: 48, instances: 1, message: 'Hello again from a DC/OS package', fetch_page: false },
    });
    const { appId, specs } = packageApps(hello, renderApps(files.template!, { options, resource: files.resource, pkg: hello }));
    expect(appId).toBe('/hello-world');
    expect(specs[0]).toMatchObject({
      id: '/hello-world',
      cpus: 0.1,
      mem: 48,
      env: { MESSAGE: 'Hello again from a DC/OS package' },
      labels: { DCOS_SERVICE_NAME: 'hello-world', DCOS_PACKAGE_NAME: 'hello-world' },
      fetch: [],
    });
    const fetching = resolveOptions(hello, files.configSchema, { service: { fetch_page: true, virtual_host: 'hello.example.com' } });
    expect(packageApps(hello, renderApps(files.template!, { options: fetching, resource: files.resource, pkg: hello })).specs[0]).toMatchObject({
      fetch: [{ uri: 'https://example.com/assets/hello-world/index.html' }],
      labels: { HAPROXY_0_VHOST: 'hello.example.com' },
    });
  });

  it('reads a DC/OS Universe repository file (what a Universe server answers), and resolves relative artifact URIs', async () => {
    const folder = join(dcosFixture, 'repo/packages/H/hello-world/0');
    const read = (name: string) => readFileSync(join(folder, name), 'utf8');
    const entry = {
      ...JSON.parse(read('package.json')),
      releaseVersion: 0,
      config: JSON.parse(read('config.json')),
      resource: { assets: { uris: { 'sample-page': 'pages/index.html' } } },
      marathon: { v2AppMustacheTemplate: Buffer.from(read('marathon.json.mustache')).toString('base64') },
    };
    writeFileSync(join(scratch, 'repo-up-to-1.10.json'), JSON.stringify({ packages: [entry] }));
    const repository = await loadRepository('dcos-file', join(scratch, 'repo-up-to-1.10.json'));
    expect(repository.packages.map((found) => `${found.name} ${found.version} ${found.layout}`)).toEqual(['hello-world 0.1.0 DCOS']);
    const files = await repository.files(repository.packages[0]!);
    expect(files.template).toContain('{{service.name}}');
    expect(files.resource).toEqual({ assets: { uris: { 'sample-page': `file://${scratch}/pages/index.html` } } });
  });

  it('orders versions as numbers, a pre-release before its release', () => {
    expect(['1.10.0', '1.2.0', '2.0.0-rc1', '2.0.0', '1.2.0-1'].sort(compareVersions)).toEqual(['1.2.0-1', '1.2.0', '1.10.0', '2.0.0-rc1', '2.0.0']);
  });
});
