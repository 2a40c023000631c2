import type { SubscriberLog } from '../history.ts';
import { query } from '../store.ts';
import { verdict, type Verdict } from './verdict.ts';

/**
 * Every subscriber, across all its resumptions, received each event after its
 * first cursor exactly once and in order, up to the end of the log. The
 * store's own numbering may skip (a rolled-back transaction takes a number):
 * those holes are counted, not judged, since no reader can ever miss them.
 */
export async function checkEventLog(databaseUrl: string, subscribers: SubscriberLog[]): Promise<Verdict> {
  const stored = (await query<{ sequence: string }>(databaseUrl, `SELECT sequence FROM "Event" ORDER BY sequence`)).map((row) => Number(row.sequence));
  // A long run outlives the log's retention: what compaction removed is judged no more.
  const [log] = await query<{ through: string }>(databaseUrl, `SELECT "compactedThrough" AS through FROM "EventLog"`);
  const horizon = Number(log?.through ?? 0);
  const violations: string[] = [];
  const duplicateStored = stored.filter((sequence, index) => index > 0 && stored[index - 1] === sequence);
  if (duplicateStored.length > 0) violations.push(`the store has sequences twice: ${duplicateStored.slice(0, 10).join(', ')}`);
  for (const subscriber of subscribers)
    violations.push(...judgeSubscriber({ ...subscriber, received: subscriber.received.filter((sequence) => sequence > horizon) }, stored));
  const holes = stored.filter((sequence, index) => index > 0 && sequence !== stored[index - 1]! + 1).length;
  const received = subscribers.map((subscriber) => `${subscriber.name}: ${subscriber.received.length} events, ${subscriber.resumptions} resumptions`);
  return verdict(
    'event log: no gap, no duplicate, each event once to every resumed subscriber',
    violations,
    `${received.join('; ')}; ${holes} numbering holes (rolled back)`,
  );
}

/** What one subscriber got wrong against the stored sequences: twice, out of order, unknown, missed. */
export function judgeSubscriber(subscriber: SubscriberLog, stored: number[]): string[] {
  const problems: string[] = [];
  const { name, startCursor, received } = subscriber;
  const seen = new Set<number>();
  received.forEach((sequence, index) => {
    if (seen.has(sequence)) problems.push(`${name} received ${sequence} twice`);
    else if (index > 0 && sequence < received[index - 1]!) problems.push(`${name} received ${sequence} after ${received[index - 1]}`);
    seen.add(sequence);
  });
  const storedSet = new Set(stored);
  for (const sequence of seen) if (!storedSet.has(sequence)) problems.push(`${name} received ${sequence}, which the store does not have`);
  const expected = stored.filter((sequence) => sequence > startCursor);
  const missed = expected.filter((sequence) => !seen.has(sequence));
  if (missed.length > 0) problems.push(`${name} missed ${missed.length} events after its cursor ${startCursor}: ${missed.slice(0, 10).join(', ')}`);
  return problems.slice(0, 20);
}
