import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('src/client/generated matches schema/operations (npm run codegen rewrites it)', async () => {
  const { default: config } = await import('../../codegen.ts');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const outputs = (await generate({ ...config, silent: true, cwd: root }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(join(root, output.filename), 'utf8'), output.filename).toBe(output.content);
    }
  } finally {
    process.chdir(cwd);
  }
});
