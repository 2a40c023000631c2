import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How long the sandboxes of ended tasks stay, for their logs (Mesos' --gc_delay). */
export interface SandboxRetention {
  /** An ended task's sandbox goes after this long */
  maxAgeMs: number;
  /** And beyond this many ended sandboxes per app, the oldest go first */
  keepPerApp: number;
}

export const defaultRetention: SandboxRetention = { maxAgeMs: 7 * 24 * 3600_000, keepPerApp: 10 };

/**
 * Removes the sandboxes of ended tasks (those with an `ended` mark) that are
 * too old or too many; a sandbox of a task still known (`inUse`) is never touched.
 * Returns the paths removed.
 */
export function collectSandboxes(workDir: string, inUse: (taskId: string) => boolean, retention: SandboxRetention, now = Date.now()): string[] {
  const root = join(workDir, 'sandboxes');
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const app of readdirSync(root)) {
    const ended = readdirSync(join(root, app))
      .filter((taskId) => !inUse(taskId))
      .flatMap((taskId) => {
        const mark = join(root, app, taskId, 'ended');
        return existsSync(mark) ? [{ path: join(root, app, taskId), endedAt: statSync(mark).mtimeMs }] : [];
      })
      .sort((a, b) => b.endedAt - a.endedAt);
    ended.forEach((sandbox, index) => {
      if (index < retention.keepPerApp && now - sandbox.endedAt < retention.maxAgeMs) return;
      rmSync(sandbox.path, { recursive: true, force: true });
      removed.push(sandbox.path);
    });
  }
  return removed;
}
