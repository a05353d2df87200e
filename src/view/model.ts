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
import type { NodeInfo, PodInfo } from '../core/model/cluster';
import { AGGREGATE_ABOVE, MAX_MESH_GROUPS, MAX_RR_CARDS, groupNodes, openGroups, type Grouping, type ViewGroup } from './aggregate';

export type { ViewGroup } from './aggregate';

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
  /** in a big cluster's picture: the group the card is drawn after (see aggregate.ts) */
  group?: string;
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
  /** a big cluster's summary line (a or b is a group): how many sessions it stands for, how many are up */
  count?: number;
  up?: number;
}

export interface TopoModel {
  cni: ClusterSpec['cni'];
  networks: { name: string; cidr: string; mtu: number }[];
  nodes: ViewNode[];
  routers: ViewRouter[];
  sessions: ViewSession[];
  /** mesh sessions left out of the picture (too many to draw) */
  hiddenSessions: number;
  /** of those, how many are not Established (only counted in a big cluster's picture) */
  hiddenNotUp?: number;
  bgpRunning: boolean;
  /** a big cluster: the node groups, in drawing order; `nodes` then holds only the nodes drawn as cards,
   *  each after its group (see aggregate.ts) */
  groups?: ViewGroup[];
  /** the whole cluster's counts (the cards are a few of them) */
  totals?: { nodes: number; pods: number };
}

export interface ModelOptions {
  /** pods drawn per node before the rest collapse to "+N pods" */
  maxPods?: number;
  /** pod namespaces always drawn (endpoints, pods on the packet's path) */
  keepPods?: ReadonlySet<string>;
  /** draw individual mesh sessions only up to this many nodes */
  maxMeshNodes?: number;
  /** draw the cluster in node groups above this many nodes (default AGGREGATE_ABOVE); then keepPods' pods and
   *  nodes (NetNS ids) are drawn as real cards */
  aggregateAbove?: number;
  /** groups (ViewGroup ids) the viewer opened: all their members become cards */
  openGroups?: ReadonlySet<string>;
}

const TUNNEL_KINDS: ReadonlySet<LinkKind> = new Set(['ipip', 'vxlan', 'bridge']);

export function buildTopoModel(state: ClusterState, opts: ModelOptions = {}): TopoModel {
  if (state.nodes.length > (opts.aggregateAbove ?? AGGREGATE_ABOVE)) return groupedModel(state, opts);
  const compsByNode = componentsByNode(state);
  const nodes = viewNodes(state, state.nodes, compsByNode, opts);
  const { sessions, hidden } = sessionsModel(state, opts.maxMeshNodes ?? 16);
  return {
    cni: state.scenario.cluster.cni,
    networks: networksOf(state),
    nodes,
    routers: routersOf(state),
    sessions,
    hiddenSessions: hidden,
    bgpRunning: state.bgp.running,
  };
}

/** What a big cluster's picture reads off one state, worked out once per state: a pick or an opened group
 *  builds the picture again from it in a few milliseconds. */
interface GroupedBase extends Grouping {
  comps: Map<string, ViewComponent[]>;
  routers: ViewRouter[];
  /** pod NetNS id → node, node NetNS id → node */
  nodeOfNs: Map<string, string>;
  podsOf: Map<string, PodInfo[]>;
  byName: Map<string, NodeInfo>;
}

const bases = new WeakMap<ClusterState, GroupedBase>();

function groupedBase(state: ClusterState): GroupedBase {
  let base = bases.get(state);
  if (base) return base;
  const comps = componentsByNode(state);
  const nodeOfNs = new Map<string, string>();
  for (const n of state.nodes) nodeOfNs.set(n.ns, n.name);
  const podsOf = new Map<string, PodInfo[]>();
  for (const p of state.pods) {
    nodeOfNs.set(p.ns, p.node);
    const list = podsOf.get(p.node);
    if (list) list.push(p);
    else podsOf.set(p.node, [p]);
  }
  base = { ...groupNodes(state, comps, (node) => podsOf.get(node)?.length ?? 0), comps, routers: routersOf(state), nodeOfNs, podsOf, byName: new Map(state.nodes.map((n) => [n.name, n])) };
  bases.set(state, base);
  return base;
}

/** A big cluster: node groups with their counts, and as real cards only the nodes asked for (endpoints,
 *  the packet's path), the reflectors and the opened groups' members. */
