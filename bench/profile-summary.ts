// npx tsx bench/profile-summary.ts <file.cpuprofile> [top]: where a gateway
// profile (written with --profile) spent its time, as text: self time by
// function and by package or source file, and total time under our sources.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);

const where = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return pkg;
  if (url.includes('/src/')) return url.slice(url.lastIndexOf('/src/') + 1);
  if (url.includes('/bench/')) return url.slice(url.lastIndexOf('/bench/') + 1);
  return url || `(${node.callFrame.functionName || 'native'})`;
};
const name = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${where(node)}:${node.callFrame.lineNumber + 1}`;

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const ms = selfMs.get(node.id) ?? 0;
  byFunction.set(name(node), (byFunction.get(name(node)) ?? 0) + ms);
  byPlace.set(where(node), (byPlace.get(where(node)) ?? 0) + ms);
}

// Total (inclusive) time of our own functions: what a slow path costs with everything it calls.
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = nodes.get(at)!;
    if (!node.callFrame.url.includes('/src/')) continue;
    const key = name(node);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
  }
}

const print = (title: string, entries: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
  }
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s sampled\n`);
print('self time by package or file', byPlace);
print('self time by function', byFunction);
print('total time of src/ functions (with what they call)', inclusive);
