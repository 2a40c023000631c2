import pino, { type Logger } from 'pino';

/** Logs go to stderr as JSON lines, so stdout stays for what a person or script reads. */
export function createLogger(level = process.env.CORRAL_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Tokens and credentials must never reach a log line, whichever object carries them.
      redact: {
        paths: [
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'password',
          '*.password',
          'databaseUrl',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
