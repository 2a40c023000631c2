import type { Logger } from 'pino';
import { exitWithFailure } from './failure.ts';

/** Ctrl-C or SIGTERM runs `stop` once and exits 0; a second Ctrl-C does not wait. */
export function stopOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => exitWithFailure(error),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
