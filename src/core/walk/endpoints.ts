// Walk endpoints: {pod: "ns/name"}, {node: name}, {ip} — which namespace sends, from which address,
// and which address a destination stands for.

import type { NetNS } from '../model/kernel';
import type { EndpointSpec } from '../model/packet';
import { numToIp, parseIp } from '../util/ipv4';
import type { WorldIndex } from './world';
import { nsIndex, SCOPE_UNIVERSE } from './world';

export interface Source {
  ns: NetNS;
  /** a bound source address; absent = routing chooses (nodes) */
  bound?: string;
}

/** A pod's address: the first global address of its eth0 (else of any device). */
export function podAddress(ns: NetNS): string | undefined {
  const idx = nsIndex(ns);
  const a =
    idx.addrs.find((x) => x.link.name === 'eth0' && x.scope === SCOPE_UNIVERSE && !x.secondary) ??
    idx.addrs.find((x) => x.scope === SCOPE_UNIVERSE && !x.secondary);
  return a ? numToIp(a.ip) : undefined;
}

/** A node's address as a destination: the first global address of a NIC cabled to a network, else the
 *  first global address in ifindex order. */
export function nodeAddress(ns: NetNS): string | undefined {
  const idx = nsIndex(ns);
  const a =
    idx.addrs.find((x) => x.link.kind === 'ether' && x.link.network && x.scope === SCOPE_UNIVERSE && !x.secondary) ??
    idx.addrs.find((x) => x.scope === SCOPE_UNIVERSE && !x.secondary);
  return a ? numToIp(a.ip) : undefined;
}

export function resolveFrom(w: WorldIndex, spec: EndpointSpec): Source | { error: string } {
  if ('pod' in spec) {
    const ns = w.ns(`pod/${spec.pod}`);
    if (!ns) return { error: `no pod ${spec.pod}` };
    const ip = podAddress(ns);
    return ip ? { ns, bound: ip } : { ns };
  }
  if ('node' in spec) {
    const ns = w.ns(`node/${spec.node}`);
    return ns ? { ns } : { error: `no node ${spec.node}` };
  }
  const n = parseIp(spec.ip);
  if (n === undefined) return { error: `not an IPv4 address: ${spec.ip}` };
  const owner = w.ipOwner(n);
  return owner ? { ns: owner.ns, bound: spec.ip } : { error: `no namespace owns ${spec.ip}` };
}

export function resolveTo(w: WorldIndex, spec: EndpointSpec): string | { error: string } {
  if ('ip' in spec) return parseIp(spec.ip) === undefined ? { error: `not an IPv4 address: ${spec.ip}` } : spec.ip;
  if ('pod' in spec) {
    const ns = w.ns(`pod/${spec.pod}`);
    const ip = ns && podAddress(ns);
    return ip ?? { error: `no pod ${spec.pod} with an address` };
  }
  const ns = w.ns(`node/${spec.node}`);
  const ip = ns && nodeAddress(ns);
  return ip ?? { error: `no node ${spec.node} with an address` };
}
