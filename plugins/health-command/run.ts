import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { asTaskUser, type HealthChecker } from '../../src/plugin-api/index.ts';

const windows = process.platform === 'win32';
/** How much of the command's output a failure's cause quotes. */
const TAIL = 200;

/**
 * Runs command.value through the shell (sh -c, or cmd.exe on Windows) as the
 * task's cmd runs, so the same quoting works. A command that outlives its
 * timeout is ended with everything it started.
 */
export const commandHealth: HealthChecker = ({ check, task, signal }) =>
  new Promise((resolve) => {
    const value = check.command?.value;
    if (!value) return resolve({ healthy: false, cause: 'the check has no command.value' });
    // As the task's user, so the check sees what the task sees; Windows agents run every task as themselves.
    const [program, args] = windows ? [value, []] : asTaskUser(task.user, '/bin/sh', ['-c', value]);
    const child = spawn(program, args, {
      cwd: task.sandbox,
      env: task.env,
      shell: windows,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: !windows, // its own process group, so a timeout ends the whole group
      windowsHide: true,
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-TAIL);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const stop = () => endTree(child);
    signal.addEventListener('abort', stop, { once: true });
    child.once('error', (error) => {
      signal.removeEventListener('abort', stop);
      resolve({ healthy: false, cause: `cannot run the command: ${error.message}` });
    });
    child.once('close', (code, killedBy) => {
      signal.removeEventListener('abort', stop);
      const observed = code === null ? {} : { exitCode: code };
      if (code === 0) return resolve({ healthy: true, observed });
      const how = killedBy ? `command killed by ${killedBy}` : `command exited with code ${code}`;
      const said = output.trim().split('\n').at(-1);
      resolve({ healthy: false, cause: said ? `${how}: ${said}` : how, observed });
    });
  });

function endTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (windows) {
    // Wine's taskkill has no /T: then at least the shell goes.
    execFile('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true }, (error) => error && child.kill());
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
