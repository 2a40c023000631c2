/** Collects what an async iterator yields until `count` items have come or `timeoutMs` passes. */
export async function take<T>(iterator: AsyncIterableIterator<T>, count: number, timeoutMs = 15_000): Promise<T[]> {
  const items: T[] = [];
  const deadline = setTimeout(() => void iterator.return?.(), timeoutMs);
  try {
    while (items.length < count) {
      const step = await iterator.next();
      if (step.done) break;
      items.push(step.value);
    }
  } finally {
    clearTimeout(deadline);
  }
  return items;
}

/** Polls `check` until it returns something truthy, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
