// Property: in a random mesh or route-reflector topology where every client peers with at least one live
// reflector (reflectors either with their own cluster IDs, meshed with each other, or sharing one cluster ID
// with every client peering with all of them), every live node learns every other live node's block exactly
// once, with the originator as next hop; and the event stream ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BGPPeer, CalicoNode, Fault } from '../model/scenario';
import { countEvents, bgpEvents } from './index';
import { flat } from '../../../test/support/bgp-labs';

const SEED = 20260523;

interface Topo {
  n: number;
  mode: 'mesh' | 'distinct' | 'shared';
  reflectors: number[];
  down: number[];
  /** client index → chosen reflector positions (distinct mode) */
  choice: number[][];
}

const name = (i: number) => `node-${String(i + 1).padStart(2, '0')}`;
const addr = (i: number) => `10.0.0.${11 + i}`;

const topo: fc.Arbitrary<Topo> = fc
  .record({
    n: fc.integer({ min: 3, max: 12 }),
    mode: fc.constantFrom('mesh' as const, 'distinct' as const, 'shared' as const),
    k: fc.integer({ min: 1, max: 3 }),
    perm: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    downMask: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    picks: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 12, maxLength: 12 }),
  })
  .map(({ n, mode, k, perm, downMask, picks }) => {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (perm[a] % 97) - (perm[b] % 97) || a - b);
    const reflectors = mode === 'mesh' ? [] : order.slice(0, Math.min(k, n - 1)).sort((a, b) => a - b);
    // Down nodes: any node, but at least one reflector stays up.
    let down = Array.from({ length: n }, (_, i) => i).filter((i) => downMask[i] && (i * 7 + n) % 3 === 0);
    if (reflectors.length && reflectors.every((r) => down.includes(r))) down = down.filter((d) => d !== reflectors[0]);
    const live = reflectors.filter((r) => !down.includes(r));
    const choice = Array.from({ length: n }, (_, i) => {
      if (mode !== 'distinct' || reflectors.includes(i)) return [];
      const set = new Set(picks[i].map((p) => reflectors[p % reflectors.length]));
      if (!(([...set] as number[]).some((r) => live.includes(r)))) set.add(live[picks[i][0] % live.length]);
      return [...set].sort((a, b) => a - b);
    });
    return { n, mode, reflectors, down, choice };
  });

function build(t: Topo) {
  const calicoNodes: CalicoNode[] = t.reflectors.map((r, j) => ({
    name: name(r),
    labels: { 'route-reflector': 'true' },
    bgp: { ipv4Address: `${addr(r)}/24`, routeReflectorClusterID: t.mode === 'shared' ? '244.0.0.1' : `244.0.0.${j + 1}` },
  }));
  const peers: BGPPeer[] = [];
  if (t.mode === 'shared') peers.push({ name: 'all-to-rr', nodeSelector: 'all()', peerSelector: 'has(route-reflector)' });
  if (t.mode === 'distinct') {
    peers.push({ name: 'rr-mesh', nodeSelector: 'has(route-reflector)', peerSelector: 'has(route-reflector)' });
    t.choice.forEach((rs, c) => rs.forEach((r) => peers.push({ name: `c${c}-rr${r}`, node: name(c), peerIP: addr(r), asNumber: 64512 })));
  }
  const faults: Fault[] = t.down.map((d) => ({ name: `down-${d}`, type: 'nodeDown', node: name(d) }));
  return flat(t.n, { mesh: t.mode === 'mesh', calicoNodes, peers, faults });
}

describe(`BGP propagation (fast-check seed ${SEED})`, () => {
  it('every live node learns every live block exactly once, next hop = originator; events terminate', () => {
    fc.assert(
      fc.property(topo, (t) => {
        const st = build(t);
        expect(st.warnings.filter((w) => w.code === 'W405')).toEqual([]);
        const live = st.nodes.filter((_, i) => !t.down.includes(i));
        for (const v of live) {
          const routes = st.netns[v.ns].routes.filter((r) => r.owner === 'bird' && r.type === 'unicast');
          const want = live.filter((o) => o !== v).flatMap((o) => o.blocks.map((b) => `${b} via ${o.address!.ip}`));
          expect(routes.map((r) => `${r.dst} via ${r.via}`).sort()).toEqual(want.sort());
        }
        const c = countEvents(bgpEvents(undefined, st));
        expect(c.events).toBeGreaterThan(0);
        expect(c.FIB).toBe(live.length * (live.length - 1));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
