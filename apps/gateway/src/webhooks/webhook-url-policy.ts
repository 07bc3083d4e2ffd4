import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as lookupCallback, type LookupAddress } from 'node:dns';

/**
 * Addresses a webhook may never reach (SSRF): private, loopback, link-local (cloud metadata
 * lives at 169.254.169.254), "this network", shared CGNAT space, multicast, unspecified.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True for an address a webhook must not reach; IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as its IPv4. */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isBlockedAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlRefused';
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Subscribe-time check (and a second one before every delivery): the URL's host, a literal
 * address or every address its name resolves to, must be public unless `allowPrivate`.
 */
export async function assertDeliverableUrl(raw: string, allowPrivate: boolean): Promise<void> {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlRefused('must use http or https');
  if (allowPrivate) return;
  const host = hostOf(url);
  if (isIP(host)) {
    if (isBlockedAddress(host)) throw new WebhookUrlRefused(`${host} is a private, loopback or link-local address`);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new WebhookUrlRefused(`${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const blocked = addresses.find((a) => isBlockedAddress(a.address));
  if (blocked)
    throw new WebhookUrlRefused(`${host} resolves to ${blocked.address}, a private, loopback or link-local address`);
}

/**
 * A `lookup` for http.request that refuses blocked addresses at connect time, so a name that
 * re-resolves to an internal address after the check (DNS rebinding) cannot be reached.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const blocked = allowPrivate ? undefined : list.find((a) => isBlockedAddress(a.address));
      if (blocked) {
        const refused = new WebhookUrlRefused(`${hostname} resolves to ${blocked.address}, a private address`);
        return callback(Object.assign(refused, { code: 'EADDRREFUSED' }), '', 0);
      }
      if (list.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