function groupedModel(state: ClusterState, opts: ModelOptions): TopoModel {
  const base = groupedBase(state);
  const shown = new Set<string>();
  for (const id of opts.keepPods ?? []) {
    const node = base.nodeOfNs.get(id);
    if (node !== undefined) shown.add(node);
  }
  for (const n of state.nodes.filter((x) => x.routeReflectorClusterID).slice(0, MAX_RR_CARDS)) shown.add(n.name);
  const groups = openGroups(base.groups, opts.openGroups ?? new Set(), shown);
  const cardOf = new Map<string, string>();
  const cards: NodeInfo[] = [];
  for (const g of groups)
    for (const name of g.shown) {
      cards.push(base.byName.get(name)!);
      cardOf.set(name, g.id);
    }
  const nodes = viewNodes(state, cards, base.comps, opts, base.podsOf).map((n) => ({ ...n, group: cardOf.get(n.name) }));
  const { sessions, hidden, hiddenNotUp } = groupSessions(state, (node) => (cardOf.has(node) ? node : (base.groupOf.get(node) ?? node)), base.groupOf, groups.length);
  return {
    cni: state.scenario.cluster.cni,
    networks: networksOf(state),
    nodes,
    routers: base.routers,
    sessions,
    hiddenSessions: hidden,
    hiddenNotUp,
    bgpRunning: state.bgp.running,
    groups,
    totals: { nodes: state.nodes.length, pods: state.pods.length },
  };
}

function networksOf(state: ClusterState): TopoModel['networks'] {
  return state.scenario.topology.networks.map((n) => ({ name: n.name, cidr: n.cidr, mtu: n.mtu ?? 1500 }));
}

function routersOf(state: ClusterState): ViewRouter[] {
  return hostNamespaces(state.netns)
    .filter((ns) => ns.kind === 'router')
    .map((ns) => ({
      name: ns.name,
      ns: ns.id,
      external: !!ns.external,
      ifaces: ns.links.filter((l) => l.network).map((l) => ({ name: l.name, ip: l.addrs[0]?.ip, network: l.network! })),
    }));
}

function componentsByNode(state: ClusterState): Map<string, ViewComponent[]> {
  const compsByNode = new Map<string, ViewComponent[]>();
  for (const p of systemPods(state)) {
    if (p.owner.kind !== 'DaemonSet') continue;
    const list = compsByNode.get(p.node) ?? [];
    list.push({ name: p.component, pod: p.name, ready: p.ready, readyText: p.ready ? '1/1' : '0/1', status: p.status, processes: p.processes, ...(p.probe || p.reason ? { problem: p.probe ?? p.reason } : {}) });
    compsByNode.set(p.node, list);
  }
  return compsByNode;
}

