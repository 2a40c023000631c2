import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchSpec } from '../protocol.ts';
import { asTaskUser, type TaskUser } from '../../plugin-api/index.ts';
import { appendFlags } from './regular-file.ts';
import { gated, gateEnvironment, type CommandLine } from './launch-gate.ts';
import { endWindowsTree } from './windows-tree.ts';

const windows = process.platform === 'win32';

/**
 * Starts the task with stdout and stderr in sandbox files. On Linux it leads
 * a process group of its own, so a kill reaches every process it started.
 * It waits behind a gate (launch-gate.ts) until the agent calls openGate.
 */
export function spawnTask(spec: LaunchSpec, sandbox: string, env: Record<string, string>, user?: TaskUser): ChildProcess {
  const stdout = openSync(join(sandbox, 'stdout'), appendFlags);
  const stderr = openSync(join(sandbox, 'stderr'), appendFlags);
  try {
    const [program, args] = asTaskUser(user, ...gated(commandLine(spec)));
    return spawn(program, args, { cwd: sandbox, env: gateEnvironment(env), stdio: ['pipe', stdout, stderr], detached: !windows, windowsHide: true });
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
}

function commandLine(spec: LaunchSpec): CommandLine {
  if (spec.cmd !== undefined)
    return windows
      ? { program: 'cmd.exe', args: ['/d', '/s', '/c', `"${spec.cmd}"`], verbatim: true }
      : { program: '/bin/sh', args: ['-c', spec.cmd], verbatim: false };
  const [program, ...args] = spec.args ?? [];
  return { program: program!, args, verbatim: false };
}

/** Signals every process of the task: its process group on Linux, its process tree on Windows. */
export function signalTree(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (windows) {
    // Windows has no SIGTERM for console programs: the tree is ended at once.
    void endWindowsTree(pid);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Whether any process of the task's group is still alive. */
export function treeAlive(pid: number): boolean {
  try {
    process.kill(windows ? pid : -pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
