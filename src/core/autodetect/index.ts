// calico-node's IPv4 autodetection (IP_AUTODETECTION_METHOD), as node/pkg/lifecycle/startup/autodetection
// does it at first start: the candidates are the node's own interfaces (tunnel and cali* devices do not exist
// yet). Every method that enumerates interfaces walks them in REVERSE ifindex order ("to maintain behaviour
// with older versions"), which is why first-found on a two-NIC node takes the last NIC.
// Flannel's choice of its public interface (--iface, else the default-route interface) lives here too.

import type { NodeAddress } from '../model/cluster';
import type { NodeInterface, TopologyNode } from '../model/scenario';
import { cidrContains, maskOf, numToIp, parseCidr, parseCidrLoose } from '../util/ipv4';
import { compileGoRegex } from '../util/goRegex';

/** DEFAULT_INTERFACES_TO_EXCLUDE (autodetection_linux.go). */
export const DEFAULT_EXCLUDES = [
  '^docker.*',
  '^cbr.*',
  '^dummy.*',
  '^podman.*',
  '^virbr.*',
  '^lxcbr.*',
  '^veth.*',
  '^lo',
  '^br-.*',
  '^cali.*',
  '^tunl.*',
  '^flannel.*',
  '^kube-ipvs.*',
  '^cni.*',
  '^vxlan\\.calico.*',
  '^vxlan-v6\\.calico.*',
  '^wireguard\\.cali.*',
  '^wg-v6\\.cali.*',
  '^nodelocaldns.*',
];

export type AutodetectMethod =
  | { kind: 'first-found' }
  | { kind: 'interface'; regexes: string[] }
  | { kind: 'skip-interface'; regexes: string[] }
  | { kind: 'can-reach'; dest: string }
  | { kind: 'cidr'; cidrs: string[] }
  | { kind: 'kubernetes-internal-ip' };

/** Parses IP_AUTODETECTION_METHOD; lists split on commas with optional whitespace. Throws on unknown values. */
export function parseAutodetectMethod(value: string): AutodetectMethod {
  const v = value.trim();
  if (v === '' || v === 'first-found') return { kind: 'first-found' };
  if (v === 'kubernetes-internal-ip') return { kind: 'kubernetes-internal-ip' };
  const eq = v.indexOf('=');
  if (eq < 0) throw new Error(`Invalid IP autodetection method: ${value}`);
  const key = v.slice(0, eq);
  const list = v
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  switch (key) {
    case 'interface':
      return { kind: 'interface', regexes: list };
    case 'skip-interface':
      return { kind: 'skip-interface', regexes: list };
    case 'can-reach':
      return { kind: 'can-reach', dest: v.slice(eq + 1).trim() };
    case 'cidr':
      return { kind: 'cidr', cidrs: list };
    default:
      throw new Error(`Invalid IP autodetection method: ${value}`);
  }
}

interface Candidate {
  iface: NodeInterface;
  ip: number;
  prefixLen: number;
}

/** Go's net.IP.IsGlobalUnicast for IPv4: not unspecified, loopback, link-local, multicast or broadcast. */
export function isGlobalUnicast(ip: number): boolean {
  if (ip === 0 || ip === 0xffffffff) return false;
  const a = ip >>> 24;
  if (a === 127 || a >= 224) return false;
  if (a === 169 && ((ip >>> 16) & 255) === 254) return false;
  return true;
}

function addressed(node: TopologyNode): Candidate[] {
  const out: Candidate[] = [];
  for (const iface of node.interfaces) {
    const c = parseCidrLoose(iface.ip);
    if (c) out.push({ iface, ip: c.ip, prefixLen: c.prefixLen });
  }
  return out;
}

