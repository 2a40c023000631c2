import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../cli/agent-main.ts', import.meta.url));
export const defaultBundlePath = fileURLToPath(new URL('../../dist/corral-agent.cjs', import.meta.url));

/**
 * The agent as one plain JavaScript file for Node 20 (node.exe on Windows
 * included): no native addons, no TypeScript loader, nothing of the gateway.
 * CommonJS, because commander and pino are CommonJS and need a real `require`.
 */
export async function buildAgentBundle(outfile = defaultBundlePath): Promise<{ outfile: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return { outfile, metafile: result.metafile };
}
