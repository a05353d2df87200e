// The topology view model: what the topology picture shows, read off a ClusterState (never derived
// networking: devices, addresses, blocks and sessions are the core's). Plain data, so the layout and the
// D3 engine can be tested without a DOM.

import type { BgpSession, ClusterState } from '../core/model/cluster';
import type { ClusterSpec } from '../core/model/scenario';
import type { LinkKind } from '../core/model/kernel';
import { sessionsOf } from '../core/bgp';
import { hostNamespaces } from '../core/model/lazyNs';
import { systemPods } from '../core/components/pods';
import { linkProvenance, type Provenance } from '../core/components/provenance';

export interface ViewNic {
  name: string;
  ip?: string;
  network: string;
  mtu: number;
}

export interface ViewDevice {
  name: string;
  kind: LinkKind;
  /** address with prefix length, e.g. "172.20.247.0/32" */
  ip?: string;
  mtu: number;
  /** who made it (core/components provenance) */
  madeBy: Provenance;
}

/** One of the install's pods on a node (calico-node / kube-flannel-ds, kube-proxy) and its health. */
export interface ViewComponent {
  /** the DaemonSet's name: calico-node, kube-flannel, kube-proxy */
  name: string;
  pod: string;
  ready: boolean;
  /** READY as kubectl prints it: 1/1, 0/1 */
  readyText: string;
  status: string;
  processes: string[];
  /** the failing readiness probe's text, or why it is not ready */
  problem?: string;
}

export interface ViewPod {
  /** NetNS id: pod/<ns>/<name> */
  ns: string;
  namespace: string;
  name: string;
  ip: string;
  /** host-side veth (cali… / veth…) */
  veth: string;
}

export interface ViewNode {
  name: string;
  ns: string;
  address?: string;
  nics: ViewNic[];
  /** tunnels and bridges: tunl0, vxlan.calico, flannel.1, cni0, docker0 */
  devices: ViewDevice[];
  /** the install's DaemonSet pods on this node, with their health */
  components: ViewComponent[];
  blocks: string[];
  pods: ViewPod[];
  /** pods not drawn one by one ("+N pods") */
  hiddenPods: ViewPod[];
  reflector: boolean;
  down: boolean;
}

export interface ViewRouter {
  name: string;
  ns: string;
  ifaces: { name: string; ip?: string; network: string }[];
  external: boolean;
}

export type SessionKind = 'mesh' | 'reflector' | 'peer';

export interface ViewSession {
  /** node names, or a router name for an external peer; a < b */
  a: string;
  b: string;
  kind: SessionKind;
  /** Established on both views → up; otherwise the worse of the two */
  state: 'up' | 'start' | 'down';
  info: string;
}

export interface TopoModel {
  cni: ClusterSpec['cni'];
  networks: { name: string; cidr: string; mtu: number }[];
  nodes: ViewNode[];
  routers: ViewRouter[];
  sessions: ViewSession[];
  /** mesh sessions left out of the picture (too many to draw) */
  hiddenSessions: number;
  bgpRunning: boolean;
}

export interface ModelOptions {
  /** pods drawn per node before the rest collapse to "+N pods" */
  maxPods?: number;
  /** pod namespaces always drawn (endpoints, pods on the packet's path) */
  keepPods?: ReadonlySet<string>;
  /** draw individual mesh sessions only up to this many nodes */
  maxMeshNodes?: number;
}

const TUNNEL_KINDS: ReadonlySet<LinkKind> = new Set(['ipip', 'vxlan', 'bridge']);

