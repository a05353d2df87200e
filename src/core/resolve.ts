// Scenario → ClusterState: what the CNI makes of the resources, in the order a real cluster does it.
//   1. the underlay (NICs, default routes, routers);
//   2. node addresses (calico-node autodetection / flanneld's interface);
//   3. IPAM: pinned blocks, tunnel addresses (nodes come up before pods), pinned pods, then the other pods;
//   4. the control plane (BGP sessions: mesh, peers, reflectors) and the kernel state every agent programs,
//      then the Faults (nodes, links, routers down);
// Passing the previous state keeps every existing allocation, so an edit never renumbers pods.

import type { ClusterState, HostLocalRange, IpamBlock, NodeInfo, PodInfo, Warning } from './model/cluster';
import type { NetNS, Route } from './model/kernel';
import { nsIdNode, nsIdPod } from './model/kernel';
import type { IPPool, Pod, Scenario, TopologyNode } from './model/scenario';
import { autodetect, flannelPublicAddress } from './autodetect';
import { CalicoIpam, IpamError } from './ipam/calicoIpam';
import { caliVethName, calicoVtepMac, containerId, flannelVethName, flannelVtepMac } from './hash/names';
import { computeBgp } from './bgp';
import { baseNodeNs, installBgpRoutes, networkMtu, routerNamespaces } from './dataplane/underlay';
import { applyFaults } from './faults';
import { calicoMtus, hostMtu, OVERHEAD } from './dataplane/mtu';
import { calicoMasquerade, poolFor, programCalicoNode, remoteRoutesFor, type ClusterPrefix, type RemoteList } from './dataplane/calico';
import { cni0Address, flannelMasquerade, programFlannelNode } from './dataplane/flannel';
import { calicoPodNs, flannelPodNs, hostVethLink, type PodWiring } from './dataplane/pods';
import { dstKey, mergeKernelOrder, sortKernelOrder } from './dataplane/fib';
import { selectorMatches } from './ipam/nodeSelector';
import { cidrContains, cidrToString, ipToNum, maskOf, numToIp, parseCidr } from './util/ipv4';

/** An error found while resolving (after parsing): names the resource and field so the loader can add file:line. */
export class ResolveError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    /** key into scenario.refs, e.g. "Pod/default/web-1" */
    readonly ref?: string,
    readonly path?: string,
  ) {
    super(detail);
    this.name = 'ResolveError';
  }
}

export interface BuildOptions {
  /** the state before an edit: allocations are carried over */
  prev?: ClusterState;
}

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** Pods without spec.nodeName go round-robin over the workers (control-plane nodes only when there are no workers). */
export function schedulePods(scenario: Scenario): Map<Pod, string> {
  const nodes = scenario.topology.nodes;
  const workers = nodes.filter((n) => !CONTROL_PLANE_LABELS.some((l) => l in n.labels));
  const pool = workers.length ? workers : nodes;
  const out = new Map<Pod, string>();
  let next = 0;
  for (const pod of scenario.pods) {
    if (pod.nodeName) out.set(pod, pod.nodeName);
    else if (pool.length) out.set(pod, pool[next++ % pool.length].name);
  }
  return out;
}

function gatewayLookup(scenario: Scenario): (network: string) => string | undefined {
  const gws = new Map(scenario.topology.networks.map((n) => [n.name, n.gateway]));
  return (n) => gws.get(n);
}

/** Node.spec.podCIDR default: consecutive /24s (flannel: SubnetLen) of the cluster network, in node order. */
function defaultPodCIDRs(scenario: Scenario): Map<string, string> {
  const out = new Map<string, string>();
  const base =
    scenario.cluster.cni === 'flannel' ? scenario.cluster.flannel.netConf.Network : scenario.ippools[0]?.cidr;
  if (!base) return out;
  const net = parseCidr(base);
  const len = scenario.cluster.cni === 'flannel' ? scenario.cluster.flannel.netConf.SubnetLen ?? 24 : 24;
  const taken = new Set(scenario.topology.nodes.map((n) => n.podCIDR).filter((c): c is string => !!c));
  let i = 0;
  for (const n of scenario.topology.nodes) {
    if (n.podCIDR) {
      out.set(n.name, n.podCIDR);
      continue;
    }
    let cidr: string;
    do {
      cidr = cidrToString({ base: net.base + i++ * 2 ** (32 - len), prefixLen: len });
    } while (taken.has(cidr));
    if (!cidrContains(net, parseCidr(cidr).base)) break;
    out.set(n.name, cidr);
  }
  return out;
}

