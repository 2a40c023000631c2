// Writes index.json for a repository folder from its packages/ folders:
//   npm run catalog:index -- <folder>     (the built-in one: npm run catalog:index -- universe)
// Served over HTTP, a repository needs it (HTTP cannot list folders); a folder is read without it too.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIndexText } from './build-index.ts';

const folder = resolve(process.argv[2] ?? 'universe');
const { text, problems } = await buildIndexText(folder);
for (const problem of problems) console.error(`skipped: ${problem}`);
writeFileSync(join(folder, 'index.json'), text);
console.log(`wrote ${join(folder, 'index.json')}`);
