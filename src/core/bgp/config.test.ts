// What confd writes into bird.cfg, checked on the protocol lists directly.
import { describe, expect, it } from 'vitest';
import { indexFaults } from '../faults';
import { peeringConfig } from './config';
import { buildSpeakers } from './speakers';
import { flatScenario, reflector } from '../../../test/support/bgp-labs';
import type { LabOptions } from '../../../test/support/bgp-labs';
import type { NodeInfo } from '../model/cluster';

function config(n: number, o: LabOptions, edit?: (s: ReturnType<typeof flatScenario>) => void) {
  const s = flatScenario(n, o);
  edit?.(s);
  // NodeInfo as resolve makes it: addresses autodetected, labels merged, cluster IDs from the Calico Nodes
  const res = new Map(s.calicoNodes.map((c) => [c.name, c]));
  const nodes: NodeInfo[] = s.topology.nodes.map((t) => ({
    name: t.name,
    ns: `node/${t.name}`,
    address: { ip: t.interfaces[0].ip.split('/')[0], prefixLen: 24, iface: 'eth0', method: 'first-found' },
    blocks: [],
    asNumber: res.get(t.name)?.bgp?.asNumber ?? 64512,
    routeReflectorClusterID: res.get(t.name)?.bgp?.routeReflectorClusterID,
    labels: { ...t.labels, ...(res.get(t.name)?.labels ?? {}) },
  }));
  const sp = buildSpeakers(s, nodes, 'bird', indexFaults([]));
  const c = peeringConfig(s, sp);
  const protos = (node: string) => (c.explicit.get(sp.byName.get(node)!.index) ?? []).map((p) => `${p.name}${p.rrClient ? ' rr client' : ''} as ${p.peerAs}`);
  return { c, protos, mesh: c.meshMembers.map((m) => m.name) };
}

describe('confd peerings', () => {
  it('leaves route reflectors out of the node-to-node mesh, both ways', () => {
    const { mesh, protos } = config(4, { calicoNodes: [reflector('node-04', '244.0.0.1', '10.0.0.14/24')] });
    expect(mesh).toEqual(['node-01', 'node-02', 'node-03']);
    expect(protos('node-04')).toEqual([]); // no BGPPeer: the reflector has no session at all
  });

  it('a selector BGPPeer configures both ends: Node_ protocols on the clients, `rr client` ones on the reflector', () => {
    const { protos } = config(3, {
      mesh: false,
      calicoNodes: [reflector('node-03', '244.0.0.1', '10.0.0.13/24')],
      peers: [{ name: 'to-rr', nodeSelector: '!has(route-reflector)', peerSelector: 'has(route-reflector)' }],
    });
    expect(protos('node-01')).toEqual(['Node_10_0_0_13 as 64512']);
    expect(protos('node-03')).toEqual(['Node_10_0_0_11 rr client as 64512', 'Node_10_0_0_12 rr client as 64512']);
  });

  it('a global BGPPeer with a peerSelector: Global_ protocols on every node (but the peer itself)', () => {
    const { protos } = config(3, { labels: { 'node-02': { edge: 'yes' } }, peers: [{ name: 'g', peerSelector: "edge == 'yes'" }] });
    expect(protos('node-01')).toEqual(['Global_10_0_0_12 as 64512']);
    expect(protos('node-03')).toEqual(['Global_10_0_0_12 as 64512']);
    // and the reverse peering back to every node (all(), as the BGPPeer has no node selector)
    expect(protos('node-02')).toEqual(['Node_10_0_0_11 as 64512', 'Node_10_0_0_13 as 64512']);
  });

  it('an eBGP peer with keepOriginalNextHop gets `next hop keep`; an iBGP one does not', () => {
    const s = config(2, {
      peers: [
        { name: 'ebgp', node: 'node-01', peerIP: '10.0.0.200', asNumber: 65000, keepOriginalNextHop: true },
        { name: 'ibgp', node: 'node-01', peerIP: '10.0.0.201', asNumber: 64512, keepOriginalNextHop: true },
      ],
    });
    const list = s.c.explicit.get(0)!;
    expect(list.map((p) => `${p.peerAddress} ${p.keepNextHop}`)).toEqual(['10.0.0.200 true', '10.0.0.201 false']);
  });

  it('reflectors sharing a cluster ID are not each other\'s clients; different IDs are', () => {
    const shared = config(3, {
      mesh: false,
      calicoNodes: [reflector('node-02', '244.0.0.1', '10.0.0.12/24'), reflector('node-03', '244.0.0.1', '10.0.0.13/24')],
      peers: [{ name: 'rr', nodeSelector: 'has(route-reflector)', peerSelector: 'has(route-reflector)' }],
    });
    expect(shared.protos('node-02')).toEqual(['Node_10_0_0_13 as 64512']);
    const split = config(3, {
      mesh: false,
      calicoNodes: [reflector('node-02', '244.0.0.1', '10.0.0.12/24'), reflector('node-03', '244.0.0.2', '10.0.0.13/24')],
      peers: [{ name: 'rr', nodeSelector: 'has(route-reflector)', peerSelector: 'has(route-reflector)' }],
    });
    expect(split.protos('node-02')).toEqual(['Node_10_0_0_13 rr client as 64512']);
  });
});

