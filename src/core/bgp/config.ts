// What confd writes into each node's bird.cfg: which BGP protocols exist (calico v3.2x confd,
// backends/calico/client.go updatePeersV1 + templates/bird.cfg.template). Sessions come from configuration
// only — a protocol exists whether or not the peer answers.
//
//   Mesh_<ip>    every other Calico node, when the default BGPConfiguration leaves nodeToNodeMeshEnabled on;
//                nodes with a routeReflectorClusterID are left out of the mesh, both ways ("Skipping ... as it
//                is a route reflector"). Listed in peer hostname order (confd's lsdir is sorted).
//   Global_<ip>  a BGPPeer with neither node nor nodeSelector: on every node.
//   Node_<ip>    a BGPPeer with node or nodeSelector: on the selected nodes; and the reverse peerings confd
//                adds for symmetry: the nodes a peerSelector (or a peerIP that is a Calico node with that AS)
//                selects get a Node_ protocol back to every node of the nodeSelector/node (all() for a global
//                peer). That is how a reflector gets its client sessions.
// One protocol per peer address: confd keys peerings by (node, peer IP) and keeps the first it emits, all
// global ones before node-specific ones, and drops a node-specific peering to an IP a global peering already
// covers. Global_ then Node_ protocols are each sorted by peer address as a string (confd's sorted `gets`).
// `rr client; rr cluster id X` is set when this node has cluster ID X, the peer is in the same AS and the
// peer's cluster ID differs (a peer given by peerIP has none). `next hop keep` only on eBGP peers with
// keepOriginalNextHop. `passive on` only on mesh protocols, on the side whose address is lower as a string.

import type { Warning } from '../model/cluster';
import type { BGPPeer, Scenario } from '../model/scenario';
import { selectorMatches } from '../ipam/nodeSelector';
import { compareStrings, parseIp } from '../util/ipv4';
import { globalAs, type Speaker, type SpeakerTable } from './speakers';
import { ResolveError } from '../cni/errors';

/**
 * The most peerings the BGPPeers may ask for (each side of a session counted, the node-to-node mesh not: it
 * has its own fast path). 300 nodes under one all()↔all() BGPPeer are 180,000 and took seconds to expand;
 * 20,000 leaves room for every node of a 2,000-node cluster peering with a few reflectors or ToR routers.
 * Checked before any peering is made; listed with the scenario limits in core/scenario/README.md (Limits).
 */
export const BGP_LIMITS = { peerings: 20_000 } as const;

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Refuses (E122, on the BGPPeer asking for most) BGPPeers that would expand past BGP_LIMITS. */
function checkPeeringCount(peers: readonly BGPPeer[], nodeCount: number, matching: (sel: string) => Speaker[]): void {
  let total = 0;
  let worst: { name: string; n: number; path: string } | undefined;
  for (const r of peers) {
    const locals = r.nodeSelector ? matching(r.nodeSelector).length : r.node ? 1 : nodeCount;
    const targets = r.peerSelector ? matching(r.peerSelector).length : r.peerIP ? 1 : 0;
    // the peer side peers back (a peerIP that is a node does too: at most one node per address)
    const n = locals * targets * 2;
    total += n;
    if (!worst || n > worst.n) worst = { name: r.name, n, path: r.peerSelector ? 'spec.peerSelector' : 'spec' };
  }
  if (total > BGP_LIMITS.peerings && worst) {
    throw new ResolveError(
      'E122',
      `the BGPPeers ask for ${grouped(total)} peerings (${worst.name}: ${grouped(worst.n)}), more than the limit of ${grouped(BGP_LIMITS.peerings)}`,
      `BGPPeer/${worst.name}`,
      worst.path,
    );
  }
}

export interface Protocol {
  kind: 'global' | 'node';
  /** BIRD protocol name, e.g. Node_192_168_179_104 */
  name: string;
  peerAddress: string;
  /** the AS this side expects the peer to have (`neighbor X as N`) */
  peerAs: number;
  /** this node reflects to the peer: `rr client` */
  rrClient: boolean;
  keepNextHop: boolean;
  /** BGPPeer resource that produced the peering */
  source: string;
}

export interface PeeringConfig {
  meshEnabled: boolean;
  /** node speakers in the mesh (no cluster ID), in hostname order */
  meshMembers: Speaker[];
  /** explicit protocols of each node speaker (by index), in BIRD order */
  explicit: Map<number, Protocol[]>;
  warnings: Warning[];
}

interface V1Peer {
  ip: string;
  as: number;
  /** cluster ID of a peer that is a Calico node, 0 otherwise */
  clusterId: number;
  keepNextHop: boolean;
  source: string;
}

export function protocolName(prefix: string, ip: string): string {
  return `${prefix}_${ip.split('.').join('_')}`;
}