export function buildTopoModel(state: ClusterState, opts: ModelOptions = {}): TopoModel {
  const maxPods = opts.maxPods ?? 6;
  const keep = opts.keepPods ?? new Set<string>();
  const podsByNode = new Map<string, ViewPod[]>();
  for (const p of state.pods) {
    const list = podsByNode.get(p.node) ?? [];
    list.push({ ns: p.ns, namespace: p.namespace, name: p.name, ip: p.ip, veth: p.hostVeth });
    podsByNode.set(p.node, list);
  }
  const compsByNode = new Map<string, ViewComponent[]>();
  for (const p of systemPods(state)) {
    if (p.owner.kind !== 'DaemonSet') continue;
    const list = compsByNode.get(p.node) ?? [];
    list.push({ name: p.component, pod: p.name, ready: p.ready, readyText: p.ready ? '1/1' : '0/1', status: p.status, processes: p.processes, ...(p.probe || p.reason ? { problem: p.probe ?? p.reason } : {}) });
    compsByNode.set(p.node, list);
  }
  const rrIds = new Set(state.scenario.calicoNodes.filter((c) => c.bgp?.routeReflectorClusterID).map((c) => c.name));
  const nodes: ViewNode[] = state.nodes.map((n) => {
    const ns = state.netns[n.ns];
    const links = ns?.links ?? [];
    const all = podsByNode.get(n.name) ?? [];
    const { shown, hidden } = partitionPods(all, maxPods, keep);
    return {
      name: n.name,
      ns: n.ns,
      address: n.address ? `${n.address.ip}/${n.address.prefixLen}` : undefined,
      nics: links
        .filter((l) => l.kind === 'ether' && l.network)
        .map((l) => ({ name: l.name, ip: l.addrs[0] ? `${l.addrs[0].ip}/${l.addrs[0].prefixLen}` : undefined, network: l.network!, mtu: l.mtu })),
      devices: links
        .filter((l) => TUNNEL_KINDS.has(l.kind) || (l.kind === 'ether' && !l.network))
        .map((l) => ({ name: l.name, kind: l.kind, ip: l.addrs[0] ? `${l.addrs[0].ip}/${l.addrs[0].prefixLen}` : undefined, mtu: l.mtu, madeBy: linkProvenance(ns!, l) })),
      components: compsByNode.get(n.name) ?? [],
      blocks: n.blocks,
      pods: shown,
      hiddenPods: hidden,
      reflector: rrIds.has(n.name) || !!n.routeReflectorClusterID,
      down: !!ns?.down,
    };
  });
  const routers: ViewRouter[] = hostNamespaces(state.netns)
    .filter((ns) => ns.kind === 'router')
    .map((ns) => ({
      name: ns.name,
      ns: ns.id,
      external: !!ns.external,
      ifaces: ns.links.filter((l) => l.network).map((l) => ({ name: l.name, ip: l.addrs[0]?.ip, network: l.network! })),
    }));

  const { sessions, hidden } = sessionsModel(state, opts.maxMeshNodes ?? 16);
  return {
    cni: state.scenario.cluster.cni,
    networks: state.scenario.topology.networks.map((n) => ({ name: n.name, cidr: n.cidr, mtu: n.mtu ?? 1500 })),
    nodes,
    routers,
    sessions,
    hiddenSessions: hidden,
    bgpRunning: state.bgp.running,
  };
}

/** Which pods a card draws one by one: up to maxPods rows (the "+N pods" row counts as one), always the
 *  kept ones (endpoints, pods on the packet's path); the rest fold into the "+N pods" row. */
function partitionPods(all: ViewPod[], maxPods: number, keep: ReadonlySet<string>): { shown: ViewPod[]; hidden: ViewPod[] } {
  if (all.length <= maxPods) return { shown: all, hidden: [] };
  const kept = all.filter((p) => keep.has(p.ns));
  // a "+1 pod" row would take the room of the pod itself: fold only two or more
  if (all.length - kept.length <= 1) return { shown: all, hidden: [] };
  const room = Math.max(0, maxPods - 1 - kept.length);
  const first = all.filter((p) => !keep.has(p.ns)).slice(0, room);
  const set = new Set([...kept, ...first]);
  return { shown: all.filter((p) => set.has(p)), hidden: all.filter((p) => !set.has(p)) };
}

/** Semantic zoom: the same picture with at most maxPods pod rows per card (0: only the kept pods and a
 *  "+N pods" row), except on the nodes the viewer expanded, which show all their pods. Cheap: no core
 *  calls, so the view can try several levels and keep the one that fits. */
export function limitPods(m: TopoModel, maxPods: number, keep: ReadonlySet<string>, expanded: ReadonlySet<string> = new Set()): TopoModel {
  return {
    ...m,
    nodes: m.nodes.map((n) => {
      const all = [...n.pods, ...n.hiddenPods];
      const { shown, hidden } = expanded.has(n.name) ? { shown: all, hidden: [] } : partitionPods(all, maxPods, keep);
      return { ...n, pods: shown, hiddenPods: hidden };
    }),
  };
}

const RANK = { up: 0, start: 1, down: 2 } as const;

/** One line per peering (both BIRD views merged). A large mesh is not drawn session by session. */
function sessionsModel(state: ClusterState, maxMeshNodes: number): { sessions: ViewSession[]; hidden: number } {
  if (state.scenario.cluster.cni !== 'calico' || !state.bgp.running) return { sessions: [], hidden: 0 };
  const drawMesh = state.bgp.mesh.length <= maxMeshNodes;
  const byPair = new Map<string, ViewSession>();
  let hidden = 0;
  const rr = new Set(state.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name));
  for (const n of state.nodes) {
    let list: BgpSession[];
    try {
      list = sessionsOf(state, n.name);
    } catch {
      list = [];
    }
    for (const s of list) {
      const mesh = s.peerType === 'node-to-node mesh';
      const [a, b] = s.node < s.peerName ? [s.node, s.peerName] : [s.peerName, s.node];
      const key = `${a}|${b}`;
      if (mesh && !drawMesh) {
        if (s.node < s.peerName) hidden++;
        continue;
      }
      const kind: SessionKind = mesh ? 'mesh' : rr.has(s.node) || rr.has(s.peerName) ? 'reflector' : 'peer';
      const prev = byPair.get(key);
      if (!prev) byPair.set(key, { a, b, kind, state: s.state, info: s.info + (s.reason ? ` (${s.reason})` : '') });
      else if (RANK[s.state] > RANK[prev.state]) byPair.set(key, { ...prev, state: s.state, info: s.info + (s.reason ? ` (${s.reason})` : '') });
    }
  }
  return { sessions: [...byPair.values()].sort((x, y) => (x.a + x.b < y.a + y.b ? -1 : 1)), hidden };
}
