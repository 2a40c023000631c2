import type { PortDefinition } from '../../apps/index.ts';
import type { Candidate } from './candidates.ts';

/**
 * Host ports for the app's port definitions on `candidate`, or undefined when
 * they do not fit: port 0 takes a free port from the agent's ranges (lowest
 * first); with requirePorts a fixed port must be free and offered.
 */
export function assignPorts(definitions: PortDefinition[], requirePorts: boolean, candidate: Candidate): number[] | undefined {
  const taken = new Set(candidate.usedPorts);
  const ports: number[] = [];
  for (const definition of definitions) {
    const port = requirePorts && definition.port !== 0 ? fixedPort(definition.port, candidate, taken) : anyFreePort(candidate, taken);
    if (port === undefined) return undefined;
    taken.add(port);
    ports.push(port);
  }
  return ports;
}

function fixedPort(port: number, candidate: Candidate, taken: Set<number>): number | undefined {
  const offered = candidate.portRanges.some(([from, to]) => port >= from && port <= to);
  return offered && !taken.has(port) ? port : undefined;
}

function anyFreePort(candidate: Candidate, taken: Set<number>): number | undefined {
  for (const [from, to] of candidate.portRanges) {
    for (let port = from; port <= to; port++) if (!taken.has(port)) return port;
  }
  return undefined;
}