/** Cards for these nodes (their pods read off the pod list: pod namespaces stay unbuilt). */
function viewNodes(state: ClusterState, list: readonly NodeInfo[], compsByNode: Map<string, ViewComponent[]>, opts: ModelOptions, podsOf?: Map<string, PodInfo[]>): ViewNode[] {
  const maxPods = opts.maxPods ?? 6;
  const keep = opts.keepPods ?? new Set<string>();
  const podsByNode = new Map<string, ViewPod[]>();
  const view = (p: PodInfo): ViewPod => ({ ns: p.ns, namespace: p.namespace, name: p.name, ip: p.ip, veth: p.hostVeth });
  if (podsOf) for (const n of list) podsByNode.set(n.name, (podsOf.get(n.name) ?? []).map(view));
  else
    for (const p of state.pods) {
      const pods = podsByNode.get(p.node) ?? [];
      pods.push(view(p));
      podsByNode.set(p.node, pods);
    }
  const rrIds = new Set(state.scenario.calicoNodes.filter((c) => c.bgp?.routeReflectorClusterID).map((c) => c.name));
  return list.map((n) => {
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

/** A big cluster's BGP: one line per pair of places (a node's card if it has one, else its group; a
 *  router) and kind, counting its sessions and how many are Established. The mesh is counted, not listed:
 *  N(N-1)/2 pairs of members, Established unless a stored view says otherwise (core/bgp view.ts); its lines
 *  join groups only when there are few groups, else the note counts it. */
function groupSessions(state: ClusterState, placeOf: (node: string) => string, groupOf: Map<string, string>, groupCount: number): { sessions: ViewSession[]; hidden: number; hiddenNotUp: number } {
  if (state.scenario.cluster.cni !== 'calico' || !state.bgp.running) return { sessions: [], hidden: 0, hiddenNotUp: 0 };
  const { bgp } = state;
  const members = bgp.meshEnabled ? bgp.mesh.map((m) => m.node) : [];
  const memberSet = new Set(members);
  const rr = new Set(state.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name));
  // stored views, both sides merged per pair (the worse state wins)
  const pairs = new Map<string, { a: string; b: string; mesh: boolean; state: ViewSession['state'] }>();
  for (const s of bgp.sessions) {
    const mesh = s.peerType === 'node-to-node mesh';
    const [a, b] = s.node < s.peerName ? [s.node, s.peerName] : [s.peerName, s.node];
    const key = `${mesh ? 'm' : 'p'}|${a}|${b}`;
    const prev = pairs.get(key);
    if (!prev || RANK[s.state] > RANK[prev.state]) pairs.set(key, { a, b, mesh, state: s.state });
  }
  const lines = new Map<string, ViewSession>();
  const add = (pa: string, pb: string, kind: SessionKind, n: number, up: number, state: ViewSession['state']) => {
    if (pa === pb || n <= 0) return;
    const [a, b] = pa < pb ? [pa, pb] : [pb, pa];
    const key = `${a}|${b}|${kind}`;
    const l = lines.get(key) ?? { a, b, kind, state: 'up', info: '', count: 0, up: 0 };
    l.count! += n;
    l.up! += up;
    if (RANK[state] > RANK[l.state]) l.state = state;
    lines.set(key, l);
  };
  const meshTotal = (members.length * (members.length - 1)) / 2;
  let meshNotUp = 0;
  let meshExtra = 0;
  const drawMesh = groupCount <= MAX_MESH_GROUPS;
  const perGroup = new Map<string, number>();
  if (drawMesh) for (const m of members) perGroup.set(groupOf.get(m) ?? m, (perGroup.get(groupOf.get(m) ?? m) ?? 0) + 1);
  const gs = [...perGroup.keys()];
  for (let i = 0; i < gs.length; i++) for (let j = i + 1; j < gs.length; j++) add(gs[i], gs[j], 'mesh', perGroup.get(gs[i])! * perGroup.get(gs[j])!, perGroup.get(gs[i])! * perGroup.get(gs[j])!, 'up');
  for (const p of pairs.values()) {
    if (p.mesh && memberSet.has(p.a) && memberSet.has(p.b)) {
      // one of the N(N-1)/2 counted as Established above: it is not
      if (p.state === 'up') continue;
      meshNotUp++;
      if (drawMesh) notUp(lines, groupOf.get(p.a) ?? p.a, groupOf.get(p.b) ?? p.b, p.state);
      continue;
    }
    if (p.mesh) {
      // a mesh view with a node that is not a running member (a node that is down): with the mesh lines,
      // between groups; else in the note
      if (drawMesh) add(groupOf.get(p.a) ?? p.a, groupOf.get(p.b) ?? p.b, 'mesh', 1, p.state === 'up' ? 1 : 0, p.state);
      else (meshExtra++, p.state !== 'up' && meshNotUp++);
      continue;
    }
    add(placeOf(p.a), placeOf(p.b), rr.has(p.a) || rr.has(p.b) ? 'reflector' : 'peer', 1, p.state === 'up' ? 1 : 0, p.state);
  }
  const sessions = [...lines.values()].sort((x, y) => (x.a + x.b + x.kind < y.a + y.b + y.kind ? -1 : 1));
  for (const l of sessions) l.info = `${l.up}/${l.count} Established`;
  return { sessions, hidden: drawMesh ? 0 : meshTotal + meshExtra, hiddenNotUp: drawMesh ? 0 : meshNotUp };
}

/** A mesh pair counted Established between two groups is not: one fewer up on their line, which is as
 *  bad as its worst pair. (Inside one group there is no line.) */
function notUp(lines: Map<string, ViewSession>, pa: string, pb: string, state: ViewSession['state']): void {
  const [a, b] = pa < pb ? [pa, pb] : [pb, pa];
  const l = lines.get(`${a}|${b}|mesh`);
  if (!l) return;
  l.up! -= 1;
  if (RANK[state] > RANK[l.state]) l.state = state;
}
