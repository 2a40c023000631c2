import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentBundle } from '../../src/agent/bundle.ts';

// The agent is shipped as one file to machines that have only node (node.exe on Windows).
describe('the agent bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corral-bundle-'));
  let built: Awaited<ReturnType<typeof buildAgentBundle>>;
  beforeAll(async () => {
    built = await buildAgentBundle(join(dir, 'corral-agent.cjs'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('carries nothing of the gateway and no native addon', () => {
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs).toContain('src/agent/agent.ts');
    const gateway = inputs.filter((input) => /^src\/(server|api|db|cluster|apps|events|catalog|dashboard|discovery)\//.test(input));
    expect(gateway).toEqual([]);
    const databases = inputs.filter((input) => /node_modules\/(prisma|@prisma|pg|pg-[^/]+|@electric-sql|pglite-[^/]+|graphql[^/]*|@pothos)\//.test(input));
    expect(databases).toEqual([]);
    expect(inputs.filter((input) => input.endsWith('.node'))).toEqual([]);
  });

  it('runs with plain node, as `agent` with the same flags as `corral agent`', () => {
    const help = execFileSync(process.execPath, [built.outfile, 'agent', '--help'], { encoding: 'utf8' });
    expect(help).toContain('--master <urls>');
    expect(help).toContain('--work-dir <dir>');
  });
});
