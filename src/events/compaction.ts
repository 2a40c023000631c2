import type { PrismaClient } from '../generated/prisma/client.ts';

/**
 * How much of the event log is kept. An event goes once it is both beyond the newest `keep` and
 * older than `keepForMs`: so a cursor can be resumed while it is among the newest `keep` events or
 * younger than `keepForMs`, whichever reaches further back (the resume horizon), and the log holds
 * at most `keep` events or one `keepForMs` of them. Kubernetes keeps a window of history the same
 * way (etcd's compaction) and answers a watch from before it "too old"; Corral answers
 * EVENTS_COMPACTED.
 */
export interface EventRetention {
  keep: number;
  keepForMs: number;
}

/**
 * A burst placing 100,000 tasks writes about 300,000 events (placed, staging, running); a few
 * minutes later the log is back to 100,000, and a subscriber away for ten minutes can still resume.
 */
export const defaultEventRetention: EventRetention = { keep: 100_000, keepForMs: 10 * 60_000 };

/** Events deleted by one compaction at most: a large backlog goes over several, none holding the database long. */
const BATCH = 50_000;

/**
 * Deletes the events past the retention (the oldest first, at most BATCH) and moves the log's
 * horizon (EventLog.compactedThrough) in the same statement, so a reader that sees an event gone
 * sees the horizon past it too (EventFeed). The horizon after it.
 */
export async function compactEvents(prisma: PrismaClient, retention: EventRetention, now = Date.now()): Promise<{ compactedThrough: bigint; deleted: number }> {
  const [row] = await prisma.$queryRaw<{ compactedThrough: bigint; deleted: bigint }[]>`
    WITH due AS (
      SELECT sequence FROM "Event"
      WHERE sequence <= (SELECT sequence FROM "Event" ORDER BY sequence DESC OFFSET ${retention.keep} LIMIT 1)
        AND "createdAt" < ${new Date(now - retention.keepForMs)}
      ORDER BY sequence LIMIT ${BATCH}
    ), bound AS (
      SELECT max(sequence) AS through FROM due
    ), gone AS (
      DELETE FROM "Event" WHERE sequence <= (SELECT through FROM bound) RETURNING 1
    ), moved AS (
      UPDATE "EventLog" SET "compactedThrough" = GREATEST("compactedThrough", (SELECT through FROM bound))
      WHERE id = 1 AND (SELECT through FROM bound) IS NOT NULL
      RETURNING "compactedThrough"
    )
    SELECT COALESCE((SELECT "compactedThrough" FROM moved), (SELECT "compactedThrough" FROM "EventLog" WHERE id = 1), 0) AS "compactedThrough",
           (SELECT count(*) FROM gone) AS deleted`;
  return { compactedThrough: BigInt(row?.compactedThrough ?? 0), deleted: Number(row?.deleted ?? 0) };
}

/** Every event up to this sequence is gone; 0n while nothing was compacted. */
export async function compactedThrough(prisma: PrismaClient): Promise<bigint> {
  const log = await prisma.eventLog.findUnique({ where: { id: 1 }, select: { compactedThrough: true } });
  return log?.compactedThrough ?? 0n;
}

/** A reader's cursor is behind the horizon: the events after it are partly gone. */
export class EventsCompacted extends Error {
  constructor(
    readonly cursor: bigint,
    readonly oldestKept: bigint,
  ) {
    super(
      `the events after ${cursor} are no longer kept (the log keeps from ${oldestKept} on): read the current state again, then follow from the newest sequence`,
    );
    this.name = 'EventsCompacted';
  }
}
