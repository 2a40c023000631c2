import type { AppSpec } from './spec.ts';

/** Whether the app waits for `otherId`: a dependency names an app, or a group and so every app under it (Marathon's meaning). */
export function dependsOn(spec: Pick<AppSpec, 'dependencies'>, otherId: string): boolean {
  return spec.dependencies.some((dependency) => otherId === dependency || otherId.startsWith(dependency.endsWith('/') ? dependency : `${dependency}/`));
}

/**
 * A dependency as Marathon resolves it, against the app's group: "mongo" is a
 * sibling (/shop/mongo for /shop/web), "../db" one level up, "/db" absolute.
 * The result is an id, or undefined when it climbs above the root.
 */
export function resolveDependency(appId: string, dependency: string): string | undefined {
  const trimmed = dependency.trim();
  const parts = trimmed.startsWith('/') ? [] : appId.split('/').filter(Boolean).slice(0, -1);
  for (const part of trimmed.split('/').filter(Boolean)) {
    if (part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
