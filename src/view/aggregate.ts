// A big cluster's picture in groups: above AGGREGATE_ABOVE nodes the picture draws node groups (an L2
// segment, or a run of consecutive nodes of a segment too big for one card) with their counts, and only a
// few nodes as real cards: the packet's endpoints and the nodes it crosses, the route reflectors, and the
// members of the groups the viewer opened. BGP becomes one line per pair of places with a session count.
//
// Cheap on purpose (it runs on every pick and every opened group): it reads the node list, the pod list, the
// node namespaces' links and the BGP config, never a FIB and never a pod namespace (those are built on first
// read, see core/model/lazyNs.ts). Its output is plain data, so it can be built away from the page (a
// worker) and posted to it.

import type { ClusterState, NodeInfo } from '../core/model/cluster';
import type { LinkKind } from '../core/model/kernel';
import { parseIp, numToIp, maskOf } from '../core/util/ipv4';

/** Clusters of more nodes than this are drawn in groups (every preset and lab has at most 5). */
export const AGGREGATE_ABOVE = 40;
/** A segment with more nodes than this is cut into runs of consecutive nodes of at most this many, so an
 *  opened group is a page of cards the picture can hold. */
export const GROUP_MAX = 25;
/** Route reflectors drawn as their own cards (they are the hubs the group lines go to); more stay in
 *  their groups. */
export const MAX_RR_CARDS = 8;
/** Node-to-node mesh lines between groups are drawn only up to this many groups (else a note counts them). */
export const MAX_MESH_GROUPS = 6;

export interface ViewGroup {
  /** `group:<segment>:<n>` (n from 1); never a node name (Kubernetes names have no ':') */
  id: string;
  /** the L2 segment its members' first NIC is cabled to ('' for none) */
  network: string;
  /** member node names, Topology order */
  members: string[];
  /** first and last member's node address (no prefix), when they have one */
  addrFirst?: string;
  addrLast?: string;
  pods: number;
  /** IPAM blocks (Calico) / podCIDRs (Flannel) affine to the members */
  blocks: number;
  /** the prefix lengths the blocks have (sorted), and the smallest CIDR holding them all */
  blockPrefixes: number[];
  blockRange?: string;
  /** tunnel and bridge devices by name, with how many members have one */
  devices: { name: string; kind: LinkKind; count: number }[];
  /** every segment a member is cabled to (a cable each, from the card's bottom edge) */
  networks: string[];
  /** the install's DaemonSet pods: ready / total per DaemonSet */
  components: { name: string; ready: number; total: number }[];
  reflectors: number;
  down: number;
  /** the viewer opened it: every member is drawn as a card */
  open: boolean;
  /** members drawn as cards (open, endpoints, on the path, reflectors) */
  shown: string[];
}

const TUNNEL_KINDS: ReadonlySet<LinkKind> = new Set(['ipip', 'vxlan', 'bridge']);

export interface Grouping {
  groups: ViewGroup[];
  groupOf: Map<string, string>;
}

/** Splits n into k nearly equal runs (the first ones one longer), k = ceil(n / max). */
export function runSizes(n: number, max = GROUP_MAX): number[] {
  const k = Math.max(1, Math.ceil(n / max));
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}

/** The groups of a cluster and which group each node is in (none open, no member shown: see openGroups).
 *  `health`: each node's DaemonSet pods and whether they are ready. */
export function groupNodes(state: ClusterState, health?: ReadonlyMap<string, readonly { name: string; ready: boolean }[]>, podCount?: (node: string) => number): Grouping {
  const netOrder = state.scenario.topology.networks.map((n) => n.name);
  const bySegment = new Map<string, NodeInfo[]>();
  const nicsOf = new Map<string, string[]>();
  for (const n of state.nodes) {
    const links = state.netns[n.ns]?.links ?? [];
    const nets: string[] = [];
    for (const l of links) if (l.kind === 'ether' && l.network && !nets.includes(l.network)) nets.push(l.network);
    nicsOf.set(n.name, nets);
    const seg = nets[0] ?? '';
    if (!bySegment.has(seg)) bySegment.set(seg, []);
    bySegment.get(seg)!.push(n);
    if (seg && !netOrder.includes(seg)) netOrder.push(seg);
  }
  let pods = podCount;
  if (!pods) {
    const count = new Map<string, number>();
    for (const p of state.pods) count.set(p.node, (count.get(p.node) ?? 0) + 1);
    pods = (node) => count.get(node) ?? 0;
  }
  const rr = new Set(state.nodes.filter((n) => n.routeReflectorClusterID).map((n) => n.name));
  const groups: ViewGroup[] = [];
  const groupOf = new Map<string, string>();
  for (const seg of [...netOrder, '']) {
    const members = bySegment.get(seg);
    if (!members) continue;
    let at = 0;
    runSizes(members.length).forEach((size, i) => {
      const run = members.slice(at, at + size);
      at += size;
      const id = `group:${seg}:${i + 1}`;
      for (const n of run) groupOf.set(n.name, id);
      groups.push(summarise(state, id, seg, run, { podCount: pods!, nicsOf, rr, health }));
    });
  }
  return { groups, groupOf };
}

