// Property: route reflectors that share cluster IDs, with clients split between them and reflectors peering
// with reflectors of another cluster (each is then the other's client: Calico marks a peer `rr client` when
// its cluster ID differs from this node's), learn exactly the blocks that RFC 4456's rules let through.
//
// The expected routes come from a reference written here from RFC 4456 §8 and BIRD 1.6's decision process,
// not from the code under test: one AS, no mesh, every block originated by its node.
//   - a route learned from a non-client is reflected only to clients; one from a client (or originated) to all;
//     never back to the peer it came from;
//   - reflecting prepends the reflector's cluster ID to CLUSTER_LIST and keeps ORIGINATOR_ID;
//   - loop checks on an `rr client` session, both ways: a reflector does not send to a client a route whose
//     CLUSTER_LIST holds its own cluster ID (outbound), and refuses from a client a route whose CLUSTER_LIST
//     holds its own cluster ID (inbound); a router refuses a route carrying its own ORIGINATOR_ID;
//   - best route: shortest CLUSTER_LIST, then lowest neighbour address.
// The generator puts two reflectors of one cluster ID with no session between them and a reflector of
// another ID peering with both: that is the case where only the inbound check stops a route (the outbound
// one cannot see it, the list does not hold the sender's ID). Clients peering with one reflector of a shared
// ID only is the case for the outbound check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BGPPeer, CalicoNode } from '../model/scenario';
import { flat } from '../../../test/support/bgp-labs';

const SEED = 4456;

const name = (i: number) => `node-${String(i + 1).padStart(2, '0')}`;
const addr = (i: number) => 11 + i; // last octet of 10.0.0.x: the order of addresses and router IDs

interface Topo {
  /** cluster ID per reflector (1 or 2, as 244.0.0.N); index = node index */
  reflectors: number[];
  clients: number;
  /** reflector index pairs with a session */
  rrLinks: [number, number][];
  /** per client, the reflectors it peers with */
  clientLinks: number[][];
}

const topoArb: fc.Arbitrary<Topo> = fc
  .record({
    ids: fc.array(fc.constantFrom(1, 2), { minLength: 2, maxLength: 4 }),
    links: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    clients: fc.integer({ min: 1, max: 4 }),
    picks: fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ ids, links, clients, picks }) => {
    const k = ids.length;
    const pairs: [number, number][] = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
    const rrLinks = pairs.filter((_, n) => links[n]);
    const clientLinks = Array.from({ length: clients }, (_, c) => {
      const rs = Array.from({ length: k }, (_, r) => r).filter((r) => picks[c][r]);
      return rs.length ? rs : [c % k];
    });
    return { reflectors: ids, clients, rrLinks, clientLinks };
  });

/** Reflectors are node-01…, clients follow; every session is a BGPPeer from one node's id label to the other's. */
function build(t: Topo) {
  const k = t.reflectors.length;
  const n = k + t.clients;
  const calicoNodes: CalicoNode[] = t.reflectors.map((id, r) => ({
    name: name(r),
    labels: { 'route-reflector': 'true' },
    bgp: { ipv4Address: `10.0.0.${addr(r)}/24`, routeReflectorClusterID: `244.0.0.${id}` },
  }));
  const labels = Object.fromEntries(Array.from({ length: n }, (_, i) => [name(i), { id: `n${i}` }]));
  const peer = (a: number, b: number): BGPPeer => ({ name: `p-${a}-${b}`, nodeSelector: `id == 'n${a}'`, peerSelector: `id == 'n${b}'` });
  const peers = [...t.rrLinks.map(([a, b]) => peer(a, b)), ...t.clientLinks.flatMap((rs, c) => rs.map((r) => peer(k + c, r)))];
  return flat(n, { mesh: false, calicoNodes, peers, labels });
}

interface Route {
  clusters: number[];
  /** node it was learned from; -1 for the originator's own */
  from: number;
}

/** For each originator, which nodes end with a route to its block (RFC 4456 + BIRD's order, above).
 *  `off` switches one loop check off: only to show that the generator reaches each of them. */
