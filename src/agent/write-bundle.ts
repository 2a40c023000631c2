// `npm run build:agent`: writes dist/corral-agent.cjs, the agent as one file
// (copy it with node or node.exe to any machine; see README, "Windows agents").
import { buildAgentBundle } from './bundle.ts';

const { outfile, metafile } = await buildAgentBundle(process.argv[2]);
console.log(`wrote ${outfile} (${Math.round(metafile.outputs[Object.keys(metafile.outputs)[0]!]!.bytes / 1024)} KiB)`);
