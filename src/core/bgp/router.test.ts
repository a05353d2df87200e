// No encapsulation across a router: BIRD on each node learns the other subnet's blocks with the remote node as
// next hop and resolves it recursively through the router; the router must know the pod blocks itself.
import { describe, expect, it } from 'vitest';
import { walk } from '../walk';
import type { ClusterState } from '../model/cluster';
import { sessionsOf } from './index';
import { blockOf, twoSubnets } from '../../../test/support/bgp-labs';
import { ipRoute } from '../render';

const ping = (st: ClusterState, from: string, to: string) =>
  walk({ netns: st.netns, networks: st.scenario.topology.networks }, { from: { pod: `default/pod-${from}` }, to: { pod: `default/pod-${to}` }, protocol: 'icmp' });

const rackPeers = [
  { name: 'rack-a-tor', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
  { name: 'rack-b-tor', nodeSelector: "rack == 'b'", peerIP: '192.168.2.1', asNumber: 65000 },
];

describe('no-encap across a router', () => {
  it('without a BGP router: nodes route remote blocks via the router, which has no route for them: the walk fails', () => {
    const st = twoSubnets({ ipipMode: 'Never' });
    expect(ipRoute(st.netns['node/a1'])).toContain(`${blockOf(st, 'b1')} via 192.168.1.1 dev eth0 proto bird \n`);
    expect(st.netns['router/r1'].routes.some((r) => r.owner === 'bird')).toBe(false);
    expect(ping(st, 'a1', 'a2').verdict.kind).toBe('delivered');
    const res = ping(st, 'a1', 'b1');
    expect(res.verdict.kind).toBe('dropped');
    expect(res.verdict).toMatchObject({ at: expect.stringContaining('r1') });
  });

  it('with the router speaking BGP (each rack peers with its interface): every node re-exports every block with itself as next hop, and the router (BIRD, prefer older off) keeps the copy from the lowest router id — a1 — for all four', () => {
    const st = twoSubnets({ ipipMode: 'Never', routerAs: 65000, peers: rackPeers });
    expect(sessionsOf(st, 'a1').map((s) => `${s.peerAddress} ${s.peerType} ${s.info}`)).toEqual([
      '192.168.1.12 node-to-node mesh Established',
      '192.168.2.11 node-to-node mesh Established',
      '192.168.2.12 node-to-node mesh Established',
      '192.168.1.1 node specific Established',
    ]);
    const r = ipRoute(st.netns['router/r1']);
    for (const n of ['a1', 'a2', 'b1', 'b2']) expect(r).toContain(`${blockOf(st, n)} via 192.168.1.11 dev eth0 proto bird \n`);
    // a2's block: the router hands it to a1, which forwards on the same segment
    expect(ping(st, 'b1', 'a2').verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod-a2' });
    // b1's block: a1 routes it back to the router (its mesh route resolves through its gateway): a loop
    const loop = ping(st, 'a1', 'b1');
    expect(loop.verdict).toMatchObject({ kind: 'dropped', reason: 'ttl-exceeded' });
  });

  it('with keepOriginalNextHop the copies keep the owner as next hop (third-party next hop on the router\'s other segment): every block via its owner, pods reach each other', () => {
    const peers = rackPeers.map((p) => ({ ...p, keepOriginalNextHop: true }));
    const st = twoSubnets({ ipipMode: 'Never', routerAs: 65000, peers });
    const r = ipRoute(st.netns['router/r1']);
    expect(r).toContain(`${blockOf(st, 'a1')} via 192.168.1.11 dev eth0 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'a2')} via 192.168.1.12 dev eth0 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'b1')} via 192.168.2.11 dev eth1 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'b2')} via 192.168.2.12 dev eth1 proto bird \n`);
    expect(ping(st, 'a1', 'b1').verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod-b1' });
    expect(ping(st, 'b2', 'a2').verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod-a2' });
  });

  it('eBGP routes that come back from the router carry the nodes\' own AS and are dropped (AS_PATH loop): the FIB keeps the mesh routes', () => {
    const st = twoSubnets({ ipipMode: 'Never', routerAs: 65000, peers: rackPeers });
    const lines = st.netns['node/a1'].routes.filter((r) => r.owner === 'bird' && r.type === 'unicast');
    expect(lines.map((x) => `${x.dst} via ${x.via}`).sort()).toEqual(
      [`${blockOf(st, 'a2')} via 192.168.1.12`, `${blockOf(st, 'b1')} via 192.168.1.1`, `${blockOf(st, 'b2')} via 192.168.1.1`].sort(),
    );
  });

  it('with the mesh off and an AS per rack, nodes learn the other rack through the router (next hop: the router)', () => {
    const st = twoSubnets({
      ipipMode: 'Never',
      mesh: false,
      routerAs: 65000,
      peers: [
        { name: 'rack-a-tor', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'rack-b-tor', nodeSelector: "rack == 'b'", peerIP: '192.168.2.1', asNumber: 65000 },
      ],
      calicoNodes: [
        { name: 'a1', labels: {}, bgp: { asNumber: 65101 } },
        { name: 'a2', labels: {}, bgp: { asNumber: 65101 } },
        { name: 'b1', labels: {}, bgp: { asNumber: 65102 } },
        { name: 'b2', labels: {}, bgp: { asNumber: 65102 } },
      ],
    });
    const a1 = st.netns['node/a1'].routes.filter((r) => r.owner === 'bird' && r.type === 'unicast').map((r) => `${r.dst} via ${r.via}`);
    // a2 is in a1's own AS: its route through the router has AS 65101 in the path and is dropped
    expect(a1.sort()).toEqual([`${blockOf(st, 'b1')} via 192.168.1.1`, `${blockOf(st, 'b2')} via 192.168.1.1`].sort());
    expect(ping(st, 'a1', 'b2').verdict.kind).toBe('delivered');
  });

  it('an AS per rack, the mesh off, a VXLAN CrossSubnet pool: each node also exports the routes Felix programmed for the other blocks (no BGP route but the router\'s own), and the router keeps the copy from the lowest router id, a1, for all four', () => {
    const st = twoSubnets({
      ipipMode: 'Never',
      vxlanMode: 'CrossSubnet',
      backend: 'bird',
      mesh: false,
      routerAs: 65000,
      peers: rackPeers,
      calicoNodes: [
        { name: 'a1', labels: {}, bgp: { asNumber: 65101 } },
        { name: 'a2', labels: {}, bgp: { asNumber: 65101 } },
        { name: 'b1', labels: {}, bgp: { asNumber: 65102 } },
        { name: 'b2', labels: {}, bgp: { asNumber: 65102 } },
      ],
    });
    const r = ipRoute(st.netns['router/r1']);
    expect(r).toContain(`${blockOf(st, 'a1')} via 192.168.1.11 dev eth0 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'a2')} via 192.168.1.11 dev eth0 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'b1')} via 192.168.1.11 dev eth0 proto bird \n`);
    expect(r).toContain(`${blockOf(st, 'b2')} via 192.168.1.11 dev eth0 proto bird \n`);
  });
});
