import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppDocument, CreateAppDocument, EventsDocument, FollowEventsDocument, GatewayClient, UpdateAppDocument } from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';
import { take } from '../helpers/subscription.ts';

describe.each(databaseKinds)('the event log on %s', (kind) => {
  let cluster: Awaited<ReturnType<typeof gatewayOnScratch>>;
  beforeAll(async () => {
    cluster = await gatewayOnScratch(kind);
    for (let i = 0; i < 5; i++) await cluster.client.request(CreateAppDocument, { input: { id: `/paged/app-${i}`, cmd: 'sleep 100' } });
  });
  afterAll(() => cluster?.stop());

  it('pages through events(after:, first:) in sequence order, each event once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { events } = await cluster.client.request(EventsDocument, { after, first: 2, type: 'app.created' });
      seen.push(...events.edges.map((edge) => edge.node.subject ?? ''));
      if (!events.pageInfo.hasNextPage) break;
      after = events.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `/paged/app-${i}`));
  });

  it('a subscription replays what came after its cursor, then streams live events, with no gap and no duplicate', async () => {
    const { events } = await cluster.client.request(EventsDocument, { first: 2, type: 'app.created' });
    const cursor = events.pageInfo.endCursor!;
    const types = ['app.created', 'app.updated'];
    const subscription = cluster.client.subscribe(FollowEventsDocument, { after: cursor, types });

    // Writers race the replay: events land while the subscriber is still reading the log.
    const writes = (async () => {
      for (let i = 0; i < 10; i++) await cluster.client.request(UpdateAppDocument, { id: '/paged/app-0', input: { instances: i + 2 } });
    })();
    const received = (await take(subscription, 13)).map((result) => result.events);
    await writes;
    await subscription.return?.();

    // Exactly what the log holds after the cursor, in order: nothing missed at the seam, nothing twice.
    const logged = (await cluster.client.request(EventsDocument, { after: cursor, first: 500 })).events.edges
      .map((edge) => edge.node)
      .filter((event) => types.includes(event.type));
    expect(received.map((event) => event.sequence)).toEqual(logged.map((event) => event.sequence));
    expect(received.length).toBe(13);
    expect(received.slice(0, 3).map((event) => event.subject)).toEqual(['/paged/app-2', '/paged/app-3', '/paged/app-4']);
    expect(received.slice(3).every((event) => event.type === 'app.updated')).toBe(true);
  });

  it('filters a subscription by type and subject', async () => {
    const subscription = cluster.client.subscribe(FollowEventsDocument, { types: ['app.created'], subject: '/paged/filtered' });
    const first = take(subscription, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.client.request(CreateAppDocument, { input: { id: '/paged/other', cmd: 'true' } });
    await cluster.client.request(CreateAppDocument, { input: { id: '/paged/filtered', cmd: 'true' } });
    const [event] = (await first).map((result) => result.events);
    await subscription.return?.();
    expect(event).toMatchObject({ type: 'app.created', subject: '/paged/filtered' });
  });

  it('refuses a cursor that is not a sequence number, naming it', async () => {
    await expect(cluster.client.request(EventsDocument, { after: 'yesterday', first: 1 })).rejects.toThrow(
      'after: "yesterday" is not an event sequence number',
    );
  });
});

describe.runIf(databaseKinds.includes('postgres'))('events across gateways on one PostgreSQL', () => {
  let reader: Awaited<ReturnType<typeof gatewayOnScratch>>;
  let writer: RunningCorral;
  beforeAll(async () => {
    // The reader's safety-net sweep is slowed to 20 s: an event arriving much sooner came by NOTIFY.
    reader = await gatewayOnScratch('postgres', { eventSweepMs: 20_000 });
    writer = await startCorral([...reader.scratch.cliArgs, '--port', '0']);
  });
  afterAll(async () => {
    await writer?.stop();
    await reader?.stop();
  });

  it('an event written by another gateway process reaches a subscriber here at once (LISTEN/NOTIFY)', async () => {
    const subscription = reader.client.subscribe(FollowEventsDocument, { after: '0', types: ['app.created'] });
    const other = new GatewayClient({ url: writer.url });
    await other.request(AppDocument, { id: '/warm-up' });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the subscription is listening
    await other.request(CreateAppDocument, { input: { id: '/elsewhere', cmd: 'true' } });
    const committed = Date.now();
    const [event] = (await take(subscription, 1)).map((result) => result.events);
    const latency = Date.now() - committed;
    await subscription.return?.();
    await other.close();
    expect(event).toMatchObject({ type: 'app.created', subject: '/elsewhere' });
    expect(latency).toBeLessThan(5000);
  });
});