function podKey(p: { namespace: string; name: string }): string {
  return `${p.namespace}/${p.name}`;
}

export function buildCluster(scenario: Scenario, opts: BuildOptions = {}): ClusterState {
  const warnings: Warning[] = [];
  const warn = (code: string, message: string, ref?: string) => warnings.push({ code, message, ref });
  const topo = scenario.topology;
  const gatewayOf = gatewayLookup(scenario);
  const netns: Record<string, NetNS> = {};
  const underlay = new Map<string, Route[]>();
  for (const n of topo.nodes) {
    const ns = baseNodeNs(topo, n);
    netns[ns.id] = ns;
    underlay.set(n.name, ns.routes.slice());
  }
  for (const r of routerNamespaces(topo)) netns[r.id] = r;

  const placement = schedulePods(scenario);
  const podCIDRs = defaultPodCIDRs(scenario);
  const calicoNodeRes = new Map(scenario.calicoNodes.map((c) => [c.name, c]));
  const nodeByName = new Map(topo.nodes.map((n) => [n.name, n]));
  for (const pod of scenario.pods) {
    const node = placement.get(pod);
    if (node && !nodeByName.has(node)) {
      throw new ResolveError('E301', `pod ${podKey(pod)} is on node "${node}", which is not in the Topology`, `Pod/${podKey(pod)}`, 'spec.nodeName');
    }
  }

  const state =
    scenario.cluster.cni === 'flannel'
      ? buildFlannel(scenario, netns, underlay, placement, podCIDRs, opts, warn)
      : buildCalico(scenario, netns, underlay, placement, podCIDRs, calicoNodeRes, opts, warn);

  applyFaults(netns, scenario.faults);
  return { scenario, netns, warnings, ...state };
}

/** What the CNI-specific half of the build adds to the state. */
type CniState = Omit<ClusterState, 'scenario' | 'netns' | 'warnings'>;
type Warn = (code: string, message: string, ref?: string) => void;

