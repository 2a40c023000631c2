import { mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** workDir/sandboxes/<app path as shop_web>/<task id>: one directory per task, named so people find it. */
export function sandboxPath(workDir: string, appId: string, taskId: string): string {
  return join(workDir, 'sandboxes', appId.replace(/^\//, '').replace(/\//g, '_'), safeName(taskId));
}

export function createSandbox(path: string): void {
  mkdirSync(path, { recursive: true });
}

/**
 * A path a user gave, resolved inside the sandbox; anything that would leave
 * it (.., an absolute path, a symlink pointing out) is refused.
 */
export function insideSandbox(sandbox: string, userPath: string): string {
  const target = underSandbox(sandbox, userPath);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return target; // does not exist yet: nothing to follow
  }
  if (!isWithin(realpathSync(sandbox), real)) throw new Error(`"${userPath}" leads out of the sandbox through a link`);
  return real;
}

/** A path a user gave, resolved inside the sandbox by its name alone (an absolute path or .. is refused); links are not followed yet. */
export function underSandbox(sandbox: string, userPath: string): string {
  if (isAbsolute(userPath) || /^[a-zA-Z]:/.test(userPath)) throw new Error(`"${userPath}" is absolute: give a path inside the sandbox`);
  const target = resolve(sandbox, userPath);
  if (!isWithin(sandbox, target)) throw new Error(`"${userPath}" leaves the sandbox`);
  return target;
}

export function isWithin(root: string, target: string): boolean {
  const path = relative(root, target);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path) && !path.split(sep).includes('..'));
}

export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
