/**
 * Runs one check with its own AbortSignal, aborted after `seconds` or when
 * `stop` aborts. A check that ignores its signal still ends for its caller on
 * time: the answer is then `timedOut`.
 */
export async function withTimeout<T>(seconds: number, stop: AbortSignal, run: (signal: AbortSignal) => Promise<T>): Promise<{ value: T } | { timedOut: true }> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  stop.addEventListener('abort', abort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => {
      resolve({ timedOut: true });
      controller.abort();
    }, seconds * 1000);
  });
  try {
    return await Promise.race([run(controller.signal).then((value) => ({ value })), expired]);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', abort);
  }
}

/** "timeout after 1 s", "timeout after 0.5 s" */
export const timeoutCause = (seconds: number) => `timeout after ${seconds} s`;
