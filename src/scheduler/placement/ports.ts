import type { PortDefinition } from '../../apps/index.ts';
import type { Candidate } from './candidate.ts';

/**
 * Host ports for the app's port definitions on `candidate`, or undefined when
 * they do not fit: port 0 takes a free port from the agent's ranges (lowest
 * first); with requirePorts a fixed port must be free and offered.
 */
export function assignPorts(definitions: PortDefinition[], requirePorts: boolean, candidate: Candidate): number[] | undefined {
  // Placement asks this of every agent for every task: the agent's used ports are read, not copied.
  const ports: number[] = [];
  for (const definition of definitions) {
    const port = requirePorts && definition.port !== 0 ? fixedPort(definition.port, candidate, ports) : anyFreePort(candidate, ports);
    if (port === undefined) return undefined;
    ports.push(port);
  }
  return ports;
}

/** Taken by another task on the agent, or by an earlier port definition of this one. */
function taken(port: number, candidate: Candidate, assigned: number[]): boolean {
  return candidate.usedPorts.has(port) || assigned.includes(port);
}

function fixedPort(port: number, candidate: Candidate, assigned: number[]): number | undefined {
  const offered = candidate.portRanges.some(([from, to]) => port >= from && port <= to);
  return offered && !taken(port, candidate, assigned) ? port : undefined;
}

function anyFreePort(candidate: Candidate, assigned: number[]): number | undefined {
  for (const [from, to] of candidate.portRanges) {
    for (let port = from; port <= to; port++) if (!taken(port, candidate, assigned)) return port;
  }
  return undefined;
}