function nodeLabels(n: TopologyNode, calico?: { labels: Record<string, string> }): Record<string, string> {
  return { ...n.labels, ...(calico?.labels ?? {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Calico
// ---------------------------------------------------------------------------------------------------------

function buildCalico(
  scenario: Scenario,
  netns: Record<string, NetNS>,
  underlay: Map<string, Route[]>,
  placement: Map<Pod, string>,
  podCIDRs: Map<string, string>,
  calicoNodeRes: Map<string, Scenario['calicoNodes'][number]>,
  opts: BuildOptions,
  warn: Warn,
): CniState {
  const topo = scenario.topology;
  const install = scenario.cluster.calico;
  const pools = scenario.ippools.filter((p) => !p.disabled);
  const backend = install.networkingBackend;
  const ipipEnabled = backend === 'bird' && pools.some((p) => p.ipipMode !== 'Never');
  const vxlanEnabled = backend !== 'none' && pools.some((p) => p.vxlanMode !== 'Never');
  if (backend === 'vxlan' && pools.some((p) => p.ipipMode !== 'Never')) {
    warn('W201', 'IPIP pools need BIRD (calico_backend: bird); with the vxlan backend their routes are not programmed');
  }
  const bgpConf = scenario.bgpConfigurations.find((c) => c.name === 'default');
  const globalAs = bgpConf?.asNumber ?? 64512;
  const gatewayOf = gatewayLookup(scenario);

  // Node addresses: an explicit spec.bgp.ipv4Address wins (IP set), else autodetection.
  const nodes: NodeInfo[] = topo.nodes.map((n) => {
    const res = calicoNodeRes.get(n.name);
    let address: NodeInfo['address'];
    const explicit = res?.bgp?.ipv4Address;
    if (explicit) {
      const [ip, len] = explicit.split('/');
      const iface = n.interfaces.find((i) => i.ip.split('/')[0] === ip);
      address = { ip, prefixLen: Number(len ?? 32), iface: iface?.name ?? n.interfaces[0]?.name ?? 'eth0', method: 'Node spec.bgp.ipv4Address' };
    } else {
      address = autodetect(n, install.ipAutodetectionMethod, { gatewayOf });
      if (!address) {
        warn('W202', `calico-node on ${n.name}: no address found with IP_AUTODETECTION_METHOD=${install.ipAutodetectionMethod}; calico-node exits and the node gets no routes`, `Node/${n.name}`);
      }
    }
    return {
      name: n.name,
      ns: nsIdNode(n.name),
      address,
      blocks: [],
      podCIDR: podCIDRs.get(n.name),
      asNumber: res?.bgp?.asNumber ?? globalAs,
      routeReflectorClusterID: res?.bgp?.routeReflectorClusterID,
      labels: nodeLabels(n, res),
      vtepMac: vxlanEnabled ? res?.ipv4VXLANTunnelMACAddr ?? calicoVtepMac(n.name) : undefined,
    };
  });
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));

  // ---- IPAM
  const podIps = new Map<Pod, string>();
  const blocksOut: IpamBlock[] = [];
  const hostLocal: Record<string, HostLocalRange> = {};
  const poolsByNode = new Map<NodeInfo, IPPool[]>();
  const poolsFor = (node: NodeInfo) => {
    let l = poolsByNode.get(node);
    if (!l) poolsByNode.set(node, (l = pools.filter((p) => selectorMatches(p.nodeSelector, node.labels))));
    return l;
  };
  const tunnelPoolsFor = (node: NodeInfo) => poolsFor(node).filter((p) => p.ipipMode !== 'Never' || p.vxlanMode !== 'Never');
  const needsTunnel = ipipEnabled || vxlanEnabled;
  const tunnelHandle = (n: string) => (vxlanEnabled ? `vxlan-tunnel-addr-${n}` : `ipip-tunnel-addr-${n}`);

  if (install.ipam === 'host-local') {
    for (const node of nodes) if (node.podCIDR) node.blocks = [node.podCIDR];
    const live = new Set<string>();
    for (const node of nodes) if (needsTunnel && node.podCIDR) live.add(tunnelHandle(node.name));
    for (const pod of scenario.pods) live.add(podHandle(pod));
    Object.assign(hostLocal, hostLocalRanges(nodes, opts.prev, live));
    for (const node of nodes) {
      const r = hostLocal[node.name];
      if (!r || !needsTunnel) continue;
      // USE_POD_CIDR: the tunnel takes the podCIDR's first host address (seed 002: tunl0 10.244.0.1).
      const ip = numToIp(parseCidr(r.podCIDR).base + 1);
      r.allocations[ip] = tunnelHandle(node.name);
      node.tunnelAddr = ip;
    }
    for (const pod of scenario.pods) {
      if (pod.hostNetwork) continue;
      const nodeName = placement.get(pod)!;
      const r = hostLocal[nodeName];
      if (!r) throw new ResolveError('E302', `node ${nodeName} has no podCIDR for host-local IPAM`, `Pod/${podKey(pod)}`, 'spec.nodeName');
      podIps.set(pod, hostLocalAssign(r, podHandle(pod), pod, 2));
    }
  } else {
    const ipam = new CalicoIpam(scenario.ippools, scenario.ipamConfig, opts.prev?.ipam.blocks);
    const live = new Set<string>();
    for (const node of nodes) if (needsTunnel && node.address) live.add(tunnelHandle(node.name));
    for (const pod of scenario.pods) if (!pod.hostNetwork) live.add(podHandle(pod));
    ipam.releaseExcept(live);
    ipam.dropNodesExcept(new Set(nodes.map((n) => n.name)));
    try {
      ipam.applyAffinities(scenario.blockAffinities);
    } catch (e) {
      throw asResolveError(e, undefined, 'spec.cidr');
    }
    if (needsTunnel) {
      for (const node of nodes) {
        if (!node.address) continue;
        const h = tunnelHandle(node.name);
        const tp = tunnelPoolsFor(node);
        if (!tp.length) continue;
        const got = ipam.find(h) ?? wrap(() => ipam.autoAssign(node.name, h, tp), `Node/${node.name}`, 'spec');
        node.tunnelAddr = got.ip;
      }
    }
    for (const pod of scenario.pods) {
      if (pod.hostNetwork || !pod.pinnedIPs?.length) continue;
      const h = podHandle(pod);
      const got = wrap(() => ipam.assignIP(placement.get(pod)!, h, pod.pinnedIPs![0]), `Pod/${podKey(pod)}`, 'metadata.annotations.cni.projectcalico.org/ipAddrs');
      podIps.set(pod, got.ip);
    }
    for (const pod of scenario.pods) {
      if (pod.hostNetwork || podIps.has(pod)) continue;
      const h = podHandle(pod);
      const node = nodesByName.get(placement.get(pod)!)!;
      const got = ipam.find(h) ?? wrap(() => ipam.autoAssign(node.name, h, poolsFor(node)), `Pod/${podKey(pod)}`, 'metadata.name');
      podIps.set(pod, got.ip);
    }
    for (const node of nodes) node.blocks = ipam.affineBlocks(node.name).sort((a, b) => dstKey(a) - dstKey(b));
    blocksOut.push(...ipam.snapshot());
  }

  // ---- MTUs, pods, host veths
  const podInfos: PodInfo[] = [];
  const ifindexNext = new Map<string, number>();
  const mtusByNode = new Map<string, ReturnType<typeof calicoMtus>>();
  for (const n of topo.nodes) {
    const host = hostMtu(n, (m, net) => networkMtu(topo, net, m));
    mtusByNode.set(n.name, calicoMtus(host, install.vethMtu, ipipEnabled, vxlanEnabled));
    ifindexNext.set(n.name, n.interfaces.length + 2);
  }

  // ---- prefixes every node originates, in kernel order (sorted once for all nodes)
  const prefixes: ClusterPrefix[] = [];
  const blockByCidr = new Map(blocksOut.map((b) => [b.cidr, b]));
  const poolOf = (cidr: string) => poolFor(scenario.ippools, cidr);
  for (const node of nodes) {
    for (const b of node.blocks) {
      const blk = blockByCidr.get(b);
      if (blk && blk.state !== 'confirmed') continue; // pending affinities are not routed
      const pool = poolOf(b);
      if (pool) prefixes.push({ prefix: b, key: dstKey(b), node: node.name, origin: node, kind: 'block', pool, variants: [] });
    }
  }
  // A pod address outside its node's own blocks was borrowed: its node originates a /32 for it.
  const blockNets = new Map<NodeInfo, ReturnType<typeof parseCidr>[]>(nodes.map((n) => [n, n.blocks.map((b) => parseCidr(b))]));
  for (const [pod, ip] of podIps) {
    const node = nodesByName.get(placement.get(pod)!)!;
    const n = ipToNum(ip);
    if (!blockNets.get(node)!.some((b) => cidrContains(b, n))) {
      const pool = poolOf(`${ip}/32`);
      if (pool) prefixes.push({ prefix: `${ip}/32`, key: dstKey(`${ip}/32`), node: node.name, origin: node, kind: 'borrowed', pool, variants: [] });
    }
  }
  if (vxlanEnabled) {
    for (const node of nodes) {
      if (!node.tunnelAddr) continue;
      const n = ipToNum(node.tunnelAddr);
      if (blockNets.get(node)!.some((b) => cidrContains(b, n))) continue;
      const pool = poolOf(`${node.tunnelAddr}/32`);
      if (pool) prefixes.push({ prefix: `${node.tunnelAddr}/32`, key: dstKey(`${node.tunnelAddr}/32`), node: node.name, origin: node, kind: 'vtep', pool, variants: [] });
    }
  }
  prefixes.sort((a, b) => a.key - b.key);

  // ---- BGP: sessions and which originators' routes reached each node
  const bgp = computeBgp({ scenario, nodes, backend, netns, prefixes });
  for (const w of bgp.warnings) warn(w.code, w.message, w.ref);
  installBgpRoutes(netns, bgp.routerRoutes);

  // ---- program every node
  const masq = calicoMasquerade(scenario.ippools);
  const podsByNode = groupPodsByNode(scenario, placement);
  // Nodes that see the cluster alike program the same remote routes: one list per class (remoteRoutesFor).
  const classes = new Map<string, RemoteList>();
  const classKey = remoteClassKey(nodes, underlay, backend === 'bird' ? bgp : undefined);
  for (const node of nodes) {
    const ns = netns[node.ns];
    const mtus = mtusByNode.get(node.name)!;
    const key = classKey(node);
    let classRemote = classes.get(key);
    if (!classRemote) {
      classRemote = remoteRoutesFor({
        node,
        underlay: underlay.get(node.name)!,
        backend,
        ipipEnabled,
        vxlanEnabled,
        prefixes,
        bgpNextHop: (from) => bgp.nextHop(node.name, from),
      });
      classes.set(key, classRemote);
    }
    const { remote, remoteKeys, nextIfindex } = programCalicoNode({
      ns,
      node,
      backend,
      ipipEnabled,
      vxlanEnabled,
      mtus,
      classRemote,
      nextIfindex: ifindexNext.get(node.name)!,
    });
    let ifindex = nextIfindex;
    for (const pod of podsByNode.get(node.name) ?? []) {
      const ip = podIps.get(pod)!;
      const wiring: PodWiring = {
        namespace: pod.namespace,
        name: pod.name,
        node: node.name,
        ip,
        prefixLen: 32,
        hostVeth: caliVethName(pod.namespace, pod.name),
        hostIfindex: ifindex++,
        mtu: mtus.pod,
        ipipModule: ipipEnabled,
      };
      ns.links.push(hostVethLink(wiring, true));
      ns.routes.push({ type: 'unicast', dst: `${ip}/32`, dev: wiring.hostVeth, proto: 3, scope: 'link', owner: 'cni' });
      const podNs = calicoPodNs(wiring);
      netns[podNs.id] = podNs;
      podInfos.push(podInfo(pod, node.name, ip, wiring, scenario));
    }
    if (masq.length) ns.masquerade = masq;
    ns.routes = mergeKernelOrder(ns.routes, remote, remoteKeys);
  }

  return {
    nodes,
    pods: orderPods(podInfos, scenario),
    ipam: { blocks: blocksOut, pools: poolUsage(scenario.ippools, blocksOut, hostLocal), hostLocal },
    bgp: bgp.state,
  };
}

/**
 * The key under which nodes share their remote routes: everything remoteRoutesFor reads about the node — its
 * subnet and NIC, its underlay routes (recursive next hops), and the next hop BGP gave it for each originator
 * (with its own prefixes counted as learned from itself, as its classmates learn them). Nodes without an
 * address get a class of their own.
 */
function remoteClassKey(
  nodes: NodeInfo[],
  underlay: Map<string, Route[]>,
  bgp: { nextHop: (self: string, from: string) => string | undefined; plainMesh: (self: string) => boolean } | undefined,
): (node: NodeInfo) => string {
  return (node) => {
    const a = node.address;
    if (!a) return `unaddressed:${node.name}`;
    const subnet = (ipToNum(a.ip) & maskOf(a.prefixLen)) >>> 0;
    const routes = underlay
      .get(node.name)!
      .filter((r) => r.type === 'unicast' && r.dev)
      .map((r) => `${r.dst}>${r.via ?? ''}@${r.dev}:${r.metric ?? 0}`)
      .join(',');
    let learned = '';
    if (bgp?.plainMesh(node.name)) learned = 'plain-mesh';
    else if (bgp) {
      const nextHop = bgp.nextHop;
      // a 64-bit digest (two FNV-1a streams) of the next-hop vector over every originator
      let h1 = 0x811c9dc5;
      let h2 = 0x01000193;
      for (const o of nodes) {
        const nh = o === node ? a.ip : nextHop(node.name, o.name) ?? '-';
        for (let i = 0; i < nh.length; i++) {
          const c = nh.charCodeAt(i);
          h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
          h2 = Math.imul(h2 ^ c, 0x01000197) >>> 0;
        }
        h1 = Math.imul(h1 ^ 0x2c, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ 0x2c, 0x01000197) >>> 0;
      }
      learned = `${h1.toString(16)}${h2.toString(16)}`;
    }
    return `${subnet}/${a.prefixLen}|${a.iface}|${routes}|${learned}`;
  };
}

function groupPodsByNode(scenario: Scenario, placement: Map<Pod, string>): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of scenario.pods) {
    if (pod.hostNetwork) continue; // shares the node's namespace: no veth, no address of its own
    const n = placement.get(pod)!;
    const l = byNode.get(n) ?? [];
    l.push(pod);
    byNode.set(n, l);
  }
  return byNode;
}

