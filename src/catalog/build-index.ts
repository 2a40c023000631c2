import { indexOf, newestFirst } from './repository-index.ts';
import { defaultRepositoryAccess } from './internal-addresses.ts';
import { sourceFor } from './repository-source.ts';
import { scanFolder } from './scan-folder.ts';

/** index.json for a repository folder, as its packages/ folders are now (what write-index writes, and what a test compares). */
export async function buildIndexText(folder: string): Promise<{ text: string; problems: string[] }> {
  const { packages, problems } = await scanFolder(sourceFor(folder, defaultRepositoryAccess), 'index');
  const order = newestFirst(packages.map((found) => found.version));
  const sorted = order.map((version) => packages.find((found) => found.version === version)!);
  return { text: `${JSON.stringify(indexOf(sorted), null, 2)}\n`, problems };
}