export function peeringConfig(scenario: Scenario, speakers: SpeakerTable): PeeringConfig {
  const warnings: Warning[] = [];
  const conf = scenario.bgpConfigurations.find((c) => c.name === 'default');
  const meshEnabled = conf?.nodeToNodeMeshEnabled ?? true;
  const nodes = speakers.all.slice(0, speakers.nodeCount);
  const meshMembers = meshEnabled ? nodes.filter((n) => n.clusterId === 0).sort((a, b) => compareStrings(a.name, b.name)) : [];
  const as0 = globalAs(scenario);

  const selected = new Map<string, Speaker[]>();
  const matching = (sel: string) => {
    let l = selected.get(sel);
    if (!l) selected.set(sel, (l = nodes.filter((n) => selectorMatches(sel, n.labels))));
    return l;
  };
  const asPeer = (n: Speaker, r: BGPPeer): V1Peer => ({ ip: n.address, as: n.as, clusterId: n.clusterId, keepNextHop: !!r.keepOriginalNextHop, source: r.name });

  // confd keys: "g|ip" for global peerings, "n|node|ip" for node-specific ones.
  const v1 = new Map<string, V1Peer>();
  const warned = new Set<string>();
  const warnOnce = (key: string, w: Warning) => {
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push(w);
  };
  const emit = (key: string, ip: string, p: V1Peer) => {
    const had = v1.get(key);
    if (had) {
      if (had.source !== p.source) {
        warnOnce(`W402 ${had.source} ${p.source}`, {
          code: 'W402',
          message: `BGPPeers ${had.source} and ${p.source} both peer ${key.startsWith('g|') ? 'every node' : key.split('|')[1]} with ${ip}: BIRD gets one protocol per peer address and confd keeps the first (here ${had.source}, by name; the real confd's choice follows Go map order)`,
          ref: `BGPPeer/${p.source}`,
        });
      }
      return;
    }
    if (key.startsWith('n|') && v1.has(`g|${ip}`)) return; // a global peering to that IP already covers it
    v1.set(key, p);
  };

  const peers = [...scenario.bgpPeers].sort((a, b) => compareStrings(a.name, b.name));
  checkPeeringCount(peers, nodes.length, matching);
  for (const globalPass of [true, false]) {
    for (const r of peers) {
      const isGlobal = !r.nodeSelector && !r.node;
      if (globalPass !== isGlobal) continue;
      const locals = r.nodeSelector ? matching(r.nodeSelector) : r.node ? nodes.filter((n) => n.name === r.node) : [];
      let targets: V1Peer[];
      if (r.peerSelector) targets = matching(r.peerSelector).map((n) => asPeer(n, r));
      else if (r.peerIP) {
        const ip = r.peerIP.replace(/:\d+$/, '');
        if (parseIp(ip) === undefined) continue;
        if (r.asNumber === undefined) {
          warnOnce(`W403 ${r.name}`, { code: 'W403', message: `BGPPeer ${r.name} has peerIP ${ip} but no asNumber: the lab assumes the cluster AS ${as0}`, ref: `BGPPeer/${r.name}` });
        }
        targets = [{ ip, as: r.asNumber ?? as0, clusterId: 0, keepNextHop: !!r.keepOriginalNextHop, source: r.name }];
      } else continue;
      for (const t of targets) {
        if (globalPass) emit(`g|${t.ip}`, t.ip, t);
        else for (const l of locals) emit(`n|${l.name}|${t.ip}`, t.ip, t);
      }
    }
  }
  // Reverse peerings: the nodes on the "peer" side of a BGPPeer peer back with its "node" side.
  for (const r of peers) {
    let locals: Speaker[];
    if (r.peerSelector) locals = matching(r.peerSelector);
    else if (r.peerIP) {
      const ip = r.peerIP.replace(/:\d+$/, '');
      const wantAs = r.asNumber ?? as0;
      locals = nodes.filter((n) => n.address === ip && n.as === wantAs);
    } else continue;
    if (!locals.length) continue;
    const others = r.nodeSelector ? matching(r.nodeSelector) : r.node ? nodes.filter((n) => n.name === r.node) : nodes;
    for (const o of others) for (const l of locals) emit(`n|${l.name}|${o.address}`, o.address, asPeer(o, r));
  }

  const global: V1Peer[] = [];
  const perNode = new Map<string, V1Peer[]>();
  for (const [key, p] of v1) {
    if (key.startsWith('g|')) global.push(p);
    else {
      const node = key.slice(2, key.lastIndexOf('|'));
      const l = perNode.get(node) ?? [];
      l.push(p);
      perNode.set(node, l);
    }
  }
  const byIp = (a: V1Peer, b: V1Peer) => compareStrings(a.ip, b.ip);
  global.sort(byIp);
  const explicit = new Map<number, Protocol[]>();
  const meshNames = new Set(meshMembers.map((m) => m.name));
  for (const n of nodes) {
    const mine = (perNode.get(n.name) ?? []).sort(byIp);
    const out: Protocol[] = [];
    for (const [kind, list] of [['global', global], ['node', mine]] as const) {
      for (const p of list) {
        if (p.ip === n.address) continue; // "Skipping ourselves"
        const ibgp = p.as === n.as;
        out.push({
          kind,
          name: protocolName(kind === 'global' ? 'Global' : 'Node', p.ip),
          peerAddress: p.ip,
          peerAs: p.as,
          rrClient: ibgp && n.clusterId !== 0 && p.clusterId !== n.clusterId,
          keepNextHop: !ibgp && p.keepNextHop,
          source: p.source,
        });
        const peerNode = speakers.byAddress.get(p.ip);
        if (meshNames.has(n.name) && peerNode && meshNames.has(peerNode.name)) {
          warnOnce(`W404 ${p.source}`, {
            code: 'W404',
            message: `node ${n.name} peers with ${peerNode.name} twice, in the node-to-node mesh and through BGPPeer ${p.source} (and maybe more pairs): BIRD runs both protocols to the same neighbour`,
            ref: `BGPPeer/${p.source}`,
          });
        }
      }
    }
    if (out.length) explicit.set(n.index, out);
  }
  return { meshEnabled, meshMembers, explicit, warnings };
}
