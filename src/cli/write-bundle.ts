// `npm run build` (with the agent's bundle): writes dist/cli/corral.mjs, what `npm start` runs.
import { buildCliBundle } from './bundle.ts';

const { outfile, metafile } = await buildCliBundle(process.argv[2]);
console.log(`wrote ${outfile} (${Math.round(metafile.outputs[Object.keys(metafile.outputs)[0]!]!.bytes / 1024)} KiB)`);
