import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../../src/cli/bundle.ts';
import { AgentsDocument, GatewayClient, PackagesDocument } from '../../src/client/index.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { eventually } from '../helpers/subscription.ts';

// What `npm start` runs: the built corral.mjs with plain node. Built two levels below the project root,
// where dist/cli/corral.mjs lives, so it finds migrations, the catalog and the dashboard as it would there.
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('corral built for production (npm run build)', () => {
  mkdirSync(join(root, 'dist'), { recursive: true }); // a clean checkout has none until npm run build
  const buildDir = mkdtempSync(join(root, 'dist', 'test-'));
  const home = mkdtempSync(join(tmpdir(), 'corral-built-'));
  let corral: RunningCorral;
  let client: GatewayClient;
  beforeAll(async () => {
    const { outfile, metafile } = await buildCliBundle(join(buildDir, 'corral.mjs'));
    expect(Object.keys(metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
    corral = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0'], {}, 45_000, outfile);
    client = new GatewayClient({ url: corral.url, token: corral.token });
  }, 90_000);
  afterAll(async () => {
    await corral?.stop('SIGINT');
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('runs corral dev with plain node: migrated database, local agent, catalog and dashboard', async () => {
    const agents = await eventually('the local agent', async () => ((await client.request(AgentsDocument, {})).agents.totalCount === 1 ? true : undefined));
    expect(agents).toBe(true);
    const { packages } = await client.request(PackagesDocument, { search: 'postgres' });
    expect(packages.edges.map((edge) => edge.node.name)).toContain('postgresql');

    const page = await fetch(`${corral.url}/`);
    expect(page.status).toBe(200);
    const script = /src="(dashboard\/app\.js\?v=[^"]+)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(`${corral.url}/${script}`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(1000);
  });

  it('serves the playground, GraphiQL from its own files, with the tour and the documented operations', async () => {
    const page = await (await fetch(`${corral.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain("Corral's GraphQL playground: a short tour.");
    expect(page).toContain('# CreateApp, as schema/operations/apps.graphql has it');
    const files = [...page.matchAll(/(?:src|href)="(playground\/[^"]+)"/g)].map((match) => match[1]!);
    expect(files.map((file) => file.split('?')[0]).sort()).toEqual([
      'playground/graphiql.css',
      'playground/graphiql.js',
      'playground/playground.css',
      'playground/playground.js',
    ]);
    for (const file of files) expect((await fetch(`${corral.url}/${file}`)).status, file).toBe(200);
  });

  it('stops cleanly on Ctrl-C', async () => {
    expect(await corral.stop('SIGINT')).toBe(0);
  });
});
