import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectSandboxes } from '../../src/agent/executor/sandbox-gc.ts';

describe('sandbox garbage collection', () => {
  let workDir: string;
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  const now = Date.now();
  const sandbox = (app: string, taskId: string, endedHoursAgo?: number) => {
    const path = join(workDir, 'sandboxes', app, taskId);
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'stdout'), 'log');
    if (endedHoursAgo !== undefined) {
      writeFileSync(join(path, 'ended'), 'FINISHED');
      const at = new Date(now - endedHoursAgo * 3600_000);
      utimesSync(join(path, 'ended'), at, at);
    }
    return path;
  };

  it("removes ended sandboxes past their age or beyond the newest few per app, and never a running task's", () => {
    workDir = mkdtempSync(join(tmpdir(), 'corral-gc-'));
    const running = sandbox('shop_web', 'shop_web.running');
    const known = sandbox('shop_web', 'shop_web.known-ended', 500);
    const fresh = [1, 2].map((hours) => sandbox('shop_web', `shop_web.fresh${hours}`, hours));
    const third = sandbox('shop_web', 'shop_web.fresh3', 3);
    const old = sandbox('blog', 'blog.old', 200);
    const young = sandbox('blog', 'blog.young', 1);

    const removed = collectSandboxes(workDir, (taskId) => taskId === 'shop_web.known-ended', { maxAgeMs: 100 * 3600_000, keepPerApp: 2 }, now);

    expect(removed.sort()).toEqual([old, third].sort());
    for (const kept of [running, known, ...fresh, young]) expect(existsSync(kept), kept).toBe(true);
  });
});
