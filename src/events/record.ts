import { advisoryLocks, sqlLiteral, withTheCommit, type PlainSql, type TransactionSql } from '../db/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export type Tx = Prisma.TransactionClient;

import type { NewEvent } from './event-types.ts';

export type Emit = (event: NewEvent) => void;

export const EVENTS_CHANNEL = 'corral_events';

/** How often a change is tried when PostgreSQL aborts it for a conflict with another one. */
const ATTEMPTS = 3;

/**
 * Runs `change` in one transaction together with the events it emits: either
 * the change and its events are stored, or neither is. When PostgreSQL
 * aborts it for a deadlock with another change (the API's, an agent's, the
 * control loop's: they lock tasks and apps in different orders), it is run
 * again, as PostgreSQL expects: nothing of the aborted try remains.
 */
export function recordChange<T>(prisma: PrismaClient, change: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  return againOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const events: NewEvent[] = [];
      const value = await change(tx, (event) => events.push(event));
      await appendEvents(tx, events);
      return value;
    }),
  );
}

/**
 * recordChange on the plain SQL path (db/plain-sql.ts), for the writes of every poll: the same
 * transaction of a change and its events, the same retry on a conflict, without Prisma turning
 * each statement's parameters into JSON and back.
 */
export function recordChangeInSql<T>(sql: PlainSql, change: (tx: TransactionSql, emit: Emit) => Promise<T>): Promise<T> {
  return againOnConflict(() => {
    const events: NewEvent[] = [];
    return sql.transaction(
      (tx) => change(tx, (event) => events.push(event)),
      () => (events.length > 0 ? appendEventsStatement(events) : undefined),
    );
  });
}

async function againOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= ATTEMPTS || !isConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, tries * 25 + Math.random() * 50));
    }
  }
}

/**
 * `change` for all the items in one transaction (one turn of the event log's lock for them all, and
 * the statements `change` makes for many items at once); should that fail, each item in a
 * transaction of its own, so one that cannot be written leaves the others written. `change` answers
 * for its items in order; the outcome of each item, in order.
 */
export function recordEachInSql<Item, T>(
  sql: PlainSql,
  items: readonly Item[],
  change: (tx: TransactionSql, emit: Emit, items: readonly Item[]) => Promise<T[]>,
): Promise<PromiseSettledResult<T>[]> {
  return togetherOrEach(items, (some) => recordChangeInSql(sql, (tx, emit) => change(tx, emit, some)));
}

async function togetherOrEach<Item, T>(items: readonly Item[], record: (some: readonly Item[]) => Promise<T[]>): Promise<PromiseSettledResult<T>[]> {
  if (items.length === 0) return [];
  const together = await record(items).catch(() => undefined);
  if (together) return together.map((value) => ({ status: 'fulfilled', value }));
  const outcomes: PromiseSettledResult<T>[] = [];
  for (const item of items) {
    outcomes.push(
      await record([item]).then(
        ([value]) => ({ status: 'fulfilled', value: value! }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return outcomes;
}

/** A deadlock or a serialization failure (Prisma's P2034, or SQLSTATE 40P01 / 40001 from a raw query). */
function isConflict(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'P2034' || code === '40P01' || code === '40001' || /\b(40P01|40001)\b/.test(message ?? '');
}

/**
 * The events, the lock that orders them and the notice of them, in one statement, sent with the
 * COMMIT in one message: the lock is held from the statement to the commit, and every writer of
 * every gateway waits for it. Taken in a statement of its own, the inserts and the notice each in
 * another, it was held for three round trips of a busy gateway; in one statement but apart from
 * the COMMIT, for one, tens of milliseconds in a burst, in which the whole cluster's writes queued:
 * their lock waits summed to ten sessions waiting through a whole burst (bench/README.md, scale).
 * The rows go in one statement (Prisma's createMany took 85 ms for the thousand task.placed events
 * of a large placement, this 15); sequences follow the array's order.
 */
async function appendEvents(tx: Tx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRawUnsafe(withTheCommit(appendEventsStatement(events)));
}

/**
 * The statement, without parameters (it goes with the COMMIT, as a simple query). pg_notify is
 * delivered on commit, to every gateway listening on this database. The events go as one JSON
 * array, read by json_to_recordset: as arrays of columns, each value was escaped by the driver one
 * by one, which for the thousands of events of a placement cost more than the INSERT.
 */
function appendEventsStatement(events: NewEvent[]): string {
  const rows = JSON.stringify(events.map((event) => ({ type: event.type, subject: event.subject ?? null, payload: event.payload })));
  return `
  WITH locked AS (SELECT pg_advisory_xact_lock(${advisoryLocks.eventWrite}::bigint)),
  appended AS (
    INSERT INTO "Event" (type, subject, payload)
    SELECT event.type, event.subject, coalesce(event.payload, '{}')
    FROM locked, json_to_recordset(${sqlLiteral(rows)}::json) AS event(type text, subject text, payload jsonb)
    RETURNING sequence)
  SELECT pg_notify('${EVENTS_CHANNEL}', max(sequence)::text) FROM appended`;
}