function reference(t: Topo, off?: 'inbound' | 'outbound'): Set<string> {
  const k = t.reflectors.length;
  const n = k + t.clients;
  const cluster = (i: number) => (i < k ? t.reflectors[i] : 0);
  const nbrs: number[][] = Array.from({ length: n }, () => []);
  const link = (a: number, b: number) => {
    nbrs[a].push(b);
    nbrs[b].push(a);
  };
  t.rrLinks.forEach(([a, b]) => link(a, b));
  t.clientLinks.forEach((rs, c) => rs.forEach((r) => link(k + c, r)));
  // Calico: x reflects to y (`rr client`) when x has a cluster ID and y's differs
  const isClient = (x: number, y: number) => cluster(x) !== 0 && cluster(y) !== cluster(x);

  const learned = new Set<string>();
  for (let o = 0; o < n; o++) {
    let best: (Route | null)[] = Array.from({ length: n }, (_, i) => (i === o ? { clusters: [], from: -1 } : null));
    const offer = (u: number, v: number): number[] | null => {
      const r = best[u];
      if (!r || r.from === v || v === o) return null;
      let clusters = r.clusters;
      if (r.from !== -1) {
        // iBGP-learned: only reflection passes it on
        if (!isClient(u, r.from) && !isClient(u, v)) return null;
        if (off !== 'outbound' && isClient(u, v) && clusters.includes(cluster(u))) return null; // outbound loop check
        clusters = [cluster(u), ...clusters];
      }
      if (off !== 'inbound' && isClient(v, u) && clusters.includes(cluster(v))) return null; // inbound loop check
      return clusters;
    };
    for (let round = 0; round < 4 * n; round++) {
      const next = best.map((cur, v) => {
        if (v === o) return cur;
        let pick: Route | null = null;
        for (const u of [...nbrs[v]].sort((a, b) => addr(a) - addr(b))) {
          const c = offer(u, v);
          if (c && (!pick || c.length < pick.clusters.length)) pick = { clusters: c, from: u };
        }
        return pick;
      });
      const same = next.every((r, i) => (r === null) === (best[i] === null) && (!r || (r.from === best[i]!.from && r.clusters.join() === best[i]!.clusters.join())));
      best = next;
      if (same) break;
    }
    best.forEach((r, v) => {
      if (r && v !== o) learned.add(`${name(v)} ← ${name(o)}`);
    });
  }
  return learned;
}

function actual(t: Topo): Set<string> {
  const st = build(t);
  const out = new Set<string>();
  for (const v of st.nodes) {
    for (const r of st.netns[v.ns].routes) {
      if (r.owner !== 'bird' || r.type !== 'unicast') continue;
      const o = st.nodes.find((x) => x.blocks.includes(r.dst))!;
      // iBGP keeps the next hop: the originating node's address
      expect(r.via, `${v.name} ${r.dst}`).toBe(o.address!.ip);
      out.add(`${v.name} ← ${o.name}`);
    }
  }
  return out;
}

const sorted = (s: Set<string>) => [...s].sort();

describe('cluster IDs shared between reflectors', () => {
  it('two reflectors of cluster 1 without a session, both peering with a reflector of cluster 2: the inbound check keeps a client route of one from the other', () => {
    // node-01, node-02: cluster 1 (no session between them); node-03: cluster 2, peers with both;
    // node-04 is node-01's only client, node-05 node-02's.
    const t: Topo = { reflectors: [1, 1, 2], clients: 2, rrLinks: [[0, 2], [1, 2]], clientLinks: [[0], [1]] };
    const got = actual(t);
    // node-04's block: node-01 reflects it to node-03 with CLUSTER_LIST [1]; node-03 reflects it on to its
    // client node-02 as [2, 1] — node-02 refuses it (1 is its own ID), so neither it nor node-05 has it.
    expect(got.has('node-03 ← node-04')).toBe(true);
    expect(got.has('node-02 ← node-04')).toBe(false);
    expect(got.has('node-05 ← node-04')).toBe(false);
    // node-01's own block leaves without a CLUSTER_LIST: node-03 reflects it as [2], node-02 takes it
    expect(got.has('node-02 ← node-01')).toBe(true);
    expect(got.has('node-05 ← node-01')).toBe(true);
    expect(sorted(got)).toEqual(sorted(reference(t)));
  });

  it('a client of one of two reflectors of a shared cluster ID: the outbound check keeps its route from the other\'s clients', () => {
    // node-01 and node-02 share cluster 1 and peer (not as clients: same ID); node-03 peers with node-01 only,
    // node-04 with node-02 only.
    const t: Topo = { reflectors: [1, 1], clients: 2, rrLinks: [[0, 1]], clientLinks: [[0], [1]] };
    const got = actual(t);
    // node-03's block reaches node-02 as [1] over the non-client session; node-02 must not reflect it to its
    // client node-04, whose session carries cluster ID 1
    expect(got.has('node-02 ← node-03')).toBe(true);
    expect(got.has('node-04 ← node-03')).toBe(false);
    expect(sorted(got)).toEqual(sorted(reference(t)));
  });

  it(`random reflector sets (fast-check seed ${SEED}) learn what RFC 4456 lets through`, () => {
    let inbound = 0;
    let outbound = 0;
    fc.assert(
      fc.property(topoArb, (t) => {
        const want = reference(t);
        expect(sorted(actual(t))).toEqual(sorted(want));
        // count the runs where each loop check decides something (a route the other check would let in)
        if (reference(t, 'inbound').size !== want.size) inbound++;
        if (reference(t, 'outbound').size !== want.size) outbound++;
      }),
      { seed: SEED, numRuns: 120 },
    );
    // the generator reaches both loop checks, not just one example each
    expect(inbound).toBeGreaterThan(5);
    expect(outbound).toBeGreaterThan(5);
  });
});