/** Each node's host-local range, carrying over the previous state's allocations whose handle is still live. */
function hostLocalRanges(nodes: NodeInfo[], prev: ClusterState | undefined, live: Set<string>): Record<string, HostLocalRange> {
  const out: Record<string, HostLocalRange> = {};
  for (const node of nodes) {
    if (!node.podCIDR) continue;
    const p = prev?.ipam.hostLocal[node.name];
    const allocations: Record<string, string> = {};
    if (p && p.podCIDR === node.podCIDR) for (const [ip, h] of Object.entries(p.allocations)) if (live.has(h)) allocations[ip] = h;
    out[node.name] = p && p.podCIDR === node.podCIDR ? { ...p, allocations } : { podCIDR: node.podCIDR, allocations };
  }
  return out;
}

function wrap<T>(f: () => T, ref: string, path: string): T {
  try {
    return f();
  } catch (e) {
    throw asResolveError(e, ref, path);
  }
}

function asResolveError(e: unknown, ref: string | undefined, path: string): Error {
  if (e instanceof IpamError) {
    const code = { exhausted: 'E310', 'outside-pools': 'E311', 'in-use': 'E312', 'no-pool': 'E313' }[e.code];
    return new ResolveError(code, e.message, ref, path);
  }
  return e as Error;
}

