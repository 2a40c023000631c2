import { InvalidArgumentError, Option } from 'commander';

// Flags win over CORRAL_* variables, which win over defaults: commander's Option.env does exactly that.

export function portOption(defaultPort = 8080): Option {
  return new Option('-p, --port <port>', 'port of the gateway (GraphQL, agents, dashboard)').env('CORRAL_PORT').default(defaultPort).argParser(parsePort);
}

export function hostOption(defaultHost: string): Option {
  return new Option('--host <address>', 'address to listen on').env('CORRAL_HOST').default(defaultHost);
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (0-65535)`);
  return port;
}

/** "10000-10999" */
export function parsePortRange(value: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(value.trim());
  const range = match ? ([Number(match[1]), Number(match[2])] as [number, number]) : undefined;
  if (!range || range[0] < 1 || range[1] > 65535 || range[0] > range[1]) throw new InvalidArgumentError(`"${value}" is not a port range such as 10000-10999`);
  return range;
}

export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError(`"${value}" is not a number of seconds`);
  return seconds;
}

/** A whole number of at least 1 */
export function parsePositiveCount(value: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of at least 1`);
  return count;
}

/** A process's niceness, as nice(1) takes it: -20 (first to run) to 19 */
export function parseNiceness(value: string): number {
  const nice = Number(value);
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new InvalidArgumentError(`"${value}" is not a niceness (a whole number from -20 to 19)`);
  return nice;
}

export function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) throw new InvalidArgumentError(`"${value}" is not a number a second`);
  return rate;
}

export function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours < 0) throw new InvalidArgumentError(`"${value}" is not a number of hours`);
  return hours;
}