interface SummaryInput {
  podCount: (node: string) => number;
  nicsOf: Map<string, string[]>;
  rr: Set<string>;
  health?: ReadonlyMap<string, readonly { name: string; ready: boolean }[]>;
}

function summarise(state: ClusterState, id: string, network: string, run: NodeInfo[], x: SummaryInput): ViewGroup {
  let pods = 0;
  let blocks = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const prefixes = new Set<number>();
  const devices = new Map<string, { name: string; kind: LinkKind; count: number }>();
  const networks: string[] = [];
  const comps = new Map<string, { name: string; ready: number; total: number }>();
  let reflectors = 0;
  let down = 0;
  for (const n of run) {
    pods += x.podCount(n.name);
    for (const b of n.blocks) {
      const slash = b.indexOf('/');
      const len = Number(b.slice(slash + 1));
      const start = parseIp(b.slice(0, slash));
      if (slash < 0 || start === undefined || !(len >= 0 && len <= 32)) continue;
      blocks++;
      prefixes.add(len);
      lo = Math.min(lo, start);
      hi = Math.max(hi, start + 2 ** (32 - len) - 1);
    }
    const ns = state.netns[n.ns];
    for (const l of ns?.links ?? []) {
      if (!(TUNNEL_KINDS.has(l.kind) || (l.kind === 'ether' && !l.network))) continue;
      const d = devices.get(l.name) ?? { name: l.name, kind: l.kind, count: 0 };
      d.count++;
      devices.set(l.name, d);
    }
    for (const net of x.nicsOf.get(n.name) ?? []) if (!networks.includes(net)) networks.push(net);
    for (const c of x.health?.get(n.name) ?? []) {
      const e = comps.get(c.name) ?? { name: c.name, ready: 0, total: 0 };
      e.total++;
      if (c.ready) e.ready++;
      comps.set(c.name, e);
    }
    if (x.rr.has(n.name)) reflectors++;
    if (ns?.down) down++;
  }
  const first = run[0]?.address?.ip;
  const last = run[run.length - 1]?.address?.ip;
  return {
    id,
    network,
    members: run.map((n) => n.name),
    ...(first ? { addrFirst: first } : {}),
    ...(last ? { addrLast: last } : {}),
    pods,
    blocks,
    blockPrefixes: [...prefixes].sort((a, b) => a - b),
    ...(blocks ? { blockRange: coveringCidr(lo, hi) } : {}),
    devices: [...devices.values()],
    networks,
    components: [...comps.values()],
    reflectors,
    down,
    open: false,
    shown: [],
  };
}

/** The groups as the viewer sees them: the opened ones with every member as a card, the others with the
 *  members that are cards anyway (endpoints, the path, reflectors). */
export function openGroups(groups: readonly ViewGroup[], open: ReadonlySet<string>, shown: ReadonlySet<string>): ViewGroup[] {
  return groups.map((g) => {
    const isOpen = open.has(g.id);
    return { ...g, open: isOpen, shown: isOpen ? g.members : g.members.filter((m) => shown.has(m)) };
  });
}

/** The smallest CIDR holding the addresses lo..hi (numbers). */
export function coveringCidr(lo: number, hi: number): string {
  let len = 32;
  while (len > 0 && ((lo & maskOf(len)) >>> 0) !== ((hi & maskOf(len)) >>> 0)) len--;
  return `${numToIp((lo & maskOf(len)) >>> 0)}/${len}`;
}
