import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * Which Host names the gateway answers: its own only, or any (corral server
 * on a public address, where a proxy or load balancer may give it any name and
 * tokens guard the API).
 */
export type AllowedHosts = { names: string[] } | 'any';

export interface OriginGuardOptions {
  /** The address the gateway listens on (--host) */
  listenHost: string;
  /** Names beyond the built-in ones (--allowed-hosts); a leading dot allows a domain and its subdomains, `*` any name. Default: none. */
  allowedHosts?: AllowedHosts;
}

/**
 * Refuses what a web page of another site could make a browser send (issue 19,
 * B2 and B3): a request carrying the Origin of another site, and a request
 * addressed to a name the gateway does not go by, which is what a page gets
 * after rebinding its own name to 127.0.0.1 (DNS rebinding). Requests without
 * Origin (the CLI, agents, scripts) are left to the token check.
 */
export class OriginGuard {
  private readonly own = new Set<string>();
  private readonly listed: string[];
  private readonly anyHost: boolean;

  constructor(options: OriginGuardOptions) {
    const allowed = options.allowedHosts ?? { names: [] };
    this.anyHost = allowed === 'any' || allowed.names.includes('*');
    this.listed = allowed === 'any' ? [] : allowed.names.map(normalizeName).filter((name) => name && name !== '*');
    const listen = normalizeName(options.listenHost);
    if (isWildcard(listen)) this.own.add(normalizeName(hostname()));
    else this.own.add(listen);
  }

  /** Why the request's Host is refused, or undefined. */
  hostRefusal(req: IncomingMessage): string | undefined {
    const header = req.headers.host;
    // Browsers always send Host: a request without one is no page's.
    if (this.anyHost || !header) return undefined;
    const name = hostNameOf(header);
    if (name !== undefined && this.answersTo(name)) return undefined;
    const shown = printable(name ?? header);
    return `this gateway does not answer to the name "${shown}" (a guard against DNS rebinding): if that is how you reach it, start it with --allowed-hosts ${shown} (or CORRAL_ALLOWED_HOSTS)`;
  }

  /** Why the request's Origin is refused (a page of another site), or undefined. */
  originRefusal(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // The page's own address, or (behind a proxy that rewrites Host) a name the operator listed.
    if (url && (url.host === req.headers.host?.toLowerCase() || this.listedMatch(normalizeName(url.hostname)))) return undefined;
    return `a page of another origin (${printable(origin)}) may not use this gateway: open the dashboard or the playground from the gateway itself${req.headers.host ? ` (http://${printable(req.headers.host)}/)` : ''}`;
  }

  private answersTo(name: string): boolean {
    // An IP address cannot be rebound, and browsers resolve localhost names to loopback themselves.
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return this.own.has(name) || this.listedMatch(name);
  }

  private listedMatch(name: string): boolean {
    return this.listed.some((entry) => (entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry));
  }
}

/** The host name of a Host header (without port; an IPv6 address without brackets), lower case; undefined if it is not one. */
function hostNameOf(header: string): string | undefined {
  try {
    return normalizeName(new URL(`http://${header}`).hostname);
  } catch {
    return undefined;
  }
}

/** Lower case, without IPv6 brackets or a final dot (`localhost.` is localhost). */
function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/** A header value fit to be quoted in a message: short, without control characters. */
const printable = (value: string) => value.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
