import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectPrograms } from '../../src/agent/programs.ts';

describe('programs an agent detects', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names each known program found on the PATH by its path, and nothing else', () => {
    dir = mkdtempSync(join(tmpdir(), 'corral-programs-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'redis-server'), '#!/bin/sh\n');
    chmodSync(join(dir, 'bin', 'redis-server'), 0o755);
    expect(detectPrograms(['redis-server', 'no-such-program-here'], join(dir, 'bin'))).toEqual({ 'program.redis-server': join(dir, 'bin', 'redis-server') });
  });

  it("finds this test's own node", () => {
    expect(detectPrograms(['node'])['program.node']).toMatch(/node$/);
  });
});