const handleCache = new Map<string, string>();

export function podHandle(pod: { namespace: string; name: string }): string {
  const key = `${pod.namespace}/${pod.name}`;
  let h = handleCache.get(key);
  if (!h) {
    h = `k8s-pod-network.${containerId(pod.namespace, pod.name)}`;
    if (handleCache.size > 100_000) handleCache.clear();
    handleCache.set(key, h);
  }
  return h;
}

/** host-local: round-robin from the address after the last reserved one, skipping the first `reserved` ordinals. */
function hostLocalAssign(r: HostLocalRange, handle: string, pod: Pod, firstOrdinal: number): string {
  for (const [ip, h] of Object.entries(r.allocations)) if (h === handle) return ip;
  const net = parseCidr(r.podCIDR);
  const size = 2 ** (32 - net.prefixLen);
  const last = r.lastReserved ? ipToNum(r.lastReserved) - net.base : firstOrdinal - 1;
  for (let k = 1; k <= size; k++) {
    let o = (last + k) % size;
    if (o < firstOrdinal || o === size - 1) continue;
    const ip = numToIp(net.base + o);
    if (r.allocations[ip] === undefined) {
      r.allocations[ip] = handle;
      r.lastReserved = ip;
      return ip;
    }
  }
  throw new ResolveError('E310', `host-local range ${r.podCIDR} is exhausted`, `Pod/${pod.namespace}/${pod.name}`, 'spec.nodeName');
}

