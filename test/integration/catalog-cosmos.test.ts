import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCatalogRepositoryDocument,
  AppsDocument,
  CreateAppDocument,
  DeleteAppDocument,
  DeploymentsDocument,
  EventsDocument,
  InstalledPackagesDocument,
  InstallPackageDocument,
  PackageDocument,
  RenderPackageDocument,
  UninstallPackageDocument,
} from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { success } from '../helpers/mutation-results.ts';

// DC/OS Universe packages as Cosmos treats them, through the API: a repository to choose from, CLI-only
// packages, Mesos frameworks; and an install that fails leaves nothing behind.

const catalogFixture = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));
const dcosFixture = fileURLToPath(new URL('../fixtures/dcos-universe', import.meta.url));

describe.each(databaseKinds)('Universe packages as Cosmos treats them, on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}], { unreachableAfterMs: 2000, pollTimeoutMs: 2000 });
    success((await cluster.client.request(AddCatalogRepositoryDocument, { name: 'fixtures', uri: catalogFixture })).addCatalogRepository);
    success((await cluster.client.request(AddCatalogRepositoryDocument, { name: 'dcos', uri: dcosFixture })).addCatalogRepository);
  });
  afterAll(() => cluster?.stop());

  const request = <R, V>(...args: Parameters<typeof cluster.client.request<R, V>>) => cluster.client.request<R, V>(...args);
  const appIds = async (prefix: string) => (await request(AppsDocument, { prefix })).apps.edges.map((edge) => edge.node.id);
  /** Everything the event log and the deployments say about apps under `prefix`, and installations there. */
  const traces = async (prefix: string) => {
    const events = (await request(EventsDocument, { first: 1000 })).events.edges.map((edge) => edge.node).filter((event) => event.subject?.startsWith(prefix));
    const deployments = (await request(DeploymentsDocument, { first: 1000 })).deployments.edges
      .map((edge) => edge.node)
      .filter((deployment) => deployment.appId.startsWith(prefix));
    const installed = (await request(InstalledPackagesDocument, { first: 1000 })).installedPackages.edges
      .map((edge) => edge.node.appId)
      .filter((id) => id.startsWith(prefix));
    return {
      events: events.map((event) => `${event.type} ${event.subject}`),
      deployments: deployments.map((deployment) => `${deployment.kind} ${deployment.appId}`),
      installed,
    };
  };

  it('a name in two repositories: the first is taken and the answer says so; `repository` takes the other', async () => {
    const unpinned = (await request(PackageDocument, { name: 'redis' })).package!;
    expect(unpinned).toMatchObject({
      repository: 'universe',
      alsoInRepositories: ['dcos'],
      notice: expect.stringContaining("in repositories universe, dcos: took universe's"),
    });
    const pinned = (await request(PackageDocument, { name: 'redis', repository: 'dcos' })).package!;
    expect(pinned).toMatchObject({ repository: 'dcos', version: '4.0-0.0.1', layout: 'DCOS', alsoInRepositories: [], notice: null });
    expect((await request(PackageDocument, { name: 'redis', version: '4.0-0.0.1' })).package).toMatchObject({ repository: 'dcos', notice: null });
    expect((await request(PackageDocument, { name: 'redis', repository: 'no-such-repository' })).package).toBeNull();

    const rendered = success((await request(RenderPackageDocument, { name: 'redis', appId: '/picked' })).renderPackage);
    expect(rendered.notices).toEqual([expect.stringContaining("took universe's")]);
    expect(rendered.apps[0]!.labels).toMatchObject({ CORRAL_PACKAGE_REPOSITORY: 'universe' });
    // Pinned to dcos: its redis is a Docker app, refused as such (proof that the other one was taken).
    const other = (await request(RenderPackageDocument, { name: 'redis', repository: 'dcos' })).renderPackage;
    expect(other).toMatchObject({ __typename: 'ValidationError', fields: [expect.objectContaining({ field: 'apps[/redis].container' })] });

    const installed = success((await request(InstallPackageDocument, { name: 'redis', appId: '/picked' })).installPackage);
    expect(installed.installedPackage).toMatchObject({ repository: 'universe', appId: '/picked' });
    expect(installed.notices).toEqual([expect.stringContaining('package redis is in repositories universe, dcos')]);
    success((await request(UninstallPackageDocument, { appId: '/picked' })).uninstallPackage);

    const duo = success((await request(InstallPackageDocument, { name: 'duo', version: '1.0.0', appId: '/only', repository: 'fixtures' })).installPackage);
    expect(duo.notices).toEqual([]);
    success((await request(UninstallPackageDocument, { appId: '/only' })).uninstallPackage);
    expect((await request(InstallPackageDocument, { name: 'redis', repository: 'nope' })).installPackage).toMatchObject({
      __typename: 'CatalogRepositoryNotFoundError',
      message: 'there is no catalog repository named nope',
    });
    expect((await request(InstallPackageDocument, { name: 'duo', repository: 'dcos' })).installPackage).toMatchObject({
      __typename: 'PackageNotFoundError',
      message: 'catalog repository dcos has no package named duo',
    });
  });

  it('a CLI-only package is described as far as it can be, and render and install say it has no app template', async () => {
    const described = (await request(PackageDocument, { name: 'dcos-enterprise-cli' })).package!;
    expect(described).toMatchObject({ name: 'dcos-enterprise-cli', version: '1.13-patch.1', hasAppTemplate: false, framework: false, configSchema: {} });
    expect(described.resource).toMatchObject({ cli: expect.any(Object) });
    const reason = expect.stringContaining('it has no app template (marathon.json.mustache or apps.json.mustache): it is a CLI-only package');
    expect((await request(RenderPackageDocument, { name: 'dcos-enterprise-cli' })).renderPackage).toMatchObject({
      __typename: 'PackageNotInstallableError',
      reason,
    });
    expect((await request(InstallPackageDocument, { name: 'dcos-enterprise-cli' })).installPackage).toMatchObject({
      __typename: 'PackageNotInstallableError',
      reason,
    });
    expect(await traces('/dcos-enterprise-cli')).toEqual({ events: [], deployments: [], installed: [] });
  });

  it('a Mesos framework renders with its defaults (with a notice) but is refused at install, saying it needs a Mesos master', async () => {
    expect((await request(PackageDocument, { name: 'kafka' })).package).toMatchObject({ framework: true, hasAppTemplate: true });
    const rendered = success((await request(RenderPackageDocument, { name: 'kafka' })).renderPackage);
    expect(rendered.options).toMatchObject({ service: { name: 'kafka', security: { transport_encryption: { enabled: false } } } });
    expect(rendered.notices).toEqual([expect.stringContaining('it is a Mesos framework scheduler')]);
    const { installPackage } = await request(InstallPackageDocument, { name: 'kafka' });
    expect(installPackage).toMatchObject({
      __typename: 'PackageNotInstallableError',
      message: expect.stringMatching(
        /^package kafka 2\.10\.0-2\.4\.0 cannot be installed: it is a Mesos framework scheduler .*needs a Mesos master to register with, which Corral is not$/,
      ),
    });
    expect(await traces('/kafka')).toEqual({ events: [], deployments: [], installed: [] });
  });

  it('nothing installed half: an install whose second app conflicts, or whose app the parser refuses, leaves no app, deployment, event or installation', async () => {
    success((await request(CreateAppDocument, { input: { id: '/half/frontend', cmd: 'sleep 1000', cpus: 0.01, mem: 8, instances: 0 } })).createApp);
    const before = await traces('/half');
    // backend comes first (frontend depends on it) and is created in the transaction before frontend conflicts.
    const conflict = (await request(InstallPackageDocument, { name: 'duo', version: '1.0.0', appId: '/half' })).installPackage;
    expect(conflict).toMatchObject({ __typename: 'AppAlreadyExistsError' });
    expect(await appIds('/half')).toEqual(['/half/frontend']);
    expect(await traces('/half')).toEqual(before);
    expect(before.events.filter((event) => !event.endsWith('/half/frontend'))).toEqual([]);
    success((await request(DeleteAppDocument, { id: '/half/frontend' })).deleteApp);

    const refused = (await request(InstallPackageDocument, { name: 'minio', appId: '/half-minio' })).installPackage;
    expect(refused).toMatchObject({ __typename: 'ValidationError', fields: [expect.objectContaining({ field: 'apps[/half-minio].container' })] });
    expect(await traces('/half-minio')).toEqual({ events: [], deployments: [], installed: [] });
  });
});
