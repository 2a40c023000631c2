import type { ChildProcess } from 'node:child_process';

const windows = process.platform === 'win32';

/** A task's program and arguments; `verbatim`: its Windows command line is given whole (cmd.exe's), not quoted argument by argument. */
export interface CommandLine {
  program: string;
  args: string[];
  verbatim: boolean;
}

/**
 * A task's command behind a gate: a process that waits for a line on its
 * stdin before it starts the command. The agent opens the gate only once
 * task.json names the pid; if the agent dies first, the pipe closes, the
 * gate exits 125 and the command never runs, so a crash while launching
 * leaves no process that no record names. On Linux the gate is /bin/sh,
 * which then becomes the task (`exec`).
 */
export function gated({ program, args, verbatim }: CommandLine): [string, string[]] {
  if (windows) return [process.execPath, ['-e', windowsGate, '--', verbatim ? 'verbatim' : 'quoted', program, ...args]];
  return ['/bin/sh', ['-c', 'read -r _ || exit 125; exec "$@" </dev/null', 'corral-launch-gate', program, ...args]];
}

/**
 * The gate on Windows is the agent's own node.exe: cmd.exe re-parses whatever
 * follows a condition, so no cmd.exe gate leaves a task's command line as
 * it was (Wine's cmd.exe changes `echo (hi)` behind one). It starts the
 * command as the agent would have, and lives as long as it, passing on its
 * exit code; the task's process tree is ended with it. Its NODE_OPTIONS are
 * the agent's none: the task's own (a `--require` of a file in its sandbox)
 * are given back to the command only.
 */
const windowsGate = `
const { spawn } = require('node:child_process');
const [how, program, ...args] = process.argv.slice(1);
const env = { ...process.env };
delete env.CORRAL_GATE_NODE_OPTIONS;
if (process.env.CORRAL_GATE_NODE_OPTIONS !== undefined) env.NODE_OPTIONS = process.env.CORRAL_GATE_NODE_OPTIONS;
let opened = false;
process.stdin.once('data', () => {
  opened = true;
  process.stdin.destroy();
  const task = spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'], env, windowsHide: true, windowsVerbatimArguments: how === 'verbatim' });
  task.on('error', (error) => {
    process.stderr.write('cannot start: ' + error.message + '\\n');
    process.exit(127);
  });
  task.on('exit', (code) => process.exit(code ?? 1));
});
process.stdin.once('end', () => opened || process.exit(125));
`
  .trim()
  .replace(/\s*\n\s*/g, ' '); // one line, as Windows shows a command line

/** The environment the gate itself runs with: see windowsGate. */
export function gateEnvironment(env: Record<string, string>): Record<string, string> {
  if (!windows || env.NODE_OPTIONS === undefined) return env;
  const { NODE_OPTIONS, ...rest } = env;
  return { ...rest, CORRAL_GATE_NODE_OPTIONS: NODE_OPTIONS };
}

/** What a restarted agent reports of a launch it did not finish. */
export const interruptedLaunch = 'the agent stopped while launching it; its command never ran (the launch gate closed with the agent)';

/** Lets the gated task run. A task that is gone already leaves a broken pipe: its exit says why. */
export function openGate(child: ChildProcess): void {
  if (!child.stdin) return;
  child.stdin.on('error', () => undefined);
  child.stdin.end('\n');
}
