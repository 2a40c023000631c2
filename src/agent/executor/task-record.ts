import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchSpec } from '../protocol.ts';
import { readRegularSync, writeRegularSync } from './regular-file.ts';

/**
 * What a sandbox tells a restarted agent, in the order a launch writes it:
 * launch.json (the intent, before the process starts), task.json (its pid,
 * before the launch gate opens), `ended` (its last state).
 */
export type SandboxRecord = { kind: 'running'; spec: LaunchSpec; pid: number; sandbox: string } | { kind: 'interrupted'; spec: LaunchSpec; sandbox: string };

export function writeIntent(sandbox: string, spec: LaunchSpec): void {
  writeRegularSync(join(sandbox, 'launch.json'), JSON.stringify({ spec: withoutSecrets(spec), intendedAt: new Date().toISOString() }));
}

export function writeRecord(sandbox: string, spec: LaunchSpec, pid: number): void {
  writeRegularSync(join(sandbox, 'task.json'), JSON.stringify({ spec: withoutSecrets(spec), pid, startedAt: new Date().toISOString() }));
}

/** The sandboxes of tasks not known to have ended: those that ran, and launches the agent did not finish. */
export function sandboxRecords(workDir: string): SandboxRecord[] {
  const root = join(workDir, 'sandboxes');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((app) =>
    readdirSync(join(root, app)).flatMap((taskDir) => {
      const record = recordOf(join(root, app, taskDir));
      return record ? [record] : [];
    }),
  );
}

function recordOf(sandbox: string): SandboxRecord | undefined {
  if (existsSync(join(sandbox, 'ended'))) return undefined;
  if (existsSync(join(sandbox, 'task.json'))) {
    const running = agentFile<{ spec: LaunchSpec; pid: number }>(join(sandbox, 'task.json'));
    return running && { kind: 'running', ...running, sandbox };
  }
  const intent = agentFile<{ spec: LaunchSpec }>(join(sandbox, 'launch.json'));
  return intent && { kind: 'interrupted', spec: intent.spec, sandbox };
}

function agentFile<T>(path: string): T | undefined {
  // A sandbox belongs to its task's user, who could put a record of their own there, naming any pid to signal.
  if (!existsSync(path) || !writtenByAgent(path)) return undefined;
  try {
    return JSON.parse(readRegularSync(path).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

function writtenByAgent(path: string): boolean {
  const owner = process.getuid?.();
  return owner === undefined || lstatSync(path).uid === owner;
}

/**
 * The record of a task as the sandbox keeps it: without its secrets' values, which the task's user
 * (and whoever may read its sandbox files through the API) must not find there. A task recovered
 * after an agent restart runs on; its COMMAND health checks then lack those variables.
 */
function withoutSecrets(spec: LaunchSpec): LaunchSpec {
  if (!spec.secretEnv?.length) return spec;
  const secret = new Set(spec.secretEnv);
  return { ...spec, env: Object.fromEntries(Object.entries(spec.env).filter(([name]) => !secret.has(name))) };
}
