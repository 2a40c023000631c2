import { advisoryLocks } from '../db/index.ts';
import type { Tx } from '../events/index.ts';
import { InvalidAppDefinition } from './errors.ts';
import type { AppSpec, FieldError } from './spec.ts';

/** Inclusive [from, to]: where the gateway picks the service ports apps ask for with servicePort 0. */
export type ServicePortRange = [number, number];

/** Marathon's local_port_min..max is 10000-20000; a thousand is plenty for one cluster and leaves room for agents' ports. */
export const defaultServicePortRange: ServicePortRange = [10000, 10999];

// The gateway's range. One per process: a process runs one gateway (corral
// server, corral dev), and app changes reach this code from the API, the
// catalog and the control loop alike, none of which should carry it along.
let configured: ServicePortRange = defaultServicePortRange;

/** Sets the range the apps of this process's gateway get their service ports from. */
export function useServicePortRange(range: ServicePortRange): void {
  if (!Number.isInteger(range[0]) || !Number.isInteger(range[1]) || range[0] < 1 || range[1] > 65535 || range[0] > range[1]) {
    throw new Error(`service port range ${range[0]}-${range[1]} is not a range of ports such as 10000-10999`);
  }
  configured = [range[0], range[1]];
}

export function servicePortRange(): ServicePortRange {
  return configured;
}

/**
 * Gives every portDefinition that asks for one (servicePort 0) a service port,
 * inside the transaction that stores `spec`: the one it had in `previous`
 * (service ports stay across versions), else the lowest free one of the range.
 * A fixed servicePort must not be another app's. Throws InvalidAppDefinition
 * naming portDefinitions[i].servicePort otherwise.
 */
export async function assignServicePorts(tx: Tx, spec: AppSpec, previous?: AppSpec): Promise<AppSpec> {
  if (!spec.portDefinitions.some((definition) => definition.servicePort !== undefined)) return spec;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${advisoryLocks.servicePorts})`);
  const rows = await tx.$queryRaw<{ id: string; port: number }[]>`
    SELECT app.id, (definition->>'servicePort')::int AS port
    FROM "App" app, jsonb_array_elements(app.spec->'portDefinitions') definition
    WHERE app.id <> ${spec.id} AND (definition->>'servicePort')::int > 0`;
  const taken = new Map(rows.map((row) => [Number(row.port), row.id]));
  const planned = planServicePorts(spec, previous, taken, servicePortRange());
  if (!planned.ok) throw new InvalidAppDefinition(planned.errors);
  return planned.spec;
}

export type ServicePortPlan = { ok: true; spec: AppSpec } | { ok: false; errors: FieldError[] };

/** The assignment itself, for `taken` (service port -> the app that has it): pure, so its rules are tested alone. */
export function planServicePorts(
  spec: AppSpec,
  previous: AppSpec | undefined,
  taken: ReadonlyMap<number, string>,
  [from, to]: ServicePortRange,
): ServicePortPlan {
  const errors: FieldError[] = [];
  const mine = new Set<number>();
  // Fixed ports first: a port asked for by number wins over one being assigned.
  spec.portDefinitions.forEach((definition, index) => {
    const port = definition.servicePort;
    if (!port) return;
    const field = `portDefinitions[${index}].servicePort`;
    if (taken.has(port))
      errors.push({ field, message: `${port} is already the service port of app ${taken.get(port)}: choose another, or 0 for one from ${from}-${to}` });
    else if (mine.has(port)) errors.push({ field, message: `${port} is given to two port definitions of this app` });
    mine.add(port);
  });
  const free = (port: number | undefined): port is number => port !== undefined && port > 0 && !taken.has(port) && !mine.has(port);
  const portDefinitions = spec.portDefinitions.map((definition, index) => {
    if (definition.servicePort !== 0) return definition;
    const kept = previous?.portDefinitions[index]?.servicePort;
    let port = free(kept) ? kept : undefined;
    for (let candidate = from; port === undefined && candidate <= to; candidate++) if (free(candidate)) port = candidate;
    if (port === undefined) {
      errors.push({
        field: `portDefinitions[${index}].servicePort`,
        message: `no service port is free in ${from}-${to}: give one, or free one by removing an app's`,
      });
      return definition;
    }
    mine.add(port);
    return { ...definition, servicePort: port };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec: { ...spec, portDefinitions } };
}
