/** What a later tick found: nothing was ready before it. */
const LATER = Symbol('later');
const tick = () => new Promise<typeof LATER>((resolve) => setImmediate(() => resolve(LATER)));

/**
 * Takes a follower of the event log in batches: the first event is waited for,
 * the others only while they are at hand (the rest of a page the feed has read),
 * so a burst of events is translated with one round of lookups, not one each.
 */
export class LogBatches<T> {
  /** A next() that was not ready when the last batch closed: the next batch starts with it. */
  private pending?: Promise<IteratorResult<T>>;
  private ended = false;

  constructor(private readonly source: AsyncIterator<T>) {}

  /** Up to `max` events, the first one waited for; undefined once the source has ended. */
  async next(max: number): Promise<T[] | undefined> {
    if (this.ended) return undefined;
    const first = await this.take();
    if (first.done) return this.end();
    const batch = [first.value];
    while (batch.length < max) {
      const next = this.take();
      const ready = await Promise.race([next, tick()]);
      if (ready === LATER) {
        this.pending = next;
        break;
      }
      if (ready.done) {
        this.ended = true;
        break;
      }
      batch.push(ready.value);
    }
    return batch;
  }

  private take(): Promise<IteratorResult<T>> {
    const next = this.pending ?? this.source.next();
    this.pending = undefined;
    return next;
  }

  private end(): undefined {
    this.ended = true;
    return undefined;
  }
}
