import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsDocument, InstallPackageDocument, RenderPackageDocument, UninstallPackageDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';

// Item 4 of issue 15: before anything is created, the answer says which agents qualify for a package
// and, per agent, why the others do not. Checked for every package of the built-in universe.

const packagesDir = fileURLToPath(new URL('../../universe/packages', import.meta.url));
interface Manifest {
  name: string;
  requires?: { programs?: string[] };
}
const manifests: Manifest[] = readdirSync(packagesDir).flatMap((name) =>
  readdirSync(join(packagesDir, name)).map((version) => JSON.parse(readFileSync(join(packagesDir, name, version, 'package.json'), 'utf8')) as Manifest),
);
const programs = [...new Set(manifests.flatMap((manifest) => manifest.requires?.programs ?? []))];
/** Only the databases require an option, their secret. */
const requiredOptions = (name: string) => (['postgresql', 'mariadb'].includes(name) ? { password: 'a long secret' } : {});

describe.each(databaseKinds)('which agents qualify for each universe package, on %s', (kind) => {
  let cluster: TestCluster;
  // bare: none of the programs; small: every program but too little CPU; full: every program, and Spark's fixed ports.
  let bare: string;
  let small: string;
  let full: string;
  const everyProgram = Object.fromEntries(programs.map((program) => [`program.${program}`, `/usr/bin/${program}`]));

  beforeAll(async () => {
    cluster = await startCluster(kind, [{}, { attributes: everyProgram, resources: { cpus: 0.1 } }]);
    const added = await cluster.addAgent({ attributes: everyProgram, resources: { ports: [cluster.nextAgentPorts(), [31_077, 31_078]] } });
    [bare, small, full] = [cluster.agents[0]!.id!, cluster.agents[1]!.id!, added.id!];
  });
  afterAll(() => cluster?.stop());

  it('knows a program for every package that needs one (mariadb included)', () => {
    expect(manifests.map((manifest) => manifest.name)).toEqual(expect.arrayContaining(['mariadb', 'memcached', 'nginx', 'postgresql', 'redis', 'spark']));
    expect(programs).toEqual(expect.arrayContaining(['mariadbd', 'memcached', 'nginx', 'postgres', 'redis-server', 'java']));
  });

  it.each(manifests.filter((manifest) => manifest.requires?.programs?.length).map((manifest) => [manifest.name, manifest.requires!.programs!] as const))(
    '%s: the dry run names the agent that lacks %s, and the one short of CPU, and creates nothing',
    async (name, needed) => {
      const { renderPackage } = await cluster.client.request(RenderPackageDocument, { name, appId: `/q-${name}`, options: requiredOptions(name) });
      if (renderPackage.__typename !== 'RenderPackageSuccess') throw new Error(JSON.stringify(renderPackage));
      expect(renderPackage.data.qualifyingAgents.nodes.map((agent) => agent.id)).toEqual([full]);
      const why = Object.fromEntries(renderPackage.data.notQualifying.nodes.map((refusal) => [refusal.agent.id, refusal.reasons]));
      expect(Object.keys(why).sort()).toEqual([bare, small].sort());
      expect(why[bare]).toContain(`failed constraint program.${needed[0]} LIKE .+`);
      expect(why[small]).toBe('lacked cpus');
      expect((await cluster.client.request(AppsDocument, { prefix: `/q-${name}` })).apps.edges).toEqual([]);
    },
  );

  it('the install answer says the same, per agent, as it creates the app', async () => {
    const { installPackage } = await cluster.client.request(InstallPackageDocument, { name: 'memcached', appId: '/q-install' });
    if (installPackage.__typename !== 'InstallPackageSuccess') throw new Error(JSON.stringify(installPackage));
    expect(installPackage.data.qualifyingAgents.nodes.map((agent) => agent.id)).toEqual([full]);
    expect(installPackage.data.notQualifying.nodes).toEqual(
      expect.arrayContaining([
        { agent: { id: bare, hostname: expect.any(String) }, reasons: 'failed constraint program.memcached LIKE .+' },
        { agent: { id: small, hostname: expect.any(String) }, reasons: 'lacked cpus' },
      ]),
    );
    expect(installPackage.data.agentsNotQualifying?.split(', ').sort()).toEqual(['1 agent failed constraint program.memcached LIKE .+', '1 agent lacked cpus']);
    expect((await cluster.client.request(UninstallPackageDocument, { appId: '/q-install' })).uninstallPackage.__typename).toBe('UninstallPackageSuccess');
  });
});
