import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../src/db/index.ts';

/**
 * `count` agents written straight into the database, as rows that never poll: large ones (64 cpus,
 * 256 GB, ports 31000-32000), so a benchmark measures what it reads or places, not refusals. The
 * gateway must run with an unreachableAfterMs longer than the benchmark, or it takes them for UNREACHABLE.
 */
export async function seedAgentRows(prisma: PrismaClient, count: number) {
  const width = String(count - 1).length;
  const agents = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    hostname: `bench-agent-${String(i).padStart(Math.max(2, width), '0')}`,
    os: 'LINUX' as const,
    arch: 'x64',
    version: 'bench',
    cpus: 64,
    mem: 262_144,
    disk: 1_000_000,
    portRanges: [[31_000, 32_000]],
  }));
  for (let at = 0; at < agents.length; at += 1000) await prisma.agent.createMany({ data: agents.slice(at, at + 1000) });
  return agents;
}