function podInfo(pod: Pod, node: string, ip: string, w: PodWiring, scenario: Scenario): PodInfo {
  return {
    namespace: pod.namespace,
    name: pod.name,
    node,
    ns: nsIdPod(pod.namespace, pod.name),
    ip,
    hostVeth: w.hostVeth,
    mtu: w.mtu,
    labels: pod.labels,
    handle: podHandle(pod),
  };
}

function orderPods(pods: PodInfo[], scenario: Scenario): PodInfo[] {
  const order = new Map(scenario.pods.map((p, i) => [podKey(p), i]));
  return pods.sort((a, b) => order.get(podKey(a))! - order.get(podKey(b))!);
}

function poolUsage(pools: IPPool[], blocks: IpamBlock[], hostLocal: Record<string, HostLocalRange>) {
  return pools.map((p) => {
    const net = parseCidr(p.cidr);
    let inUse = 0;
    for (const b of blocks) if (b.pool === p.name) inUse += Object.keys(b.allocations).length;
    for (const r of Object.values(hostLocal)) {
      for (const ip of Object.keys(r.allocations)) if (cidrContains(net, ipToNum(ip))) inUse++;
    }
    return { pool: p.name, cidr: p.cidr, total: 2 ** (32 - net.prefixLen), inUse };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Flannel
// ---------------------------------------------------------------------------------------------------------

function buildFlannel(
  scenario: Scenario,
  netns: Record<string, NetNS>,
  underlay: Map<string, Route[]>,
  placement: Map<Pod, string>,
  podCIDRs: Map<string, string>,
  opts: BuildOptions,
  warn: Warn,
): CniState {
  const topo = scenario.topology;
  const install = scenario.cluster.flannel;
  const conf = install.netConf;
  const gatewayOf = gatewayLookup(scenario);
  const vxlan = conf.Backend.Type === 'vxlan';
  const nodes: NodeInfo[] = topo.nodes.map((n) => {
    const address = flannelPublicAddress(n, install.iface, { gatewayOf });
    if (!address) warn('W203', `flanneld on ${n.name}: no interface found (--iface ${install.iface?.join(',') ?? 'default route'})`, `Node/${n.name}`);
    const podCIDR = podCIDRs.get(n.name);
    if (!podCIDR) warn('W204', `flanneld on ${n.name}: node "${n.name}" pod cidr not assigned`, `Node/${n.name}`);
    return {
      name: n.name,
      ns: nsIdNode(n.name),
      address,
      blocks: podCIDR ? [podCIDR] : [],
      podCIDR,
      labels: { ...n.labels },
      vtepMac: vxlan ? vtepMacFromAnnotation(n) ?? flannelVtepMac(n.name) : undefined,
    };
  });
  // Two nodes announcing the same public IP (every Vagrant VM's NAT address) break each other's routes.
  const seen = new Map<string, string>();
  for (const n of nodes) {
    if (!n.address) continue;
    const other = seen.get(n.address.ip);
    if (other) warn('W205', `flanneld: ${n.name} and ${other} both use public IP ${n.address.ip} (${n.address.iface}); set --iface`, `Node/${n.name}`);
    else seen.set(n.address.ip, n.name);
  }

  const hostLocal = hostLocalRanges(nodes, opts.prev, new Set(scenario.pods.map(podHandle)));

  const podsByNode = groupPodsByNode(scenario, placement);
  const podInfos: PodInfo[] = [];
  for (const node of nodes) {
    const topoNode = topo.nodes.find((t) => t.name === node.name)!;
    const ns = netns[node.ns];
    const iface = topoNode.interfaces.find((i) => i.name === node.address?.iface);
    const ifaceMtu = iface ? networkMtu(topo, iface.network, iface.mtu) : 1500;
    const mtu = conf.Backend.MTU ?? (vxlan ? ifaceMtu - OVERHEAD.vxlan : ifaceMtu);
    const pods = podsByNode.get(node.name) ?? [];
    let ifindex = programFlannelNode({
      ns,
      node,
      underlay: underlay.get(node.name)!,
      install,
      others: nodes.filter((o) => o !== node),
      mtu,
      hasPods: pods.length > 0,
      nextIfindex: topoNode.interfaces.length + 2,
      warn: (m) => warn('W206', m, `Node/${node.name}`),
    });
    const r = hostLocal[node.name];
    for (const pod of pods) {
      if (!r) throw new ResolveError('E302', `node ${node.name} has no podCIDR`, `Pod/${podKey(pod)}`, 'spec.nodeName');
      const ip = pod.pinnedIPs?.[0] ?? hostLocalAssign(r, podHandle(pod), pod, 2);
      if (pod.pinnedIPs?.[0]) r.allocations[ip] = podHandle(pod);
      const gw = cni0Address(r.podCIDR);
      const wiring: PodWiring = {
        namespace: pod.namespace,
        name: pod.name,
        node: node.name,
        ip,
        prefixLen: gw.prefixLen,
        hostVeth: flannelVethName(pod.namespace, pod.name),
        hostIfindex: ifindex++,
        mtu,
        ipipModule: false,
      };
      ns.links.push(hostVethLink(wiring, false));
      const podNs = flannelPodNs(wiring, gw.ip, conf.Network);
      netns[podNs.id] = podNs;
      podInfos.push(podInfo(pod, node.name, ip, wiring, scenario));
    }
    // A Linux bridge takes the lowest MAC among its ports (br_stp_recalculate_bridge_id).
    const cni0 = ns.links.find((l) => l.name === 'cni0');
    const portMacs = ns.links.filter((l) => l.master === 'cni0' && l.mac).map((l) => l.mac!);
    if (cni0 && portMacs.length) cni0.mac = portMacs.sort()[0];
    if (install.ipMasq && node.podCIDR) ns.masquerade = flannelMasquerade(conf.Network, node.podCIDR);
    ns.routes = sortKernelOrder(ns.routes);
  }
  return {
    nodes,
    pods: orderPods(podInfos, scenario),
    ipam: { blocks: [], pools: [], hostLocal },
    bgp: { running: false, meshEnabled: false, mesh: [], sessions: [] },
  };
}

/** flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"..."} keeps a node's VTEP MAC across restarts. */
function vtepMacFromAnnotation(n: TopologyNode): string | undefined {
  const raw = n.annotations?.['flannel.alpha.coreos.com/backend-data'];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { VtepMAC?: string };
    return typeof v.VtepMAC === 'string' ? v.VtepMAC.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
