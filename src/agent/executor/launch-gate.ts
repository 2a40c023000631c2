import type { ChildProcess } from 'node:child_process';

const windows = process.platform === 'win32';

/**
 * A task's command behind a gate: the shell waits for a line on its stdin
 * before it becomes the task (`exec`). The agent opens the gate only once
 * task.json names the pid; if the agent dies first, the pipe closes, `read`
 * fails and the shell exits, so a crash while launching leaves no process
 * that no record names. Windows has no such shell: there the task starts at
 * once, and an interrupted launch is only reported (see recover).
 */
export function gated(program: string, args: string[]): [string, string[]] {
  if (windows) return [program, args];
  return ['/bin/sh', ['-c', 'read -r _ || exit 125; exec "$@" </dev/null', 'corral-launch-gate', program, ...args]];
}

/** What a restarted agent reports of a launch it did not finish. */
export const interruptedLaunch = windows
  ? 'the agent stopped while launching it; a process it may have started is not known to the agent'
  : 'the agent stopped while launching it; its command never ran (the launch gate closed with the agent)';

export const gateStdin = windows ? 'ignore' : 'pipe';

/** Lets the gated task run. A task that is gone already leaves a broken pipe: its exit says why. */
export function openGate(child: ChildProcess): void {
  if (!child.stdin) return;
  child.stdin.on('error', () => undefined);
  child.stdin.end('\n');
}
