import { createHash } from 'node:crypto';
import { build, type BuildOptions } from 'esbuild';

/** A page's script and styles, bundled in memory by esbuild. */
export interface PageBundle {
  js: Uint8Array;
  css: Uint8Array;
  /** Changes with the contents: the page asks for its script with ?v=<version>, so a new gateway is never served a stale cached bundle. */
  version: string;
}

/**
 * Bundles `entry` (script and the styles it imports) for the browser, minified: the dashboard and
 * the playground, each once per process (the sources do not change while it runs).
 * `page` sets what differs between them: the output's name and directory, its format, JSX.
 */
export async function bundlePage(
  entry: string,
  page: Pick<BuildOptions, 'outdir' | 'format' | 'jsx' | 'jsxImportSource'> & { name: string },
): Promise<PageBundle> {
  const { name, ...options } = page;
  const result = await build({
    entryPoints: { [name]: entry },
    bundle: true,
    write: false,
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    ...options,
  });
  const output = (extension: string) => result.outputFiles.find((file) => file.path.endsWith(extension))?.contents ?? new Uint8Array();
  const js = output('.js');
  const css = output('.css');
  const version = createHash('sha256').update(js).update(css).digest('hex').slice(0, 12);
  return { js, css, version };
}
