/**
 * Indexes 0..size-1 kept in a binary heap by `before` (negative: a goes first), so the best is at
 * hand in O(1) and a change of its rank costs O(log n): placing many tasks of one app then looks at
 * the agents it places on, not at every agent for every task.
 */
export class RankHeap {
  private readonly heap: number[];

  constructor(
    size: number,
    private readonly before: (a: number, b: number) => number,
  ) {
    this.heap = Array.from({ length: size }, (_, index) => index);
    for (let at = (size >> 1) - 1; at >= 0; at--) this.down(at);
  }

  get size(): number {
    return this.heap.length;
  }

  /** The best index, or undefined when none is left. */
  peek(): number | undefined {
    return this.heap[0];
  }

  /** Removes the best. */
  pop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.down(0);
  }

  /** The best's rank changed (a task was placed on it): worse, it moves down to its place; better, it stays the best. */
  topChanged(): void {
    this.down(0);
  }

  private down(from: number): void {
    const { heap, before } = this;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < heap.length && before(heap[left]!, heap[best]!) < 0) best = left;
      if (right < heap.length && before(heap[right]!, heap[best]!) < 0) best = right;
      if (best === at) return;
      [heap[at], heap[best]] = [heap[best]!, heap[at]!];
      at = best;
    }
  }
}
