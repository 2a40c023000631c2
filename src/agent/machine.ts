import { execFile } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { arch, availableParallelism, hostname, totalmem } from 'node:os';
import type { AgentOs, AgentResources, PortRange } from './protocol.ts';

export interface MachineFacts {
  hostname: string;
  os: AgentOs;
  arch: string;
  resources: AgentResources;
}

/** What this machine offers, as Mesos agents detect it; `overrides` (from --resources) win. */
export async function detectMachine(workDir: string, overrides: Partial<AgentResources> = {}): Promise<MachineFacts> {
  return {
    hostname: hostname(),
    os: process.platform === 'win32' ? 'WINDOWS' : 'LINUX',
    arch: arch(),
    resources: {
      cpus: overrides.cpus ?? availableParallelism(),
      mem: overrides.mem ?? Math.floor(totalmem() / 1024 / 1024),
      disk: overrides.disk ?? diskOf(workDir),
      gpus: overrides.gpus ?? (await countGpus()),
      ports: overrides.ports ?? [[31000, 32000]],
    },
  };
}

function diskOf(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  } catch {
    return 0;
  }
}

/** GPUs that nvidia-smi lists; none where it is missing or does not answer. */
function countGpus(): Promise<number> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5000 }, (error, stdout) => {
      resolve(error ? 0 : stdout.split('\n').filter((line) => line.trim()).length);
    });
  });
}

/** "cpus=4,mem=8192,disk=20000,gpus=0,ports=31000-32000;33000-33100" */
export function parseResources(text: string): Partial<AgentResources> {
  const resources: Partial<AgentResources> = {};
  for (const [name, value] of pairs(text, '--resources')) {
    if (name === 'ports') resources.ports = value.split(/[;+ ]/).map(parsePortRange);
    else if (name === 'cpus' || name === 'mem' || name === 'disk' || name === 'gpus') {
      const amount = Number(value);
      if (!Number.isFinite(amount) || amount < 0) throw new Error(`--resources: ${name}=${value} is not a non-negative number`);
      resources[name] = amount;
    } else throw new Error(`--resources: unknown resource "${name}" (use cpus, mem, disk, gpus, ports)`);
  }
  return resources;
}

/** "rack=a,zone=1" */
export function parseAttributes(text: string): Record<string, string> {
  return Object.fromEntries(pairs(text, '--attributes'));
}

function pairs(text: string, flag: string): [string, string][] {
  return text
    .split(',')
    .filter((part) => part.trim())
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) throw new Error(`${flag}: "${part}" is not name=value`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

function parsePortRange(text: string): PortRange {
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  const range = match ? ([Number(match[1]), Number(match[2])] as PortRange) : undefined;
  if (!range || range[0] < 1 || range[1] > 65535 || range[0] > range[1]) throw new Error(`--resources: ports "${text}" is not a range like 31000-32000`);
  return range;
}
