import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PortRange } from '../../src/agent/index.ts';
import { buildAgentBundle } from '../../src/agent/bundle.ts';
import { AgentsDocument, type GatewayClient } from '../../src/client/index.ts';
import { eventually } from './subscription.ts';
import { processesOfPrefix, provisionWine, windowsPath, type LinuxProcess } from './wine.ts';

export interface WindowsAgentSetup {
  master: string;
  token: string;
  /** To see the agent register. */
  client: GatewayClient;
  ports: PortRange;
  attributes?: Record<string, string>;
  /** --roles: the resource roles it offers (default "*") */
  roles?: string[];
  /** Put node.exe on the Windows PATH, so tasks run `node ...` (the agent then also offers program.node). */
  nodeOnPath?: boolean;
  /** Variables for the agent's node.exe beyond what Wine needs (such as CORRAL_FAULT_PAUSE_LAUNCH). */
  env?: Record<string, string>;
}

export interface WindowsAgent {
  id: string;
  /** The work dir as a Linux path (sandboxes are under it) and as the agent sees it. */
  workDir: string;
  windowsWorkDir: string;
  /** node.exe as tasks on this agent name it (the agent's own process.execPath). */
  nodeExe: string;
  /** Every live process of this agent's Wine machine: the agent, its tasks, Wine's own services. */
  processes(): LinuxProcess[];
  /** The agent's stdout and stderr, for failure messages. */
  log(): string;
  /** kill -9 of the agent's node.exe alone, as a crash: its tasks and Wine's services stay. */
  crash(): Promise<void>;
  /** Starts the agent again on the same machine (prefix and work dir); resolves once it has registered anew. */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Windows agent: the agent bundle run by the Windows node.exe under
 * Wine, in a WINEPREFIX of its own (so stopping it ends exactly its
 * processes). Resolves once the gateway lists it as a WINDOWS agent.
 */
export async function startWindowsAgent(setup: WindowsAgentSetup): Promise<WindowsAgent> {
  const wine = await provisionWine();
  const root = mkdtempSync(join(tmpdir(), 'corral-windows-'));
  const prefix = join(root, 'prefix');
  copyPrefix(wine.prefixTemplate, prefix);
  const { outfile: bundle } = await buildAgentBundle(join(root, 'corral-agent.cjs'));
  const workDir = join(root, 'work');
  mkdirSync(workDir);
  const logFile = join(root, 'agent.log');
  const log = () => readFileSync(logFile, 'utf8');
  const registrations = () => log().split('registered with the gateway').length - 1;
  const args = [
    windowsPath(wine.nodeExe),
    windowsPath(bundle),
    'agent',
    '--master',
    setup.master,
    '--token',
    setup.token,
    '--work-dir',
    windowsPath(workDir),
    '--resources',
    `ports=${setup.ports[0]}-${setup.ports[1]}`,
  ];
  if (setup.roles) args.push('--roles', setup.roles.join(','));
  if (setup.attributes)
    args.push(
      '--attributes',
      Object.entries(setup.attributes)
        .map(([name, value]) => `${name}=${value}`)
        .join(','),
    );
  let agent: { child: ChildProcess; exited: boolean };
  const launch = (env?: Record<string, string>) => {
    // Wine's console handles fail on pipes (EBADF): the agent writes to a file.
    const logFd = openSync(logFile, 'a');
    const child = spawn(wine.wine, args, {
      cwd: root,
      // Only what Wine needs: the test's own variables (NODE_OPTIONS, DATABASE_URL) mean nothing to node.exe and would reach its tasks.
      // WINEPATH adds node.exe's folder to the Windows PATH, as installing Node does on Windows.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        WINEPREFIX: prefix,
        WINEDEBUG: '-all',
        WINEDLLOVERRIDES: 'mscoree,mshtml=',
        NODE_SKIP_PLATFORM_CHECK: '1',
        ...(setup.nodeOnPath && { WINEPATH: windowsPath(dirname(wine.nodeExe)) }),
        ...env,
      },
      stdio: ['ignore', logFd, logFd],
      detached: true,
    });
    closeSync(logFd);
    const started = { child, exited: false };
    child.on('exit', () => (started.exited = true));
    return started;
  };
  const registered = async (count: number) => {
    const id = await eventually(
      'the Windows agent to register',
      async () => {
        if (agent.exited) throw new Error(`the Windows agent exited:\n${log()}`);
        const registered = agentIdIn(workDir);
        if (!registered || registrations() < count) return undefined;
        const { agents } = await setup.client.request(AgentsDocument, { first: 100 });
        return agents.edges.find((edge) => edge.node.id === registered && edge.node.os === 'WINDOWS')?.node.id;
      },
      120_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nagent log:\n${log()}`);
    });
    return id;
  };

  const crash = async () => {
    // The wine64 process that started is node.exe itself; its group would hold the tasks too.
    agent.child.kill('SIGKILL');
    await eventually('the crashed agent to be gone', () => agent.exited, 15_000, 50);
  };
  const stop = async () => {
    try {
      process.kill(-agent.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    // wineserver -k ends every process of this prefix, the tasks' too; -w waits until it is gone itself.
    // Both answer non-zero when the server is gone already: that is fine.
    const env = { ...process.env, WINEPREFIX: prefix };
    spawnSync(wine.wineserver, ['-k'], { env, stdio: 'ignore' });
    spawnSync(wine.wineserver, ['-w'], { env, stdio: 'ignore', timeout: 30_000 });
    await eventually('every Wine process of the agent to end', () => processesOfPrefix(prefix).length === 0, 15_000);
    removeSocketDir(prefix);
    rmSync(root, { recursive: true, force: true });
  };
  const restart = async (env?: Record<string, string>) => {
    const before = registrations();
    agent = launch(env);
    await registered(before + 1);
  };

  agent = launch(setup.env);
  try {
    const id = await registered(1);
    return {
      id,
      workDir,
      windowsWorkDir: windowsPath(workDir),
      nodeExe: windowsPath(wine.nodeExe),
      processes: () => processesOfPrefix(prefix),
      log,
      crash,
      restart,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A copy of the initialised prefix: hard links (instant, no 700 MB copy; Wine
 * replaces its registry files by renaming, so the template stays untouched),
 * or a real copy where the template is on another filesystem.
 */
function copyPrefix(template: string, target: string): void {
  try {
    execFileSync('cp', ['-al', template, target], { stdio: 'pipe' });
  } catch {
    rmSync(target, { recursive: true, force: true });
    execFileSync('cp', ['-a', template, target], { stdio: 'pipe' });
  }
  // The registry files are this machine's own: real copies, never links.
  execFileSync('sh', ['-c', 'for file in "$1"/*.reg; do cp --remove-destination "$file" "$2/"; done', 'sh', template, target]);
}

/** Debian's Wine names its socket directory (/tmp/wine-XXXXXX) in a file of the prefix; it outlives the server. */
function removeSocketDir(prefix: string): void {
  try {
    const name = readFileSync(join(prefix, 'wineserver'), 'utf8').trim();
    if (/^wine-\w+$/.test(name)) rmSync(join('/tmp', name), { recursive: true, force: true });
  } catch {
    // another Wine, or no server ever started
  }
}

function agentIdIn(workDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(workDir, 'agent.json'), 'utf8')) as { agentId?: string }).agentId;
  } catch {
    return undefined;
  }
}
