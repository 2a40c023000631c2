import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCatalogRepositoryDocument,
  AppsDocument,
  AppTasksDocument,
  CatalogRepositoriesDocument,
  CreateAppDocument,
  DeleteAppDocument,
  EventsDocument,
  InstalledPackagesDocument,
  InstallPackageDocument,
  PackageDocument,
  PackagesDocument,
  RemoveCatalogRepositoryDocument,
  RenderPackageDocument,
  UninstallPackageDocument,
  UpgradePackageDocument,
} from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';
import { success } from '../helpers/mutation-results.ts';

const catalogFixture = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));
const dcosFixture = fileURLToPath(new URL('../fixtures/dcos-universe', import.meta.url));

/** Serves a folder's files over HTTP, as a static web server would a repository. */
async function serveFolder(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root) || !statSync(path, { throwIfNoEntry: false })?.isFile()) return response.writeHead(404).end('not found');
    response.writeHead(200);
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(databaseKinds)('the package catalog on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // Its HTTP repository is served on 127.0.0.1, which a gateway fetches from only when allowed (test/security/catalog.test.ts).
    cluster = await startCluster(kind, [{}], { unreachableAfterMs: 2000, pollTimeoutMs: 2000, allowInternalRepositories: true });
  });
  afterAll(() => cluster?.stop());

  const request = <R, V>(...args: Parameters<typeof cluster.client.request<R, V>>) => cluster.client.request<R, V>(...args);
  const appIds = async (prefix: string) => (await request(AppsDocument, { prefix })).apps.edges.map((edge) => edge.node.id);
  const packageEvents = async () =>
    (await request(EventsDocument, { first: 500 })).events.edges
      .filter((edge) => edge.node.type.startsWith('package.'))
      .map((edge) => `${edge.node.type} ${edge.node.subject}`);
  /** What the app's running task answers over HTTP on its first port. */
  const answerOf = (appId: string, expected: string) =>
    eventually(
      `${appId} to answer "${expected.trim()}"`,
      async () => {
        const { app } = await request(AppTasksDocument, { id: appId });
        for (const task of app?.tasks.nodes.filter((found) => found.state === 'RUNNING') ?? []) {
          const text = await fetch(`http://127.0.0.1:${task.ports[0]}/`).then(
            (response) => response.text(),
            () => undefined,
          );
          if (text === expected) return text;
        }
        return undefined;
      },
      20_000,
    );

  it('always has the built-in universe, which cannot be removed', async () => {
    const { catalogRepositories } = await request(CatalogRepositoriesDocument, {});
    expect(catalogRepositories).toEqual([expect.objectContaining({ name: 'universe', builtIn: true, position: 0, problem: null })]);
    expect(catalogRepositories[0]!.packageCount).toBeGreaterThanOrEqual(7);
    const { removeCatalogRepository } = await request(RemoveCatalogRepositoryDocument, { name: 'universe' });
    expect(removeCatalogRepository).toMatchObject({ __typename: 'CatalogRepositoryBuiltInError' });
  });

  it('adds a folder repository once it has read it, and searches by relevance: name, then tag, then description', async () => {
    const added = success((await request(AddCatalogRepositoryDocument, { name: 'fixtures', uri: catalogFixture })).addCatalogRepository);
    expect(added).toMatchObject({ name: 'fixtures', uri: catalogFixture, position: 1, builtIn: false, packageCount: 5 });
    expect((await request(AddCatalogRepositoryDocument, { name: 'fixtures', uri: catalogFixture })).addCatalogRepository).toMatchObject({
      __typename: 'CatalogRepositoryExistsError',
    });
    expect((await request(AddCatalogRepositoryDocument, { name: 'nowhere', uri: '/no/such/folder' })).addCatalogRepository).toMatchObject({
      __typename: 'CatalogRepositoryUnreadableError',
      reason: expect.stringContaining('no index.json'),
    });
    expect((await request(AddCatalogRepositoryDocument, { name: 'Bad Name', uri: catalogFixture })).addCatalogRepository).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'name', message: expect.any(String) }],
    });

    const names = async (variables: { search?: string; tag?: string; repository?: string }) =>
      (await request(PackagesDocument, variables)).packages.edges.map((edge) => edge.node.name);
    expect(await names({ search: 'web', repository: 'fixtures' })).toEqual(['webhook-relay', 'proxy-cache', 'notes-board']);
    const everywhere = await names({ search: 'WEB' });
    expect(everywhere[0]).toBe('webhook-relay');
    expect(everywhere.indexOf('node-hello')).toBeLessThan(everywhere.indexOf('notes-board')); // a universe tag match before a description match
    expect(await names({ tag: 'cache' })).toEqual(['memcached', 'proxy-cache', 'redis']);
    expect(await names({ search: 'redis' })).toEqual(['redis']);

    const page = await request(PackagesDocument, { first: 2 });
    expect(page.packages).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true } });
    const next = await request(PackagesDocument, { first: 20, after: page.packages.pageInfo.endCursor });
    expect(next.packages.edges).toHaveLength(10);
  });

  it('describes a package: its versions, options schema, readme and metadata', async () => {
    const { package: duo } = await request(PackageDocument, { name: 'duo' });
    expect(duo).toMatchObject({
      name: 'duo',
      version: '2.0.0',
      versions: ['2.0.0', '1.0.0'],
      repository: 'fixtures',
      layout: 'CORRAL',
      maintainer: 'tests@example.org',
      licenses: [{ name: 'MIT', url: null }],
      minCorralVersion: '0.1.0',
    });
    expect(duo!.readme).toContain('# duo 2.0.0');
    expect(duo!.configSchema).toMatchObject({ properties: { message: { default: 'duo two' } } });
    expect((await request(PackageDocument, { name: 'duo', version: '1.0.0' })).package!.configSchema).toMatchObject({
      properties: { message: { default: 'duo one' } },
    });
    const { package: redis } = await request(PackageDocument, { name: 'redis' });
    expect(redis).toMatchObject({ repository: 'universe', requiredPrograms: ['redis-server'], readme: expect.stringContaining('# redis') });
    expect((await request(PackageDocument, { name: 'no-such-package' })).package).toBeNull();
  });

  it('installs node-hello with options: the app is labelled, linked to its installation, and answers HTTP', async () => {
    const installed = success(
      (await request(InstallPackageDocument, { name: 'node-hello', appId: '/hello', options: { greeting: 'hi from a test' } })).installPackage,
    );
    expect(installed.installedPackage).toMatchObject({
      name: 'node-hello',
      version: '1.0.0',
      repository: 'universe',
      appId: '/hello',
      apps: [{ id: '/hello', version: 1 }],
    });
    expect(installed.installedPackage.options).toEqual({ greeting: 'hi from a test', instances: 1, port: 0, cpus: 0.1, mem: 64 });
    expect(installed.apps).toHaveLength(1);
    expect(installed.apps[0]!.app.definition.labels).toMatchObject({
      CORRAL_PACKAGE_NAME: 'node-hello',
      CORRAL_PACKAGE_VERSION: '1.0.0',
      DCOS_PACKAGE_NAME: 'node-hello',
      CORRAL_PACKAGE_APP_ID: '/hello',
    });
    expect(installed.apps[0]!.deployment).toMatchObject({ kind: 'CREATE', status: 'RUNNING' });
    expect(installed.qualifyingAgents.nodes.map((agent) => agent.id)).toEqual([cluster.agents[0]!.id]);
    expect(installed.agentsNotQualifying).toBeNull();
    expect(await answerOf('/hello', 'hi from a test\n')).toBe('hi from a test\n');

    expect((await request(InstallPackageDocument, { name: 'node-hello', appId: '/hello' })).installPackage).toMatchObject({
      __typename: 'PackageAlreadyInstalledError',
    });
    expect((await request(InstallPackageDocument, { name: 'no-such-package' })).installPackage).toMatchObject({ __typename: 'PackageNotFoundError' });
    expect(await packageEvents()).toEqual(['package.installed /hello']);
  });

  it('refuses bad options, each named by its JSON pointer, and creates nothing', async () => {
    const { installPackage } = await request(InstallPackageDocument, {
      name: 'node-hello',
      appId: '/bad',
      options: { port: 70000, greeting: 5, colour: 'red' },
    });
    expect(installPackage.__typename).toBe('ValidationError');
    if (installPackage.__typename !== 'ValidationError') return;
    expect(installPackage.fields.map((field) => `${field.field}: ${field.message}`).sort()).toEqual([
      '/colour: is not an option of this package',
      '/greeting: must be string',
      '/port: must be <= 65535',
    ]);
    expect(await appIds('/bad')).toEqual([]);
    expect((await request(InstalledPackagesDocument, {})).installedPackages.edges.map((edge) => edge.node.appId)).toEqual(['/hello']);
  });

  it('an install whose second app already exists creates nothing at all', async () => {
    success((await request(CreateAppDocument, { input: { id: '/pair/frontend', cmd: 'sleep 1000', cpus: 0.01, mem: 8, instances: 0 } })).createApp);
    const { installPackage } = await request(InstallPackageDocument, { name: 'duo', version: '1.0.0', appId: '/pair' });
    expect(installPackage).toMatchObject({ __typename: 'AppAlreadyExistsError', message: expect.stringContaining('/pair/frontend') });
    expect(await appIds('/pair')).toEqual(['/pair/frontend']); // the backend, created first in the same transaction, is gone with it
    expect((await request(InstalledPackagesDocument, { name: 'duo' })).installedPackages.totalCount).toBe(0);
    success((await request(DeleteAppDocument, { id: '/pair/frontend' })).deleteApp);
    expect(await packageEvents()).toEqual(['package.installed /hello']);
  });

  it('a required program is a constraint: no agent here qualifies for redis, and its app waits saying why', async () => {
    // Before anything is created, the dry run names the agent that would not take it, and why.
    const rendered = (await request(RenderPackageDocument, { name: 'redis', appId: '/cache' })).renderPackage;
    expect(rendered).toMatchObject({
      data: {
        qualifyingAgents: { totalCount: 0, nodes: [] },
        notQualifying: { totalCount: 1, nodes: [{ agent: { hostname: expect.any(String) }, reasons: 'failed constraint program.redis-server LIKE .+' }] },
      },
    });
    const installed = success((await request(InstallPackageDocument, { name: 'redis', appId: '/cache' })).installPackage);
    expect(installed.qualifyingAgents).toEqual({ totalCount: 0, nodes: [] });
    expect(installed.agentsNotQualifying).toBe('1 agent failed constraint program.redis-server LIKE .+');
    expect(installed.notQualifying.nodes).toEqual([
      { agent: { id: cluster.agents[0]!.id, hostname: expect.any(String) }, reasons: 'failed constraint program.redis-server LIKE .+' },
    ]);
    expect(installed.apps[0]!.app.definition.constraints).toEqual([['program.redis-server', 'LIKE', '.+']]);
    await eventually('redis to wait for an agent', async () =>
      (await request(AppTasksDocument, { id: '/cache' })).app?.queue?.summary?.includes('failed constraint program.redis-server'),
    );
    expect(success((await request(UninstallPackageDocument, { appId: '/cache' })).uninstallPackage)).toMatchObject({
      name: 'redis',
      removedAppIds: ['/cache'],
    });
  });

  it('renders a package without installing it', async () => {
    const rendered = success(
      (await request(RenderPackageDocument, { name: 'spark', appId: '/analytics', options: { worker: { instances: 3 } } })).renderPackage,
    );
    expect(rendered.appId).toBe('/analytics');
    expect(rendered.apps.map((app) => [app.id, app.instances, app.dependencies])).toEqual([
      ['/analytics/master', 1, []],
      ['/analytics/worker', 3, ['/analytics/master']],
    ]);
    expect(rendered.options).toMatchObject({ master: { port: 31077 }, worker: { instances: 3, cores: 1 } });
    expect(await appIds('/analytics')).toEqual([]);
  });

  it('upgrades a package of two apps: each rolls forward to its next version; then uninstall removes them all', async () => {
    const first = success((await request(InstallPackageDocument, { name: 'duo', version: '1.0.0', appId: '/duo' })).installPackage);
    expect(first.apps.map((change) => change.app.id)).toEqual(['/duo/backend', '/duo/frontend']);
    expect(first.apps[1]!.app.definition.dependencies).toEqual(['/duo/backend']);
    await answerOf('/duo/frontend', 'frontend duo one\n');

    const upgraded = success((await request(UpgradePackageDocument, { appId: '/duo', options: { backend: { instances: 2 } } })).upgradePackage);
    expect(upgraded.installedPackage).toMatchObject({ version: '2.0.0', options: { message: 'duo two', backend: { instances: 2 }, port: 0 } });
    expect(
      upgraded.apps.map((change) => [
        change.app.id,
        change.app.version,
        change.deployment?.kind,
        (change.app.definition.labels as Record<string, string>).CORRAL_PACKAGE_VERSION,
      ]),
    ).toEqual([
      ['/duo/backend', 2, 'UPDATE', '2.0.0'],
      ['/duo/frontend', 2, 'UPDATE', '2.0.0'],
    ]);
    expect(upgraded.removedAppIds).toEqual([]);
    await answerOf('/duo/frontend', 'frontend duo two\n');
    await eventually('two backends', async () => (await request(AppTasksDocument, { id: '/duo/backend' })).app?.tasksRunning === 2);

    const again = success((await request(UpgradePackageDocument, { appId: '/duo' })).upgradePackage);
    expect(again.apps.map((change) => [change.app.version, change.deployment])).toEqual([
      [2, null],
      [2, null],
    ]);

    const removed = success((await request(UninstallPackageDocument, { appId: '/duo' })).uninstallPackage);
    expect(removed).toMatchObject({ appId: '/duo', name: 'duo', version: '2.0.0' });
    expect([...removed.removedAppIds].sort()).toEqual(['/duo/backend', '/duo/frontend']);
    expect(await appIds('/duo')).toEqual([]);
    expect((await request(UninstallPackageDocument, { appId: '/duo' })).uninstallPackage).toMatchObject({ __typename: 'PackageNotInstalledError' });
    expect((await packageEvents()).filter((event) => event.endsWith('/duo'))).toEqual([
      'package.installed /duo',
      'package.upgraded /duo',
      'package.upgraded /duo',
      'package.uninstalled /duo',
    ]);
  });

  it('adds and removes an HTTP repository, read through its index.json', async () => {
    const served = await serveFolder(catalogFixture);
    try {
      const added = success((await request(AddCatalogRepositoryDocument, { name: 'over-http', uri: served.url })).addCatalogRepository);
      expect(added).toMatchObject({ uri: served.url, position: 2, packageCount: 5 });
      const names = (await request(PackagesDocument, { repository: 'over-http' })).packages.edges.map((edge) => edge.node.name);
      expect(names).toEqual(['duo', 'notes-board', 'proxy-cache', 'webhook-relay']);
      const notes = (await request(PackageDocument, { name: 'notes-board', repository: 'over-http' })).package!;
      expect(notes).toMatchObject({
        repository: 'over-http',
        readme: '# notes-board\n\nA board for notes.\n',
        configSchema: { properties: { message: { default: 'hi' } } },
      });
      expect((await request(AddCatalogRepositoryDocument, { name: 'missing', uri: `${served.url}nothing/` })).addCatalogRepository).toMatchObject({
        __typename: 'CatalogRepositoryUnreadableError',
      });
      success((await request(RemoveCatalogRepositoryDocument, { name: 'over-http' })).removeCatalogRepository);
      expect((await request(CatalogRepositoriesDocument, {})).catalogRepositories.map((repository) => repository.name)).toEqual(['universe', 'fixtures']);
      expect((await request(RemoveCatalogRepositoryDocument, { name: 'over-http' })).removeCatalogRepository).toMatchObject({
        __typename: 'CatalogRepositoryNotFoundError',
      });
    } finally {
      await served.close();
    }
  });

  it("takes a repository in DC/OS Universe's layout as it is: search, describe, render with defaults, install and run", async () => {
    success((await request(AddCatalogRepositoryDocument, { name: 'dcos', uri: dcosFixture })).addCatalogRepository);
    expect((await request(PackagesDocument, { repository: 'dcos' })).packages.edges.map((edge) => edge.node.name)).toEqual(
      expect.arrayContaining(['grafana', 'hello-world']),
    );
    expect((await request(PackagesDocument, { search: 'dashboard' })).packages.edges.map((edge) => edge.node.name)).toEqual(['grafana']);

    const hello = (await request(PackageDocument, { name: 'hello-world' })).package!;
    expect(hello).toMatchObject({
      version: '0.2.0',
      versions: ['0.2.0', '0.1.0'],
      layout: 'DCOS',
      repository: 'dcos',
      postInstallNotes: 'hello-world has been installed.',
    });
    expect(hello.configSchema).toMatchObject({ properties: { service: { properties: { name: { default: 'hello-world' } } } } });

    const rendered = success((await request(RenderPackageDocument, { name: 'hello-world' })).renderPackage);
    expect(rendered.appId).toBe('/hello-world');
    expect(rendered.apps[0]).toMatchObject({
      id: '/hello-world',
      cpus: 0.1,
      mem: 48,
      env: { MESSAGE: 'Hello again from a DC/OS package' },
      labels: { DCOS_SERVICE_NAME: 'hello-world', DCOS_PACKAGE_VERSION: '0.2.0' },
    });

    const installed = success(
      (await request(InstallPackageDocument, { name: 'hello-world', version: '0.1.0', options: { service: { name: 'greeter' } } })).installPackage,
    );
    expect(installed.installedPackage).toMatchObject({ appId: '/greeter', version: '0.1.0', repository: 'dcos' });
    await answerOf('/greeter', 'Hello from a DC/OS package\n');

    // A Docker app: described and rendered, but Corral runs plain commands only, and says which field it cannot take.
    const { installPackage } = await request(InstallPackageDocument, { name: 'grafana' });
    expect(installPackage.__typename).toBe('ValidationError');
    if (installPackage.__typename === 'ValidationError')
      expect(installPackage.fields).toContainEqual({
        field: 'apps[/grafana].container',
        message: expect.stringContaining('Corral runs processes, not container images'),
      });
    expect(await appIds('/grafana')).toEqual([]);
  });
});
