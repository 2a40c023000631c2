import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
// Two levels below the project root, as the sources are: their paths relative to the root
// (prisma/migrations, universe/, package.json, the dashboard's sources) hold in the bundle too.
export const defaultCliBundlePath = fileURLToPath(new URL('../../dist/cli/corral.mjs', import.meta.url));

/**
 * `corral` as one JavaScript file for production (`npm start`): plain node, no TypeScript loader
 * (tsx costs 25 to 40 MB of memory in a gateway and runs a thread of its own). Packages stay in
 * node_modules, where PGlite and Prisma find their wasm. `from` is another entry point bundled
 * the same way (the benchmarks' gateway process); its outfile must be two levels below the root too.
 */
export async function buildCliBundle(outfile = defaultCliBundlePath, from = entry): Promise<{ outfile: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [from],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return { outfile, metafile: result.metafile };
}
