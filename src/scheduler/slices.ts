/**
 * A pass's computation written as a generator that yields between pieces of work (an app, a few
 * thousand tasks), so the same code runs at once (tests, `decidePass`) or in slices of the
 * leader's event loop. At 100,000 tasks a pass computes for about a second; in one piece, every
 * agent poll and API request this gateway serves waited that long (bench/README.md, scale).
 */
export type Steps<T> = Generator<void, T, void>;

/** How long the pass keeps the event loop before letting others have it. */
const SLICE_MS = 10;

/** The steps to their end, without letting go of the event loop. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The steps to their end, letting the event loop run whatever waits after each SLICE_MS of them. */
export async function runInSlices<T>(steps: Steps<T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - since >= SLICE_MS) {
      await letOthersRun();
      since = performance.now();
    }
  }
}

/** Lets the event loop serve what waits (I/O callbacks, timers) before going on. */
export function letOthersRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Yields every `every` items of `items` (for loops over every task). */
export function* eachOf<Item>(items: Iterable<Item>, visit: (item: Item) => void, every = 2000): Steps<void> {
  let count = 0;
  for (const item of items) {
    visit(item);
    if (++count % every === 0) yield;
  }
}
