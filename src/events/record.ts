import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export type Tx = Prisma.TransactionClient;

export interface NewEvent {
  /** Dotted, past tense: app.created, app.updated, task.status, agent.registered, ... */
  type: string;
  subject?: string;
  payload?: Prisma.InputJsonValue;
}

export type Emit = (event: NewEvent) => void;

export const EVENTS_CHANNEL = 'corral_events';

/** Serialises event writers so that sequence order is commit order (see the Event model). */
const EVENT_WRITE_LOCK = 727_002;

/**
 * Runs `change` in one transaction together with the events it emits: either
 * the change and its events are stored, or neither is.
 */
export async function recordChange<T>(prisma: PrismaClient, change: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const events: NewEvent[] = [];
    const value = await change(tx, (event) => events.push(event));
    await appendEvents(tx, events);
    return value;
  });
}

async function appendEvents(tx: Tx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_WRITE_LOCK})`);
  const rows = await tx.event.createManyAndReturn({
    data: events.map((event) => ({ type: event.type, subject: event.subject ?? null, payload: event.payload ?? {} })),
    select: { sequence: true },
  });
  const last = rows.at(-1)?.sequence ?? 0n;
  // Delivered on commit, to every gateway listening on this database.
  await tx.$executeRawUnsafe(`SELECT pg_notify('${EVENTS_CHANNEL}', '${last}')`);
}
