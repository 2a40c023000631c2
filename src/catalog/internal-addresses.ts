import { lookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Which hosts a gateway fetches repositories from. By default not its own
 * machine, link-local addresses (cloud metadata among them) or unspecified
 * ones: an admin's repository URI must not make the gateway a proxy into
 * them (SSRF). Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) stay
 * allowed: repositories on premises live there.
 */
export interface RepositoryAccess {
  /** --allow-internal-repositories: loopback, link-local and unspecified addresses too */
  allowInternal: boolean;
}

export const defaultRepositoryAccess: RepositoryAccess = { allowInternal: false };

const kinds: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud metadata among them)'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address (it reaches this machine)'],
  // :: itself, and the IPv4-compatible addresses nobody routes (::127.0.0.1)
  ['::', 96, 'ipv6', 'an unspecified address (it reaches this machine)'],
  // Metadata services outside link-local: AWS's over IPv6, Alibaba Cloud's
  ['fd00:ec2::254', 128, 'ipv6', 'a cloud metadata address'],
  ['100.100.100.200', 32, 'ipv4', 'a cloud metadata address'],
];

const ranges = kinds.map(([network, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, kind };
});

/** What makes the address internal ("a loopback address"), or undefined for one the gateway may fetch from. IPv4-mapped IPv6 addresses count as their IPv4 address. */
export function internalKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  return ranges.find(({ list }) => list.check(address, family === 4 ? 'ipv4' : 'ipv6'))?.kind;
}

export class InternalAddressRefused extends Error {
  override name = 'InternalAddressRefused';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(
      `${host === address ? address : `${host} (${address})`} is ${kind}: the gateway fetches repositories from loopback, link-local and unspecified addresses only when started with --allow-internal-repositories`,
    );
  }
}

const bare = (hostname: string) => (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);

/** Refuses a URL whose host is an internal IP address as written (no lookup is made for those). */
export function checkLiteralHost(url: URL, access: RepositoryAccess): void {
  const host = bare(url.hostname);
  const kind = access.allowInternal ? undefined : internalKind(host);
  if (kind) throw new InternalAddressRefused(host, host, kind);
}

/** Every address of the URL's host, refused when any is internal: what addCatalogRepository checks before it reads anything. */
export async function checkHost(url: URL, access: RepositoryAccess): Promise<void> {
  checkLiteralHost(url, access);
  if (access.allowInternal || isIP(bare(url.hostname))) return;
  await new Promise<void>((resolve, reject) => checkedLookup(access)(url.hostname, { all: true }, (error) => (error ? reject(error) : resolve())));
}

/**
 * A DNS lookup for http.request that checks every address of the name and
 * hands the connection only those it checked: a name that resolves to a
 * public address when checked and to 127.0.0.1 a moment later (DNS
 * rebinding) cannot slip between the check and the connection, since both
 * use this one answer.
 */
export function checkedLookup(access: RepositoryAccess): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const internal = access.allowInternal ? undefined : addresses.map((found) => ({ found, kind: internalKind(found.address) })).find((found) => found.kind);
      if (internal) return callback(new InternalAddressRefused(hostname, internal.found.address, internal.kind!), '', 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
