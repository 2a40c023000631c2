// The most instances one app may ask for on this cluster. Marathon and
// Kubernetes have no such limit; Corral does, because one app asking for a
// billion instances held the whole gateway (its placement, its memory) and
// crashed it again at every start until the row was fixed by hand.
// One per process, as the service port range (service-ports.ts): the API, the
// catalog and the control loop all read it, and none should carry it along.

export const defaultMaxInstances = 10_000;

let configured = defaultMaxInstances;

/** Sets the most instances an app of this process's gateway may have (corral dev|server --max-instances). */
export function useMaxInstances(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`the instance limit ${limit} is not a whole number of at least 1`);
  configured = limit;
}

export function maxInstances(): number {
  return configured;
}
