/** A failure a person can fix (bad configuration, an unreachable database): shown as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}
