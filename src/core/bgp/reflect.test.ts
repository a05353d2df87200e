import { describe, expect, it } from 'vitest';
import { sessionCount, sessionsOf } from './index';
import { birdRoutes, blockOf, flat, reflector, reflectorPeer } from '../../../test/support/bgp-labs';
import { perTest } from '../../../test/support/perTest';
import type { ClusterState } from '../model/cluster';

const ADDR: Record<string, string> = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`node-0${i + 1}`, `10.0.0.${11 + i}`]));

/** Every remote block `node` has a BIRD route for, as "block via next hop". */
function learned(st: ClusterState, node: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of st.netns[`node/${node}`].routes) {
    if (r.owner === 'bird' && r.type === 'unicast') {
      const owner = st.nodes.find((n) => n.blocks.includes(r.dst))!.name;
      out[owner] = r.via!;
    }
  }
  return out;
}

const rr = (name: string, id = '244.0.0.1') => reflector(name, id, `${ADDR[name]}/24`);

describe('one route reflector', () => {
  const st = perTest(() => flat(5, { mesh: false, calicoNodes: [rr('node-05')], peers: [reflectorPeer] }));

  it('gives every client one "node specific" session (to the reflector) and the reflector one per client', () => {
    for (const n of ['node-01', 'node-02', 'node-03', 'node-04']) {
      expect(sessionsOf(st(), n).map((s) => `${s.peerAddress} ${s.peerType} ${s.info}`)).toEqual(['10.0.0.15 node specific Established']);
    }
    const mine = sessionsOf(st(), 'node-05');
    expect(mine.map((s) => s.peerAddress)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']);
    expect(mine.every((s) => s.rrClient && s.peerType === 'node specific')).toBe(true);
    expect(sessionCount(st())).toBe(4);
  });

  it('reflects client routes to the other clients with the next hop unchanged (the originating node)', () => {
    for (const n of ['node-01', 'node-02', 'node-03', 'node-04']) {
      const want: Record<string, string> = {};
      for (const o of ['node-01', 'node-02', 'node-03', 'node-04', 'node-05']) if (o !== n) want[o] = ADDR[o];
      expect(learned(st(), n)).toEqual(want);
    }
    expect(Object.keys(learned(st(), 'node-05'))).toHaveLength(4);
  });

  it('reflector failure without redundancy: the clients lose every other client route', () => {
    const down = flat(5, { mesh: false, calicoNodes: [rr('node-05')], peers: [reflectorPeer], faults: [{ name: 'rr', type: 'nodeDown', node: 'node-05' }] });
    for (const n of ['node-01', 'node-02', 'node-03', 'node-04']) {
      expect(birdRoutes(down, `node/${n}`)).toEqual([]);
      expect(sessionsOf(down, n)[0]).toMatchObject({ state: 'start', info: 'Active', infoDetail: 'Socket: No route to host' });
    }
  });
});

describe('two route reflectors', () => {
  const both = { calicoNodes: [rr('node-05'), rr('node-06')], peers: [reflectorPeer] };

  it('a shared cluster ID, every client peering with both: routes survive the loss of either reflector', () => {
    const st = flat(6, { mesh: false, ...both });
    expect(sessionsOf(st, 'node-01').map((s) => s.peerAddress)).toEqual(['10.0.0.15', '10.0.0.16']);
    // the reflectors peer with each other too (peerSelector matches both) — not as clients: same cluster ID
    const r5 = sessionsOf(st, 'node-05');
    expect(r5.find((s) => s.peerAddress === '10.0.0.16')).toMatchObject({ info: 'Established' });
    expect(r5.find((s) => s.peerAddress === '10.0.0.16')!.rrClient).toBeUndefined();
    expect(learned(st, 'node-01')).toEqual({ 'node-02': ADDR['node-02'], 'node-03': ADDR['node-03'], 'node-04': ADDR['node-04'], 'node-05': ADDR['node-05'], 'node-06': ADDR['node-06'] });
    for (const dead of ['node-05', 'node-06']) {
      const d = flat(6, { mesh: false, ...both, faults: [{ name: 'rr', type: 'nodeDown', node: dead }] });
      const alive = dead === 'node-05' ? 'node-06' : 'node-05';
      for (const n of ['node-01', 'node-02', 'node-03', 'node-04']) {
        const want: Record<string, string> = {};
        for (const o of ['node-01', 'node-02', 'node-03', 'node-04', alive]) if (o !== n) want[o] = ADDR[o];
        expect(learned(d, n)).toEqual(want);
      }
    }
  });

  const split = (id2: string) =>
    flat(6, {
      mesh: false,
      calicoNodes: [rr('node-05'), rr('node-06', id2)],
      labels: { 'node-01': { rack: 'x' }, 'node-02': { rack: 'x' }, 'node-03': { rack: 'y' }, 'node-04': { rack: 'y' }, 'node-05': { rr: '5' }, 'node-06': { rr: '6' } },
      peers: [
        { name: 'x-to-rr5', nodeSelector: "rack == 'x'", peerSelector: "rr == '5'" },
        { name: 'y-to-rr6', nodeSelector: "rack == 'y'", peerSelector: "rr == '6'" },
        { name: 'rr-mesh', nodeSelector: "has(route-reflector)", peerSelector: "has(route-reflector)" },
      ],
    });

  it('clients split between two reflectors with the SAME cluster ID: routes do not cross (cluster-list loop check)', () => {
    const st = split('244.0.0.1');
    expect(sessionsOf(st, 'node-01').map((s) => s.peerAddress)).toEqual(['10.0.0.15']);
    expect(sessionsOf(st, 'node-03').map((s) => s.peerAddress)).toEqual(['10.0.0.16']);
    // node-01 learns its own reflector's clients (and both reflectors' blocks), not node-03 / node-04
    expect(Object.keys(learned(st, 'node-01')).sort()).toEqual(['node-02', 'node-05', 'node-06']);
    expect(Object.keys(learned(st, 'node-03')).sort()).toEqual(['node-04', 'node-05', 'node-06']);
    // BIRD 1.6 accepts the reflected route on the non-client session (the reflector itself learns it) and
    // refuses to reflect it to clients of the same cluster
    expect(Object.keys(learned(st, 'node-06')).sort()).toEqual(['node-01', 'node-02', 'node-03', 'node-04', 'node-05']);
  });

  it('the same split with DIFFERENT cluster IDs: the reflectors are each other\'s clients and routes cross', () => {
    const st = split('244.0.0.2');
    const r5 = sessionsOf(st, 'node-05').find((s) => s.peerAddress === '10.0.0.16')!;
    expect(r5.rrClient).toBe(true);
    expect(learned(st, 'node-01')).toEqual({ 'node-02': ADDR['node-02'], 'node-03': ADDR['node-03'], 'node-04': ADDR['node-04'], 'node-05': ADDR['node-05'], 'node-06': ADDR['node-06'] });
  });
});
