// Who gets which address, in the order a real cluster hands them out: nodes come up before pods, so
// tunnel addresses first, then pods pinned with cni.projectcalico.org/ipAddrs, then every other pod.
// Calico IPAM (blocks with affinities) or host-local (the Node podCIDRs), as the install chooses.

import type { HostLocalRange, IpamBlock, NodeInfo } from '../../model/cluster';
import type { IPPool, Pod } from '../../model/scenario';
import { dstKey } from '../../dataplane/fib';
import { CalicoIpam } from '../../ipam/calicoIpam';
import { hostLocalAssign, hostLocalRanges, hostLocalTunnelAddress } from '../../ipam/hostLocal';
import { selectorMatches } from '../../ipam/nodeSelector';
import { asResolveError, ResolveError, wrap } from '../errors';
import { podKey, type PodTable } from '../pods';
import type { CniBuild } from '../types';

export interface CalicoAddresses {
  /** each pod's address by scenario index (PodTable), undefined for host-network pods */
  podIps: (string | undefined)[];
  blocks: IpamBlock[];
  hostLocal: Record<string, HostLocalRange>;
}

/** One tunnel address per enabled encapsulation, each from its own pools (calico-node's allocateip). */
const TUNNELS = [
  { kind: 'ipip', handle: (n: string) => `ipip-tunnel-addr-${n}`, enables: (p: IPPool) => p.ipipMode !== 'Never' },
  { kind: 'vxlan', handle: (n: string) => `vxlan-tunnel-addr-${n}`, enables: (p: IPPool) => p.vxlanMode !== 'Never' },
] as const;

function setTunnelAddr(node: NodeInfo, kind: 'ipip' | 'vxlan', ip: string) {
  if (kind === 'ipip') node.ipipTunnelAddr = ip;
  else node.vxlanTunnelAddr = ip;
}

/**
 * Sets each node's tunnel addresses and blocks; returns the pods' addresses and the IPAM state. Like
 * calico-node's tunnel-address allocator, the IPIP address comes only from pools that select the node and
 * enable IPIP, then the VXLAN address only from pools that select it and enable VXLAN — a node can hold
 * both, one or neither.
 */
export function assignCalicoAddresses(b: CniBuild, nodes: NodeInfo[], encap: { ipip: boolean; vxlan: boolean }, table: PodTable): CalicoAddresses {
  const { scenario, placement } = b;
  const pools = scenario.ippools.filter((p) => !p.disabled);
  const pods = scenario.pods;
  const podIps = new Array<string | undefined>(pods.length);
  const blocks: IpamBlock[] = [];
  const tunnels = TUNNELS.filter((t) => encap[t.kind]);

  if (scenario.cluster.calico.ipam === 'host-local') {
    for (const node of nodes) if (node.podCIDR) node.blocks = [node.podCIDR];
    const live = new Set<string>();
    // host-local: the tunnel device takes the podCIDR's first address, whichever encapsulation it serves.
    const hostLocalHandle = (n: string) => (encap.vxlan ? `vxlan-tunnel-addr-${n}` : `ipip-tunnel-addr-${n}`);
    for (const node of nodes) if (tunnels.length && node.podCIDR) live.add(hostLocalHandle(node.name));
    for (const h of table.handle) live.add(h);
    const hostLocal = hostLocalRanges(nodes, b.prev?.ipam.hostLocal, live);
    for (const node of nodes) {
      const r = hostLocal[node.name];
      if (!r || !tunnels.length) continue;
      const ip = hostLocalTunnelAddress(r, hostLocalHandle(node.name));
      for (const t of tunnels) setTunnelAddr(node, t.kind, ip);
    }
    const rangeOf = (pod: Pod) => {
      const nodeName = placement.get(pod)!;
      const r = hostLocal[nodeName];
      if (!r) throw new ResolveError('E302', `node ${nodeName} has no podCIDR for host-local IPAM`, `Pod/${podKey(pod)}`, 'spec.nodeName');
      return r;
    };
    // Pinned addresses are reserved first, so no unpinned pod takes one (an import pins every pod).
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i];
      const pin = pod.pinnedIPs?.[0];
      if (pod.hostNetwork || !pin) continue;
      rangeOf(pod).allocations[pin] = table.handle[i];
      podIps[i] = pin;
    }
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i];
      if (pod.hostNetwork || podIps[i] !== undefined) continue;
      const r = rangeOf(pod);
      podIps[i] = wrap(() => hostLocalAssign(r, table.handle[i], 2), `Pod/${podKey(pod)}`, 'spec.nodeName');
    }
    return { podIps, blocks, hostLocal };
  }

  const poolsByNode = new Map<NodeInfo, IPPool[]>();
  const poolsFor = (node: NodeInfo) => {
    let l = poolsByNode.get(node);
    if (!l) poolsByNode.set(node, (l = pools.filter((p) => selectorMatches(p.nodeSelector, node.labels))));
    return l;
  };
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));

  const ipam = new CalicoIpam(scenario.ippools, scenario.ipamConfig, b.prev?.ipam.blocks);
  // Only allocations carried over from the previous state can have lost their holder.
  if (b.prev?.ipam.blocks.length) {
    const live = new Set<string>();
    for (const node of nodes) if (node.address) for (const t of tunnels) live.add(t.handle(node.name));
    for (let i = 0; i < pods.length; i++) if (!pods[i].hostNetwork) live.add(table.handle[i]);
    ipam.releaseExcept(live);
  }
  ipam.dropNodesExcept(new Set(nodes.map((n) => n.name)));
  wrap(() => ipam.applyAffinities(scenario.blockAffinities), undefined, 'spec.cidr');
  for (const node of nodes) {
    if (!node.address) continue;
    for (const t of tunnels) {
      const tp = poolsFor(node).filter(t.enables);
      if (!tp.length) continue;
      const h = t.handle(node.name);
      const got = ipam.find(h) ?? wrap(() => ipam.autoAssign(node.name, h, tp), `Node/${node.name}`, 'spec');
      setTunnelAddr(node, t.kind, got.ip);
    }
  }
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.hostNetwork || !pod.pinnedIPs?.length) continue;
    const h = table.handle[i];
    const got = wrap(() => ipam.assignIP(table.node[i]!, h, pod.pinnedIPs![0]), `Pod/${podKey(pod)}`, 'metadata.annotations.cni.projectcalico.org/ipAddrs');
    podIps[i] = got.ip;
  }
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.hostNetwork || podIps[i] !== undefined) continue;
    const h = table.handle[i];
    const node = nodesByName.get(table.node[i]!)!;
    let got = ipam.find(h);
    if (!got) {
      // no wrap(): its closure and the "Pod/ns/name" ref would be made 30,000 times for one error
      try {
        got = ipam.autoAssign(node.name, h, poolsFor(node));
      } catch (e) {
        throw asResolveError(e, `Pod/${podKey(pod)}`, 'metadata.name');
      }
    }
    podIps[i] = got.ip;
  }
  for (const node of nodes) node.blocks = ipam.affineBlocks(node.name).sort((a, b) => dstKey(a) - dstKey(b));
  blocks.push(...ipam.snapshot());
  return { podIps, blocks, hostLocal: {} };
}
