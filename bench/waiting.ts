/** Runs `work` on every item, `limit` at a time. */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Resolves once `done()`, saying `progress()` every 10 s; rejects after `timeoutMs`. */
export async function until(done: () => boolean, timeoutMs: number, progress: () => string, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = Date.now();
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${progress()}`);
    if (Date.now() - lastLog > 10_000) {
      log(progress());
      lastLog = Date.now();
    }
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
