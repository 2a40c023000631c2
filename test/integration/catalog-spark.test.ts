import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppTasksDocument, InstallPackageDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/subscription.ts';

// Spark's distribution (380 MB from archive.apache.org) cannot be fetched on this kind of machine,
// which reaches only npm's and Debian's registries: its install must fail where users look, saying why.
describe('spark on an agent that cannot fetch its distribution', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // An agent with Java that offers the master's default ports (31077 and 31078); the tarball is what it lacks.
    cluster = await startCluster('pglite', [{ attributes: { 'program.java': '/usr/bin/java' }, resources: { ports: [[31_077, 31_078]] } }]);
  });
  afterAll(() => cluster?.stop());

  it('is installed, and its tasks fail with the fetch error named in lastTaskFailure', async () => {
    const { installPackage } = await cluster.client.request(InstallPackageDocument, { name: 'spark', appId: '/analytics' });
    expect(installPackage.__typename, JSON.stringify(installPackage)).toBe('InstallPackageSuccess');
    const failure = await eventually(
      'the master to fail',
      async () => {
        const { app } = await cluster.client.request(AppTasksDocument, { id: '/analytics/master' });
        return app?.lastTaskFailure ?? undefined;
      },
      30_000,
    );
    expect(failure.state).toBe('FAILED');
    expect(failure.message).toMatch(/^cannot fetch https:\/\/archive\.apache\.org\/dist\/spark\/spark-3\.4\.1\/spark-3\.4\.1-bin-hadoop3\.tgz: \S.+$/);
  });
});