describe('confd peerings: peerIP BGPPeers (by hand from updatePeersV1 and bird.cfg.template)', () => {
  it('strips a :port, takes the cluster AS when asNumber is missing and says so once (W403)', () => {
    const { c, protos } = config(2, { peers: [{ name: 'tor', peerIP: '10.0.0.250:179' }] });
    expect(protos('node-01')).toEqual(['Global_10_0_0_250 as 64512']);
    expect(protos('node-02')).toEqual(['Global_10_0_0_250 as 64512']);
    expect(c.warnings).toEqual([
      { code: 'W403', message: 'BGPPeer tor has peerIP 10.0.0.250 but no asNumber: the lab assumes the cluster AS 64512', ref: 'BGPPeer/tor' },
    ]);
  });

  it('skips a peerIP that is not an address, without a warning', () => {
    const { c, protos } = config(2, { peers: [{ name: 'bad', node: 'node-01', peerIP: 'tor.example' }] });
    expect(protos('node-01')).toEqual([]);
    expect(c.warnings).toEqual([]);
  });

  it('a peerIP that is a Calico node of that AS peers back; of another AS it does not', () => {
    const same = config(2, { mesh: false, peers: [{ name: 'to-2', node: 'node-01', peerIP: '10.0.0.12', asNumber: 64512 }] });
    expect(same.protos('node-01')).toEqual(['Node_10_0_0_12 as 64512']);
    expect(same.protos('node-02')).toEqual(['Node_10_0_0_11 as 64512']);
    const other = config(2, { mesh: false, peers: [{ name: 'to-2', node: 'node-01', peerIP: '10.0.0.12', asNumber: 65000 }] });
    expect(other.protos('node-01')).toEqual(['Node_10_0_0_12 as 65000']);
    expect(other.protos('node-02')).toEqual([]);
  });

  it('warns (W404) when a BGPPeer doubles a mesh session, and keeps both protocols', () => {
    const { c, protos, mesh } = config(2, { peers: [{ name: 'dup', node: 'node-01', peerIP: '10.0.0.12', asNumber: 64512 }] });
    expect(mesh).toEqual(['node-01', 'node-02']);
    expect(protos('node-01')).toEqual(['Node_10_0_0_12 as 64512']);
    expect(c.warnings.map((w) => `${w.code} ${w.ref}`)).toEqual(['W404 BGPPeer/dup']);
    expect(c.warnings[0].message).toBe(
      'node node-01 peers with node-02 twice, in the node-to-node mesh and through BGPPeer dup (and maybe more pairs): BIRD runs both protocols to the same neighbour',
    );
  });

  it('a global peering hides a node-specific one to the same address; Global_ before Node_, each sorted by address as a string', () => {
    const { c, protos } = config(2, {
      peers: [
        { name: 'a-global', peerIP: '10.0.0.250', asNumber: 65000 },
        { name: 'b-node', node: 'node-01', peerIP: '10.0.0.250', asNumber: 65000 },
        { name: 'c-node', node: 'node-01', peerIP: '10.0.0.99', asNumber: 65000 },
        { name: 'd-node', node: 'node-01', peerIP: '10.0.0.100', asNumber: 65000 },
        { name: 'e-global', peerIP: '10.0.0.3', asNumber: 65000 },
      ],
    });
    expect(protos('node-01')).toEqual(['Global_10_0_0_250 as 65000', 'Global_10_0_0_3 as 65000', 'Node_10_0_0_100 as 65000', 'Node_10_0_0_99 as 65000']);
    expect(c.explicit.get(0)!.map((p) => p.source)).toEqual(['a-global', 'e-global', 'd-node', 'c-node']);
    expect(c.warnings).toEqual([]);
  });
});

