import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvalidInput } from '../../src/apps/index.ts';
import { loadRepository, packageApps, renderApps, resolveOptions, type LoadedRepository, type PackageVersion } from '../../src/catalog/index.ts';

// Real DC/OS Universe packages (test/fixtures/dcos-universe/README.md says where each comes from), read as Cosmos reads them.

const dcosFixture = fileURLToPath(new URL('../fixtures/dcos-universe', import.meta.url));
const fieldsOf = (error: unknown) => (error as InvalidInput).fields.map((field) => `${field.field}: ${field.message}`);

describe('real Universe packages, as Cosmos renders them', () => {
  let repository: LoadedRepository;
  beforeAll(async () => {
    repository = await loadRepository('dcos', dcosFixture);
  });
  const named = (name: string): PackageVersion => repository.packages.find((found) => found.name === name)!;
  const render = async (name: string, given: unknown) => {
    const pkg = named(name);
    const files = await repository.files(pkg);
    const options = resolveOptions(pkg, files.configSchema, given);
    return { pkg, options, rendered: renderApps(files.template!, { options, resource: files.resource, pkg }) };
  };

  it.each(['kafka', 'confluent-kafka', 'portworx-kafka'])(
    '%s: its default settings pass its own schema, because defaults are filled in before validating',
    async (name) => {
      // The schema says `not: { transport_encryption.enabled = false and ssl_authentication.enabled = true }`: true only once the defaults are there.
      const { options, rendered } = await render(name, {});
      expect(options).toMatchObject({ service: { security: { transport_encryption: { enabled: false }, ssl_authentication: { enabled: false } } } });
      // Triple braces are JSON-escaped, as Cosmos does: the default constraint (with quotes) stays one string value.
      expect(rendered[0]!.env).toMatchObject({ PLACEMENT_CONSTRAINTS: '[["hostname", "MAX_PER", "1"]]' });
      expect(packageApps(named(name), rendered).specs[0]!.labels).toMatchObject({ DCOS_PACKAGE_NAME: name });
    },
  );

  it('kafka: a setting the schema forbids is still refused after the defaults, naming where', async () => {
    const pkg = named('kafka');
    const files = await repository.files(pkg);
    const forbidden = { service: { security: { ssl_authentication: { enabled: true } } } }; // needs transport encryption, which defaults to off
    expect(fieldsOf(catching(() => resolveOptions(pkg, files.configSchema, forbidden)))).toContain('/service/security: must NOT be valid');
    expect(() =>
      resolveOptions(pkg, files.configSchema, { service: { security: { transport_encryption: { enabled: true }, ssl_authentication: { enabled: true } } } }),
    ).not.toThrow();
  });

  it('percona-mongo: with its credentials given, its defaults pass (the restore settings no longer "must NOT be valid"); without, each credential is named', async () => {
    const pkg = named('percona-mongo');
    const files = await repository.files(pkg);
    const missing = fieldsOf(catching(() => resolveOptions(pkg, files.configSchema, {})));
    expect(missing).toContain('/mongodb-credentials/backupPassword: must NOT have fewer than 10 characters');
    expect(missing.filter((line) => line.includes('must NOT be valid') || line.startsWith('/backup-restore'))).toEqual([]);
    const password = 'a-long-password';
    const credentials = {
      backupUser: 'backup',
      backupPassword: password,
      userAdminUser: 'useradmin',
      userAdminPassword: password,
      clusterAdminUser: 'clusteradmin',
      clusterAdminPassword: password,
      clusterMonitorUser: 'monitor',
      clusterMonitorPassword: password,
      key: 'k'.repeat(1024),
    };
    const { rendered } = await render('percona-mongo', { 'mongodb-credentials': credentials });
    expect(rendered[0]!.env).toMatchObject({ MONGODB_NODE_PLACEMENT: '[["hostname", "UNIQUE"]]', MONGODB_BACKUP_PASSWORD: password });
  });

  it('minio: its option named `resource` merges with resource.json instead of being replaced by it', async () => {
    const defaults = await render('minio', {});
    expect(defaults.rendered[0]).toMatchObject({ cpus: 1, mem: 1024, container: { docker: { image: 'minio/minio:RELEASE.2018-10-06T00-15-16Z' } } });
    const bigger = await render('minio', { resource: { cpus: 2, mem: 2048 } });
    expect(bigger.rendered[0]).toMatchObject({ cpus: 2, mem: 2048, container: { docker: { image: 'minio/minio:RELEASE.2018-10-06T00-15-16Z' } } });
    // The options stored for the installation are the options, without resource.json in them.
    expect(bigger.options.resource).toEqual({ cpus: 2, mem: 2048 });
  });

  it("minio: resource.json wins over an option of the same path, as in Cosmos (artifacts are the package's, not the user's)", async () => {
    const pkg = named('minio');
    const files = await repository.files(pkg);
    const options = {
      ...resolveOptions(pkg, files.configSchema, {}),
      resource: { cpus: 1, mem: 1024, assets: { container: { docker: { 'minio-docker-RELEASE': 'evil/image' } } } },
    };
    const [app] = renderApps(files.template!, { options, resource: files.resource, pkg });
    expect(app).toMatchObject({ container: { docker: { image: 'minio/minio:RELEASE.2018-10-06T00-15-16Z' } } });
  });

  it('hello-world: a value in triple braces with quotes and newlines stays inside its string (as Cosmos JSON-encodes option strings)', async () => {
    const hostile = 'hi", "cmd": "touch /tmp/pwned\n';
    const { rendered } = await render('hello-world', { service: { message: hostile } });
    expect(rendered[0]!.env).toEqual({ MESSAGE: hostile });
    expect(rendered[0]!.cmd).not.toContain('pwned');
  });
});

function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}
