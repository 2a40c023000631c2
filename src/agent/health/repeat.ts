/**
 * Runs `tick` after `firstMs`, then `everyMs` after each run has ended (runs
 * never overlap, so a slow check delays the next one rather than piling up),
 * until `stop` aborts or `tick` answers 'done'.
 */
export function repeat(firstMs: number, everyMs: number, stop: AbortSignal, tick: () => Promise<'done' | void>): void {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    if (stop.aborted) return;
    const next = await tick().catch(() => undefined);
    if (next !== 'done' && !stop.aborted) timer = setTimeout(run, everyMs);
  };
  timer = setTimeout(run, firstMs);
  stop.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
