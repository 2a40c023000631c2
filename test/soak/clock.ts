export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it gives something, or `timeoutMs` passes (then undefined). */
export async function within<T>(timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, everyMs = 500): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch {
      // not yet
    }
    if (Date.now() >= deadline) return undefined;
    await pause(everyMs);
  }
}
