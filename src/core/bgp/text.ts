// The BGP views as the real tools print them, through core/render's renderers:
//   calicoctl node status      bgpStatus(state, node)
//   calicoctl get bgpconfig    bgpConfigText(state)
//   calicoctl get bgppeer      bgpPeerText(state)
//   calicoctl get node -o wide nodeWideText(state)
//   ss -antp | grep ESTAB | grep bird   ssText(state, node) (entries: ssEntries)
//   the convergence story      eventsText(events)
//
// `ss` needs numbers the lab cannot know, derived from documented hashes so they stay stable:
//   bird's pid      2000 + FNV-1a("bird:" + node) mod 2000          (seed 001 shows 2320–3517)
//   ephemeral port  32768 + FNV-1a(connector + ">" + listener) mod 28232   (Linux ip_local_port_range
//                   32768–60999; the same on both ends of a connection)
//   fd              8, 9, … in the order the sockets were opened: by SINCE, an accepted connection before
//                   one BIRD opened itself at the same time (a peer already running retries at once, BIRD's
//                   own connect waits its connect delay), then BIRD's protocol order. Seed 001 shows 8 first.

import type { ClusterState } from '../model/cluster';
import { nsIdNode } from '../model/kernel';
import { fnv1a_32 } from '../hash/fnv';
import { getBGPConfig, getBGPPeer, getNodeWide, nodeStatus, type NodeRow } from '../render/calicoctl';
import { ssBird, type SsEntry } from '../render/tools';
import type { BgpEvent } from './events';
import { modelOf } from './model';
import { globalAs } from './speakers';
import { sessionsOf } from './view';

export function birdPid(node: string): number {
  return 2000 + (fnv1a_32(`bird:${node}`) % 2000);
}

export function ephemeralPort(connector: string, listener: string): number {
  return 32768 + (fnv1a_32(`${connector}>${listener}`) % 28232);
}

/** `calicoctl node status` on `node`. */
export function bgpStatus(state: ClusterState, node: string): string {
  const ns = state.netns[nsIdNode(node)];
  if (!ns) throw new Error(`no node ${node}`);
  const info = state.nodes.find((n) => n.name === node);
  if (state.scenario.cluster.cni !== 'calico' || ns.down || !info?.address) {
    // calico-node is not there (Flannel), down with its node, or exited (no address autodetected)
    return nodeStatus([], { running: false, calicoRunning: false });
  }
  return nodeStatus(sessionsOf(state, node), { running: state.bgp.running, clockStart: state.scenario.cluster.clockStart });
}

export function bgpConfigText(state: ClusterState): string {
  return getBGPConfig(state.scenario.bgpConfigurations);
}

export function bgpPeerText(state: ClusterState): string {
  return getBGPPeer(state.scenario.bgpPeers);
}

/** `calicoctl get node -o wide`: the AS in parentheses when inherited; no BGP spec without BIRD. */
export function nodeWideText(state: ClusterState): string {
  const as0 = globalAs(state.scenario);
  const res = new Map(state.scenario.calicoNodes.map((c) => [c.name, c]));
  const rows: NodeRow[] = state.nodes.map((n) => ({
    name: n.name,
    asn: res.get(n.name)?.bgp?.asNumber,
    inheritedAsn: as0,
    ipv4: n.address ? `${n.address.ip}/${n.address.prefixLen}` : undefined,
    bgp: state.bgp.running && !!n.address,
  }));
  return getNodeWide(rows);
}

/** The Established BGP sockets of `node`'s BIRD, in fd order. */
export function ssEntries(state: ClusterState, node: string): SsEntry[] {
  const m = modelOf(state);
  const self = m.speakers.byName.get(node);
  if (!self || self.kind !== 'node' || !self.running) return [];
  const listenerOf = new Map<string, number>();
  for (const e of m.sessions.explicit) {
    if (!e.established) continue;
    const a = m.speakers.all[e.a];
    const b = m.speakers.all[e.b];
    listenerOf.set(`${a.name}|${e.peerAddress}`, e.listener);
    listenerOf.set(`${b.name}|${a.address}`, e.listener);
  }
  const rows = sessionsOf(state, node)
    .map((s, order) => ({ s, order }))
    .filter(({ s }) => s.info === 'Established')
    .map(({ s, order }) => {
      let listens: boolean;
      if (s.peerType === 'node-to-node mesh') listens = s.passive;
      else listens = listenerOf.get(`${node}|${s.peerAddress}`) === self.index;
      return { s, order, listens };
    });
  rows.sort((x, y) => x.s.since - y.s.since || Number(y.listens) - Number(x.listens) || x.order - y.order);
  const pid = birdPid(node);
  return rows.map(({ s, listens }, i) => {
    const eph = listens ? ephemeralPort(s.peerAddress, self.address) : ephemeralPort(self.address, s.peerAddress);
    return {
      local: self.address,
      localPort: listens ? 179 : eph,
      peer: s.peerAddress,
      peerPort: listens ? eph : 179,
      pid,
      fd: 8 + i,
    };
  });
}

export function ssText(state: ClusterState, node: string): string {
  return ssBird(ssEntries(state, node));
}

function ms(t: number): string {
  return `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, '0')}s`;
}

/** One line per event: `T  WHAT  details`. */
export function eventLine(e: BgpEvent): string {
  const t = ms(e.t).padStart(9);
  switch (e.type) {
    case 'OPEN':
      return `${t}  OPEN          ${e.from} (${e.fromAddress}) -> ${e.to} (${e.toAddress})  AS ${e.as}, hold ${e.holdTime}s, id ${e.routerId}`;
    case 'KEEPALIVE':
      return `${t}  KEEPALIVE     ${e.from} (${e.fromAddress}) -> ${e.to} (${e.toAddress})`;
    case 'NOTIFICATION':
      return `${t}  NOTIFICATION  ${e.from} (${e.fromAddress}) -> ${e.to} (${e.toAddress})  ${e.error}`;
    case 'UPDATE': {
      let extra = `next hop ${e.nextHop}, AS path [${e.asPath.join(' ')}]`;
      if (e.originatorId) extra += `, originator ${e.originatorId}`;
      if (e.clusterList) extra += `, cluster list [${e.clusterList.join(' ')}]`;
      return `${t}  UPDATE        ${e.from} -> ${e.to}  ${e.prefixes.join(' ')}  ${extra}`;
    }
    case 'WITHDRAW':
      return `${t}  WITHDRAW      ${e.from} -> ${e.to}  ${e.prefixes.join(' ')}`;
    case 'SESSION':
      return `${t}  SESSION       ${e.node} (${e.nodeAddress}) <-> ${e.peer} (${e.peerAddress})  ${e.state}${e.reason ? `: ${e.reason}` : ''}`;
    case 'FIB':
      return `${t}  FIB ${e.op === 'add' ? 'add' : 'del'}       ${e.node}: ${e.route}`;
  }
}

/** The events as text, one per line; `limit` stops early and says how many were left out. */
export function eventsText(events: Iterable<BgpEvent>, opts: { limit?: number } = {}): string {
  let out = '';
  let n = 0;
  let more = 0;
  for (const e of events) {
    if (opts.limit !== undefined && n >= opts.limit) {
      more++;
      continue;
    }
    out += eventLine(e) + '\n';
    n++;
  }
  if (more) out += `... ${more} more events\n`;
  if (!n && !more) out += 'no BGP changes\n';
  return out;
}
