/** Waits `ms`, or less when `cut` is aborted (the nemesis heals its faults at once when the run ends). */
export const pause = (ms: number, cut?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (cut?.aborted) return resolve();
    const early = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (cut?.removeEventListener('abort', early), resolve()), ms);
    cut?.addEventListener('abort', early, { once: true });
  });

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