/** GetInterfaces + FilteredEnumeration: reverse ifindex order, include/exclude regexes, optional CIDR filter. */
function filteredEnumeration(
  node: TopologyNode,
  include: string[],
  exclude: string[],
  cidrs: string[],
): Candidate | undefined {
  const inc = include.length ? compileGoRegex('(' + include.join(')|(') + ')') : undefined;
  const exc = exclude.length ? compileGoRegex('(' + exclude.join(')|(') + ')') : undefined;
  const nets = cidrs.map((c) => parseCidr(c));
  // "lo" is interface 1 on every node; it only matters to an include regex, and 127/8 is never global.
  const cands = addressed(node);
  for (let i = cands.length - 1; i >= 0; i--) {
    const c = cands[i];
    const name = c.iface.name;
    if (inc && !inc.test(name)) continue;
    if (exc && exc.test(name)) continue;
    if (!isGlobalUnicast(c.ip)) continue;
    if (nets.length && !nets.some((n) => cidrContains(n, c.ip))) continue;
    return c;
  }
  return undefined;
}

/** The interface a node's default route leaves by: the first interface (ifindex order) on a network with a gateway. */
export function defaultRouteInterface(
  node: TopologyNode,
  gatewayOf: (network: string) => string | undefined,
): NodeInterface | undefined {
  return node.interfaces.find((i) => i.network !== undefined && gatewayOf(i.network) !== undefined);
}

/** Source address the kernel picks for a UDP "connection" to dest, with only the underlay routes present. */
function reachSource(
  node: TopologyNode,
  dest: number,
  gatewayOf: (network: string) => string | undefined,
): Candidate | undefined {
  const cands = addressed(node);
  let best: Candidate | undefined;
  for (const c of cands) {
    const m = maskOf(c.prefixLen);
    if (((c.ip & m) >>> 0) === ((dest & m) >>> 0) && (!best || c.prefixLen > best.prefixLen)) best = c;
  }
  if (best) return best;
  const viaDefault = defaultRouteInterface(node, gatewayOf);
  return viaDefault ? cands.find((c) => c.iface === viaDefault) : undefined;
}

export interface AutodetectContext {
  gatewayOf: (network: string) => string | undefined;
}

/** The address calico-node stores as spec.bgp.ipv4Address; undefined when autodetection fails (calico-node exits). */
export function autodetect(node: TopologyNode, method: string, ctx: AutodetectContext): NodeAddress | undefined {
  const m = parseAutodetectMethod(method);
  let c: Candidate | undefined;
  switch (m.kind) {
    case 'first-found':
      c = filteredEnumeration(node, [], DEFAULT_EXCLUDES, []);
      break;
    case 'interface':
      c = filteredEnumeration(node, m.regexes, [], []);
      break;
    case 'skip-interface':
      c = filteredEnumeration(node, [], [...DEFAULT_EXCLUDES, ...m.regexes], []);
      break;
    case 'cidr':
      c = filteredEnumeration(node, [], [], m.cidrs);
      break;
    case 'can-reach': {
      const dest = parseCidrLoose(m.dest);
      c = dest ? reachSource(node, dest.ip, ctx.gatewayOf) : undefined;
      break;
    }
    case 'kubernetes-internal-ip': {
      // The kubelet reports the default-route interface's address as the node's InternalIP.
      const i = defaultRouteInterface(node, ctx.gatewayOf) ?? node.interfaces.find((x) => x.network !== undefined);
      const p = i ? parseCidrLoose(i.ip) : undefined;
      c = i && p ? { iface: i, ip: p.ip, prefixLen: p.prefixLen } : undefined;
      break;
    }
  }
  if (!c) return undefined;
  return { ip: numToIp(c.ip), prefixLen: c.prefixLen, iface: c.iface.name, method: method || 'first-found' };
}

/** flanneld's external interface: --iface (name or IP, first match wins), else the default-route interface. */
export function flannelPublicAddress(
  node: TopologyNode,
  iface: string[] | undefined,
  ctx: AutodetectContext,
): NodeAddress | undefined {
  let chosen: NodeInterface | undefined;
  let method = 'default route interface';
  if (iface && iface.length) {
    for (const want of iface) {
      chosen = node.interfaces.find((i) => i.name === want || i.ip.split('/')[0] === want);
      if (chosen) {
        method = `--iface=${want}`;
        break;
      }
    }
  } else {
    chosen = defaultRouteInterface(node, ctx.gatewayOf);
  }
  if (!chosen) return undefined;
  const p = parseCidrLoose(chosen.ip);
  if (!p) return undefined;
  return { ip: numToIp(p.ip), prefixLen: p.prefixLen, iface: chosen.name, method };
}
