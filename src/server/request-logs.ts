import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming x-request-id may be to be kept: a short token, nothing that could forge a log line or carry a secret of any length. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * Every request gets an id (the caller's x-request-id when sane, else a
 * UUID), answered in x-request-id, and every log line written while it is
 * served carries it as reqId: handlers are given the request's logger, and
 * code that holds the gateway's logger (yoga) finds it through
 * AsyncLocalStorage.
 */
export class RequestLogs {
  private readonly scope = new AsyncLocalStorage<Logger>();

  constructor(private readonly root: Logger) {}

  serve<T>(req: IncomingMessage, res: ServerResponse, path: string, handle: (log: Logger) => T): T {
    const offered = req.headers[REQUEST_ID_HEADER];
    const reqId = typeof offered === 'string' && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, reqId);
    const log = this.root.child({ reqId });
    if (log.isLevelEnabled('debug')) {
      const started = performance.now();
      // On close, not finish: a poll the agent gave up on (or a cut connection) is logged too, so its id can be matched with the agent's line.
      res.once('close', () =>
        log.debug(
          { method: req.method, path, status: res.writableFinished ? res.statusCode : 'closed before the answer', ms: Math.round(performance.now() - started) },
          'request',
        ),
      );
    }
    return this.scope.run(log, () => handle(log));
  }

  /** The logger of the request being served, or the gateway's outside one. */
  current(): Logger {
    return this.scope.getStore() ?? this.root;
  }

  /** A logger for graphql-yoga, which is given one logger at its creation: it writes to the current request's. */
  forYoga(): YogaLogger {
    const write =
      (level: 'debug' | 'info' | 'warn' | 'error') =>
      (...args: unknown[]) =>
        (this.current()[level] as (...inner: unknown[]) => void)(...args);
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  }
}
