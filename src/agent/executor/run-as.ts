import { execFileSync } from 'node:child_process';

export interface RunAs {
  uid: number;
  gid: number;
}

/** The uid and gid to run a task as `user`, or a clear reason why the agent cannot. */
export function resolveUser(user: string): RunAs | { problem: string } {
  if (process.platform === 'win32') return { problem: `cannot run as user "${user}": running tasks as another user is not supported on Windows agents` };
  if (process.getuid?.() !== 0) return { problem: `cannot run as user "${user}": the agent is not running as root` };
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  } catch {
    return { problem: `cannot run as user "${user}": no such user on this agent` };
  }
}
