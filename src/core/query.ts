// Questions a user asks of a resolved cluster — "this node's namespace", "the ipam table", "the pods" —
// answered once here so the CLI and the app's terminal print the same thing.

import type { ClusterState, PodInfo } from './model/cluster';
import type { NetNS } from './model/kernel';
import { nsIdNode, nsIdPod } from './model/kernel';
import type { EndpointSpec } from './model/packet';
import type { IpamBlockUsage } from './render/calicoctl';
import { canonicalCidr, parseIp } from './util/ipv4';

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export function nodeNs(state: ClusterState, node: string): NetNS {
  const ns = state.netns[nsIdNode(node)];
  if (!ns) {
    const known = state.nodes.map((n) => n.name).join(', ');
    throw new QueryError(`unknown node "${node}" (nodes: ${known})`);
  }
  return ns;
}

export function podByName(state: ClusterState, ref: string): PodInfo {
  const slash = ref.indexOf('/');
  if (slash < 0) throw new QueryError(`pods are named namespace/name, got "${ref}"`);
  const p = state.pods.find((x) => x.namespace === ref.slice(0, slash) && x.name === ref.slice(slash + 1));
  if (!p) {
    const known = state.pods.map((x) => `${x.namespace}/${x.name}`).join(', ');
    throw new QueryError(`unknown pod "${ref}" (pods: ${known || 'none'})`);
  }
  return p;
}

export function podNs(state: ClusterState, ref: string): NetNS {
  const p = podByName(state, ref);
  return state.netns[nsIdPod(p.namespace, p.name)];
}

/** --node N or --pod NS/NAME → the namespace. */
export function targetNs(state: ClusterState, t: { node?: string; pod?: string }): NetNS {
  if (t.pod) return podNs(state, t.pod);
  if (t.node) return nodeNs(state, t.node);
  throw new QueryError('name a target: --node NAME or --pod NAMESPACE/NAME');
}

/**
 * An endpoint as users write it: "ns/pod" is a pod, a dotted quad is an IP unless a node has that exact
 * name, anything else a node name (node names may contain dots: vms71.rhce.cc).
 */
export function parseEndpoint(state: ClusterState, s: string): EndpointSpec {
  if (s.includes('/')) {
    podByName(state, s);
    return { pod: s };
  }
  if (state.netns[nsIdNode(s)]) return { node: s };
  if (parseIp(s) !== undefined) return { ip: s };
  throw new QueryError(`"${s}" is neither a node, a pod (namespace/name) nor an IPv4 address`);
}

/** Rows for `calicoctl ipam show --show-blocks`: per block, its size and how many addresses are in use. */
export function ipamBlockRows(state: ClusterState): IpamBlockUsage[] {
  return state.ipam.blocks.map((b) => ({
    cidr: b.cidr,
    total: 2 ** (32 - Number(b.cidr.split('/')[1])),
    inUse: Object.keys(b.allocations).length,
  }));
}

/** The subnets of the nodes' own addresses, in node order: what CrossSubnet compares. One entry means every
 *  node shares a subnet, where CrossSubnet encapsulates nothing (it behaves like Never). */
export function nodeSubnets(state: ClusterState): string[] {
  const out: string[] = [];
  for (const n of state.nodes) {
    if (!n.address) continue;
    const c = canonicalCidr(`${n.address.ip}/${n.address.prefixLen}`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}