describe('confd peerings: more edges', () => {
  it('strips the port before looking for the node to peer back', () => {
    const { protos } = config(2, { mesh: false, peers: [{ name: 'to-2', node: 'node-01', peerIP: '10.0.0.12:179', asNumber: 64512 }] });
    expect(protos('node-01')).toEqual(['Node_10_0_0_12 as 64512']);
    expect(protos('node-02')).toEqual(['Node_10_0_0_11 as 64512']);
  });

  it('sorts Global_ protocols by address even when the BGPPeers\' names say otherwise', () => {
    const { protos } = config(2, {
      peers: [
        { name: 'a', peerIP: '10.0.0.5', asNumber: 65000 },
        { name: 'b', peerIP: '10.0.0.250', asNumber: 65000 },
      ],
    });
    expect(protos('node-01')).toEqual(['Global_10_0_0_250 as 65000', 'Global_10_0_0_5 as 65000']);
  });

  it('a BGPPeer with neither peerSelector nor peerIP makes nothing; a node with no protocol has no entry', () => {
    const { c } = config(2, { peers: [{ name: 'empty', node: 'node-01' }] });
    expect(c.explicit.size).toBe(0);
    expect(c.warnings).toEqual([]);
  });

  it('one all()↔all() BGPPeer meets its own peerings in the reverse pass without warning (W402 is for two BGPPeers)', () => {
    const { c, protos } = config(3, { mesh: false, peers: [{ name: 'all', nodeSelector: 'all()', peerSelector: 'all()' }] });
    expect(protos('node-02')).toEqual(['Node_10_0_0_11 as 64512', 'Node_10_0_0_13 as 64512']);
    expect(c.warnings).toEqual([]);
  });

  it('warns once per BGPPeer, not once in all (W403, W404)', () => {
    const w403 = config(2, { peers: [{ name: 'tor1', peerIP: '10.0.0.250' }, { name: 'tor2', peerIP: '10.0.0.251' }] });
    expect(w403.c.warnings.map((w) => `${w.code} ${w.ref}`)).toEqual(['W403 BGPPeer/tor1', 'W403 BGPPeer/tor2']);
    const w404 = config(3, {
      peers: [
        { name: 'dup1', node: 'node-01', peerIP: '10.0.0.12', asNumber: 64512 },
        { name: 'dup2', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 },
      ],
    });
    expect(w404.c.warnings.map((w) => `${w.code} ${w.ref}`)).toEqual(['W404 BGPPeer/dup1', 'W404 BGPPeer/dup2']);
  });

  it('only the BGPConfiguration named default turns the mesh off', () => {
    const { mesh } = config(2, {}, (s) => s.bgpConfigurations.push({ name: 'node.node-01', nodeToNodeMeshEnabled: false }));
    expect(mesh).toEqual(['node-01', 'node-02']);
  });
});
