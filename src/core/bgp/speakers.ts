// Who speaks BGP: every Calico node with an address when the backend is BIRD (calico-node runs BIRD there),
// and every Topology router with `bgp: {asNumber}`. A speaker is indexed once; everything downstream works
// on indexes and typed arrays so a 1,000-node cluster stays cheap.

import type { NodeInfo } from '../model/cluster';
import type { Scenario } from '../model/scenario';
import { nsIdNode, nsIdRouter } from '../model/kernel';
import type { FaultIndex } from '../faults';
import { ipToNum, parseCidrLoose, numToIp } from '../util/ipv4';

export interface Speaker {
  index: number;
  kind: 'node' | 'router';
  name: string;
  ns: string;
  /** BGP address: the node's autodetected address; a router's first interface address (its router id) */
  address: string;
  /** router id as a number (the BGP identifier) */
  routerId: number;
  as: number;
  /** routeReflectorClusterID as a number, 0 when the node is no reflector */
  clusterId: number;
  clusterIdText?: string;
  labels: Record<string, string>;
  /** BIRD (or the router's BGP daemon) runs */
  running: boolean;
  /** seconds after the clock start its BIRD came up; negative when it was already running */
  up: number;
  /** every address sessions can target (a router has one per interface) */
  addresses: string[];
}

export function secondsOf(hms: string): number {
  const [h, m, s] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** A node's start time relative to the clock start, within ±12 h: a lab describing a later step (clock
 *  start = when its configuration took effect) keeps the nodes' earlier start times. */
export function relativeSeconds(at: string | undefined, clockStart: string | undefined): number {
  if (!at) return 0;
  const d = secondsOf(at) - secondsOf(clockStart ?? '00:00:00');
  return ((((d + 43200) % 86400) + 86400) % 86400) - 43200;
}

export function globalAs(scenario: Scenario): number {
  return scenario.bgpConfigurations.find((c) => c.name === 'default')?.asNumber ?? 64512;
}

export interface SpeakerTable {
  all: Speaker[];
  /** node speakers first, in node order */
  nodeCount: number;
  byName: Map<string, Speaker>;
  /** any session-target address → speaker */
  byAddress: Map<string, Speaker>;
}

export function buildSpeakers(scenario: Scenario, nodes: readonly NodeInfo[], backend: string, faults: FaultIndex): SpeakerTable {
  const all: Speaker[] = [];
  const clock = scenario.cluster.clockStart;
  const topoByName = new Map(scenario.topology.nodes.map((n) => [n.name, n]));
  const as0 = globalAs(scenario);
  if (backend === 'bird') {
    for (const n of nodes) {
      if (!n.address) continue;
      const cid = n.routeReflectorClusterID ? parseCidrLoose(n.routeReflectorClusterID)?.ip ?? 0 : 0;
      all.push({
        index: all.length,
        kind: 'node',
        name: n.name,
        ns: nsIdNode(n.name),
        address: n.address.ip,
        routerId: ipToNum(n.address.ip),
        as: n.asNumber ?? as0,
        clusterId: cid,
        clusterIdText: cid ? numToIp(cid) : undefined,
        labels: n.labels,
        running: !faults.nodeDown.has(n.name),
        up: relativeSeconds(topoByName.get(n.name)?.startedAt, clock),
        addresses: [n.address.ip],
      });
    }
  }
  const nodeCount = all.length;
  for (const r of scenario.topology.routers) {
    if (!r.bgp || !r.interfaces.length) continue;
    const addrs = r.interfaces.map((i) => i.ip.split('/')[0]);
    all.push({
      index: all.length,
      kind: 'router',
      name: r.name,
      ns: nsIdRouter(r.name),
      address: addrs[0],
      routerId: ipToNum(addrs[0]),
      as: r.bgp.asNumber,
      clusterId: 0,
      labels: {},
      running: !faults.routerDown.has(r.name),
      up: 0,
      addresses: addrs,
    });
  }
  const byName = new Map<string, Speaker>();
  const byAddress = new Map<string, Speaker>();
  for (const s of all) {
    if (s.kind === 'node' || !byName.has(s.name)) byName.set(s.name, s);
    for (const a of s.addresses) if (!byAddress.has(a)) byAddress.set(a, s);
  }
  return { all, nodeCount, byName, byAddress };
}
