import type { PortRange } from '../../src/agent/index.ts';

/**
 * 20 host ports of a chaos test, by `slot` (0 to 7), in a region of their
 * own: 32010-32649, above the port blocks of startCluster (task and service
 * ports) and the agents' default range (31000-32000, which `corral dev`'s
 * local agent uses), below Linux's ephemeral ports (32768 on), one part per
 * worker. Chaos tests leave task processes behind on purpose (a killed
 * agent's, until they end them), and restart servers that must find their
 * port free again: there they collide with no other test's. The tests use
 * slots 0 and 1 for agents, 5 for a private PostgreSQL, 6 for gateways, 7
 * for service ports.
 */
export function chaosPorts(slot: number): PortRange {
  const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
  const from = 32_010 + (worker % 4) * 160 + (slot % 8) * 20;
  return [from, from + 19];
}
