/**
 * Every PostgreSQL advisory lock Corral takes, in one place, so no two uses
 * share an id by accident. The numbers are part of the deployed system: a
 * gateway of one version must take the same lock as one of the next.
 */
export const advisoryLocks = {
  /** One gateway migrates the schema at a time (db/migrations.ts). */
  migration: 727_001,
  /** Event sequences are given in commit order (events/record.ts). */
  eventWrite: 727_002,
  /** The control loop's leader lease (scheduler/control-loop.ts). */
  leader: 727_003,
  /** Held shared by every gateway while it runs: the leader sees whether others serve agents (fleet/leader-handoff.ts). */
  gateways: 727_004,
  /** Service ports are given one app at a time (apps/service-ports.ts). */
  servicePorts: 727_010,
} as const;
