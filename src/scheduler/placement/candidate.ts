import type { PortRange } from '../../agent/index.ts';

/** An agent as placement sees it: what it offers and what already runs there. */
export interface Candidate {
  id: string;
  hostname: string;
  attributes: Record<string, string>;
  /** The resource roles it offers ("*": unreserved) */
  roles: string[];
  free: { cpus: number; mem: number; disk: number; gpus: number };
  portRanges: PortRange[];
  usedPorts: Set<number>;
  /** Tasks of the app being placed, on this agent */
  appTasks: number;
  totalTasks: number;
}

/** The value of a constraint field on an agent: hostname, or an attribute (os, arch, rack, ...). */
export function fieldValue(candidate: Candidate, field: string): string | undefined {
  return field === 'hostname' ? candidate.hostname : candidate.attributes[field];
}
