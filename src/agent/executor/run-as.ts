import { execFileSync } from 'node:child_process';
import { lchownSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TaskUser } from '../../plugin-api/index.ts';

export type { TaskUser };

const lookup = (program: string, args: string[]) => execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * Who a task with `user` runs as, as Mesos runs it: the user's uid, primary
 * gid, supplementary groups and home; or a reason the agent cannot, which
 * fails the task at once (a launch loop would only repeat it).
 */
export function resolveUser(user: string): TaskUser | { problem: string } {
  if (process.platform === 'win32') return { problem: `cannot run as user "${user}": running tasks as another user is not supported on Windows agents` };
  if (process.getuid?.() !== 0) return { problem: `cannot run as user "${user}": the agent is not running as root` };
  let entry: string;
  try {
    entry = lookup('getent', ['passwd', user]);
  } catch {
    return { problem: `cannot run as user "${user}": no such user on this agent` };
  }
  const [name, , uid, gid, , home] = entry.split('\n')[0]!.split(':');
  const groups = lookup('id', ['-G', name!]).split(/\s+/).map(Number);
  return { name: name!, uid: Number(uid), gid: Number(gid), groups, home: home || '/' };
}

/**
 * The user's sandbox, as Mesos gives it: the directory and everything fetched
 * into it belong to the task's user. Links are changed, not followed. The
 * agent's own records (task.json), written later, stay the agent's.
 */
export function giveSandbox(sandbox: string, user: TaskUser): void {
  const give = (path: string) => {
    // lchown: a link the task or an archive made is changed itself, never what it points at outside the sandbox.
    lchownSync(path, user.uid, user.gid);
    if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) give(join(path, entry));
  };
  give(sandbox);
}

/**
 * Whether the user can reach the sandbox: every directory above it must be
 * searchable by them (an agent whose work dir is under /root is not). Says
 * which directory stops them.
 */
export function unreachableBy(sandbox: string, user: TaskUser): string | undefined {
  for (let dir = dirname(sandbox); ; dir = dirname(dir)) {
    const { mode, uid, gid } = statSync(dir);
    const searchable = uid === user.uid ? mode & 0o100 : user.groups.includes(gid) ? mode & 0o010 : mode & 0o001;
    if (!searchable) {
      return `user "${user.name}" cannot reach its sandbox: ${dir} is not searchable by it (mode ${(mode & 0o777).toString(8)}); start the agent with a --work-dir every task user can reach, such as /var/lib/corral`;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
