import type { AppSpec } from '../../apps/index.ts';
import type { Candidate } from './candidate.ts';

/** Mesos' unreserved role: the one every agent offers unless it declares only others. */
const UNRESERVED = '*';

/**
 * The roles whose agents may run the app's tasks (Marathon's default behaviour, "any"): its
 * acceptedResourceRoles when given, otherwise the unreserved role and the app's own role. So an
 * agent that offers only slave_public runs only the apps that ask for it.
 */
export function acceptedRoles(spec: AppSpec): readonly string[] {
  if (spec.acceptedResourceRoles && spec.acceptedResourceRoles.length > 0) return spec.acceptedResourceRoles;
  return spec.role && spec.role !== UNRESERVED ? [UNRESERVED, spec.role] : [UNRESERVED];
}

/** Why the agent cannot take the app's tasks for their roles, naming the roles; undefined when it can. */
export function roleRefusal(accepted: readonly string[], candidate: Candidate): string | undefined {
  if (candidate.roles.some((role) => accepted.includes(role))) return undefined;
  return `offered none of the accepted resource roles ${accepted.join(', ')}`;
}
