// BIRD 1.6's choice between two routes for one prefix (bgp_rte_better, proto/bgp/attrs.c), each rule on a lab
// where only that rule decides. Expected next hops and messages are worked out by hand from the rules
// (README "Behaviour"): shorter AS_PATH; eBGP over iBGP; lower router id; shorter CLUSTER_LIST; lower
// neighbour address. Flat labs: node-0N at 10.0.0.1N, router id = address; no mesh, BGPPeers by peerIP.
import { describe, expect, it } from 'vitest';
import type { BGPPeer, CalicoNode } from '../model/scenario';
import { bgpEvents } from './index';
import { birdRoutes, blockOf, flat, twoSubnetsScenario } from '../../../test/support/bgp-labs';
import { buildCluster } from '../resolve';
import { ipRoute } from '../render';

const as = (name: string, asNumber: number): CalicoNode => ({ name, labels: {}, bgp: { asNumber } });
const peer = (from: number, to: number, asNumber: number): BGPPeer => ({ name: `p${from}${to}`, node: `node-0${from}`, peerIP: `10.0.0.1${to}`, asNumber });

describe('route decision', () => {
  it('shorter AS_PATH first: node-03 takes node-02\'s block straight from node-02, not through node-01 (lower router id)', () => {
    // three ASes, every pair peers (eBGP): node-03 hears node-02's block as [65002] from node-02 (id .12) and as
    // [65001 65002] from node-01 (id .11); the shorter path wins before the router ids are compared
    const st = flat(3, {
      mesh: false,
      calicoNodes: [as('node-01', 65001), as('node-02', 65002), as('node-03', 65003)],
      peers: [peer(1, 2, 65002), peer(1, 3, 65003), peer(2, 3, 65003)],
    });
    expect(st.warnings.map((w) => w.code)).toEqual([]);
    for (const [n, others] of [['node-01', ['node-02', 'node-03']], ['node-02', ['node-01', 'node-03']], ['node-03', ['node-01', 'node-02']]] as const) {
      const want = others.map((o) => `${blockOf(st, o)} via 10.0.0.1${o.slice(-1)}`);
      expect(birdRoutes(st, `node/${n}`).sort(), n).toEqual(want.sort());
    }
    // the FIB of a direct pair always holds the owner; what shows the choice is what each node sends on: each
    // passes node-02's block to the one peer it did not get it from, its own AS prepended, itself as next hop
    const updates = [...bgpEvents(undefined, st)].filter((e) => e.type === 'UPDATE' && e.originator === 'node-02');
    expect(updates.map((e) => e.type === 'UPDATE' && `${e.from}->${e.to} [${e.asPath.join(' ')}] nh ${e.nextHop}`).sort()).toEqual(
      ['node-02->node-01 [65002] nh 10.0.0.12', 'node-02->node-03 [65002] nh 10.0.0.12', 'node-01->node-03 [65001 65002] nh 10.0.0.11', 'node-03->node-01 [65003 65002] nh 10.0.0.13'].sort(),
    );
  });

  it('eBGP over iBGP at equal AS_PATH length: node-01 keeps node-03\'s route from node-03 though node-02 (iBGP) has the lower router id', () => {
    // node-01 and node-02 are AS 64512 and peer with each other (iBGP); both peer with node-03 (AS 65003).
    // Each takes node-03's block from node-03 (eBGP) and passes it to the other over iBGP (a route learned
    // over eBGP may go to an iBGP peer), next hop kept: 10.0.0.13. Neither sends it back to node-03.
    const st = flat(3, {
      mesh: false,
      calicoNodes: [as('node-03', 65003)],
      peers: [peer(1, 2, 64512), peer(1, 3, 65003), peer(2, 3, 65003)],
    });
    expect(st.warnings.map((w) => w.code)).toEqual([]);
    expect(birdRoutes(st, 'node/node-01')).toContain(`${blockOf(st, 'node-03')} via 10.0.0.13`);
    const updates = [...bgpEvents(undefined, st)].filter((e) => e.type === 'UPDATE' && e.originator === 'node-03');
    expect(updates.map((e) => e.type === 'UPDATE' && `${e.from}->${e.to} [${e.asPath.join(' ')}] nh ${e.nextHop}`).sort()).toEqual(
      ['node-01->node-02 [65003] nh 10.0.0.13', 'node-02->node-01 [65003] nh 10.0.0.13', 'node-03->node-01 [65003] nh 10.0.0.13', 'node-03->node-02 [65003] nh 10.0.0.13'].sort(),
    );
  });

  it('lower router id at equal AS_PATH, both eBGP: the router keeps a2\'s copy of every block when a2 has the lowest address, though a1 peers first', () => {
    // router.test.ts's rack lab with a1 moved to 192.168.1.13: every node re-exports every block to the router
    // as [64512] with itself as next hop; the router (AS 65000) decides by router id (= the node's address)
    const s = twoSubnetsScenario({
      ipipMode: 'Never',
      routerAs: 65000,
      peers: [
        { name: 'rack-a-tor', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'rack-b-tor', nodeSelector: "rack == 'b'", peerIP: '192.168.2.1', asNumber: 65000 },
      ],
    });
    s.topology.nodes[0].interfaces[0].ip = '192.168.1.13/24';
    const st = buildCluster(s);
    const r = ipRoute(st.netns['router/r1']);
    for (const n of ['a1', 'a2', 'b1', 'b2']) expect(r).toContain(`${blockOf(st, n)} via 192.168.1.12 dev eth0 proto bird \n`);
  });
});
