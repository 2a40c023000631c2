import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAppDocument, EventsDocument, FollowEventsDocument } from '../../src/client/index.ts';
import { compactEvents, EventFeed } from '../../src/events/index.ts';
import { databaseKinds, migratedDatabase } from '../helpers/databases.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';
import { eventually, take } from '../helpers/subscription.ts';

const KEPT = 20;

describe.each(databaseKinds)('the event log kept bounded on %s', (kind) => {
  describe('a gateway keeping the newest 20 events', () => {
    let cluster: Awaited<ReturnType<typeof gatewayOnScratch>>;
    let before: bigint;
    let live: AsyncIterableIterator<{ events: { sequence: string } }>;
    beforeAll(async () => {
      cluster = await gatewayOnScratch(kind, { eventRetention: { keep: KEPT, keepForMs: 0 } });
      before = await headOf(cluster);
      live = cluster.client.subscribe(FollowEventsDocument, { after: String(before) });
      for (let i = 0; i < 30; i++) await cluster.client.request(CreateAppDocument, { input: { id: `/kept/app-${i}`, cmd: 'sleep 100' } });
      // The leader compacts with its retention rules (every 5 s).
      await eventually('the log compacted', async () => (await oldestOf(cluster)) > before + 1n, 20_000, 200);
    });
    afterAll(async () => {
      await live?.return?.();
      await cluster?.stop();
    });

    it('keeps the newest events and no more than its retention beyond what came since', async () => {
      const kept = await cluster.db.prisma.event.count();
      const written = Number((await headOf(cluster)) - before);
      expect(written).toBeGreaterThan(2 * KEPT);
      expect(kept).toBeLessThan(written);
      expect(kept).toBeGreaterThanOrEqual(KEPT);
    });

    it('a subscriber that kept up saw every event once, compaction or not', async () => {
      const head = await headOf(cluster);
      const seen = (await take(live, Number(head - before), 10_000)).map((result) => BigInt(result.events.sequence));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.at(-1)).toBe(head);
      expect(seen.every((sequence, i) => i === 0 || sequence > seen[i - 1]!)).toBe(true);
    });

    it('resumes a subscription from a cursor still kept, with every later event once', async () => {
      const oldest = await oldestOf(cluster);
      const logged = (await cluster.client.request(EventsDocument, { after: String(oldest), first: 500 })).events.edges.map((edge) => edge.node.sequence);
      const resumed = cluster.client.subscribe(FollowEventsDocument, { after: String(oldest) });
      const replayed = (await take(resumed, logged.length, 10_000)).map((result) => result.events.sequence);
      await resumed.return?.();
      expect(replayed).toEqual(logged);
    });

    it('refuses to resume from a compacted cursor, naming the oldest event kept', async () => {
      const oldest = await oldestOf(cluster);
      const resumed = cluster.client.subscribe(FollowEventsDocument, { after: String(before) });
      await expect(resumed.next()).rejects.toThrow(new RegExp(`the events after ${before} are no longer kept \\(the log keeps from ${oldest} on\\)`));
    });
  });

  it('a burst of 300,000 events goes back to the newest 100,000 in batches; the events of the last minutes stay whatever their number', async () => {
    const { db, drop } = await migratedDatabase(kind);
    try {
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Event" (type, subject, "createdAt") SELECT 'task.status', 'burst-' || n, now() - interval '1 hour' FROM generate_series(1, 300000) n`,
      );
      const deleted: number[] = [];
      for (let i = 0; i < 5; i++) deleted.push((await compactEvents(db.prisma, { keep: 100_000, keepForMs: 600_000 })).deleted);
      expect(deleted).toEqual([50_000, 50_000, 50_000, 50_000, 0]);
      expect(await db.prisma.event.count()).toBe(100_000);
      const { compactedThrough } = await compactEvents(db.prisma, { keep: 100_000, keepForMs: 600_000 });
      const oldest = await db.prisma.event.findFirst({ orderBy: { sequence: 'asc' } });
      expect(oldest?.sequence).toBe(compactedThrough + 1n);

      // Young events are kept beyond the count: a subscriber away for less than keepForMs still resumes.
      await db.prisma.$executeRawUnsafe(`INSERT INTO "Event" (type, subject) SELECT 'task.status', 'young-' || n FROM generate_series(1, 1000) n`);
      expect((await compactEvents(db.prisma, { keep: 10, keepForMs: 600_000 })).deleted).toBe(50_000);
      await compactEvents(db.prisma, { keep: 10, keepForMs: 600_000 });
      expect(await db.prisma.event.count()).toBe(1000);
    } finally {
      await drop();
    }
  }, 120_000);

  it("a reader of the gateway's own (the control loop's) that fell behind the horizon is told, and goes on from the oldest event kept", async () => {
    const { db, drop } = await migratedDatabase(kind);
    const feed = new EventFeed(db);
    try {
      await feed.start();
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Event" (type, subject, "createdAt") SELECT 'app.created', 'a-' || n, now() - interval '1 hour' FROM generate_series(1, 100) n`,
      );
      let told = 0;
      const behind = feed.follow(0n, {}, { onCompacted: () => told++ });
      const refused = feed.follow(0n);
      const { compactedThrough } = await compactEvents(db.prisma, { keep: 10, keepForMs: 0 });
      const first = await behind.next();
      expect(told).toBe(1);
      expect(first.value?.sequence).toBe(compactedThrough + 1n);
      await expect(refused.next()).rejects.toThrow(/the events after 0 are no longer kept/);
      await behind.return?.();
    } finally {
      await feed.stop();
      await drop();
    }
  });
});

async function headOf(cluster: { db: { prisma: import('../../src/generated/prisma/client.ts').PrismaClient } }): Promise<bigint> {
  return (await cluster.db.prisma.event.findFirst({ orderBy: { sequence: 'desc' } }))?.sequence ?? 0n;
}

async function oldestOf(cluster: { db: { prisma: import('../../src/generated/prisma/client.ts').PrismaClient } }): Promise<bigint> {
  return (await cluster.db.prisma.event.findFirst({ orderBy: { sequence: 'asc' } }))?.sequence ?? 0n;
}
