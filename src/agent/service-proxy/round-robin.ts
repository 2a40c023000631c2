/**
 * Takes turns over a list that changes: each call starts one further along,
 * and the turn carries over when the list is replaced, so a new task takes
 * its share from the next connection on.
 */
export class RoundRobin<T> {
  private next = 0;

  /** Every item, starting with the one whose turn it is: the first to try, then the ones to fall back on. */
  order(items: readonly T[]): T[] {
    if (items.length === 0) return [];
    const start = this.next % items.length;
    this.next = (start + 1) % items.length;
    return [...items.slice(start), ...items.slice(0, start)];
  }
}
