import { describe, expect, it } from 'vitest';
import { bgpEvents, countEvents, type BgpEvent } from './index';
import { eventsText } from './text';
import { T_HOLD, T_OPEN } from './events';
import { blockOf, flat, flatScenario, reflector, reflectorPeer } from '../../../test/support/bgp-labs';
import { buildCluster } from '../resolve';

const rr = (name: string, address: string) => reflector(name, '244.0.0.1', `${address}/24`);

describe('bgpEvents from scratch', () => {
  it('a mesh of N: N(N-1)/2 sessions (2 OPEN + 2 KEEPALIVE each), one UPDATE per ordered pair, one FIB add per remote block', () => {
    for (const n of [2, 4, 7]) {
      const c = countEvents(bgpEvents(undefined, flat(n)));
      const pairs = (n * (n - 1)) / 2;
      expect(c).toMatchObject({ OPEN: 2 * pairs, KEEPALIVE: 2 * pairs, SESSION: pairs, UPDATE: n * (n - 1), WITHDRAW: 0, FIB: n * (n - 1) });
      expect(c.messages).toBe(4 * pairs + n * (n - 1));
    }
  });

  it('is ordered by time and lazy (nothing is computed before the first event is asked for)', () => {
    const st = flat(4);
    const it = bgpEvents(undefined, st);
    const first = it.next();
    expect(first.value).toMatchObject({ t: T_OPEN, type: 'OPEN' });
    const ts = [first.value!.t, ...[...it].map((e) => e.t)];
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });

  it('with one reflector: clients send to the reflector, the reflector reflects each route to the other clients', () => {
    const st = flat(5, { mesh: false, calicoNodes: [rr('node-05', '10.0.0.15')], peers: [reflectorPeer] });
    const ev = [...bgpEvents(undefined, st)];
    const c = countEvents(ev);
    // 4 sessions; UPDATEs: each client to the RR (4), the RR's own block to 4 clients, 4 client blocks × 3 other clients
    expect(c).toMatchObject({ OPEN: 8, SESSION: 4, UPDATE: 4 + 4 + 12, FIB: 5 * 4 });
    const reflected = ev.filter((e): e is Extract<BgpEvent, { type: 'UPDATE' }> => e.type === 'UPDATE' && !!e.clusterList);
    expect(reflected).toHaveLength(12);
    expect(reflected.every((e) => e.from === 'node-05' && e.clusterList!.join() === '244.0.0.1' && e.nextHop === e.originatorId)).toBe(true);
    expect(reflected[0].t).toBeGreaterThan(ev.find((e) => e.type === 'UPDATE' && e.to === 'node-05')!.t);
  });
});

describe('bgpEvents between states', () => {
  it('a node going down: its sessions drop at the hold timer, its routes leave every FIB, no message crosses', () => {
    const s = flatScenario(3);
    const before = buildCluster(s);
    s.faults = [{ name: 'n3', type: 'nodeDown', node: 'node-03' }];
    const after = buildCluster(s, { prev: before });
    const ev = [...bgpEvents(before, after)];
    expect(countEvents(ev)).toMatchObject({ SESSION: 2, FIB: 2, messages: 0 });
    expect(ev.every((e) => e.t >= T_HOLD)).toBe(true);
    expect(ev.filter((e) => e.type === 'FIB').map((e) => e.type === 'FIB' && `${e.node} ${e.op} ${e.route.split(' ')[0]}`)).toEqual([
      `node-01 del ${blockOf(before, 'node-03')}`,
      `node-02 del ${blockOf(before, 'node-03')}`,
    ]);
    // and back: OPENs after the connect delay, the node's routes re-announced, FIBs restored
    const back = countEvents(bgpEvents(after, before));
    expect(back).toMatchObject({ OPEN: 4, SESSION: 2, UPDATE: 4, FIB: 4, WITHDRAW: 0 });
  });

  it('a reflector failing with a redundant one: sessions drop, but no FIB changes (the other path was there)', () => {
    const s = flatScenario(6, { mesh: false, calicoNodes: [rr('node-05', '10.0.0.15'), rr('node-06', '10.0.0.16')], peers: [reflectorPeer] });
    const before = buildCluster(s);
    s.faults = [{ name: 'rr', type: 'nodeDown', node: 'node-05' }];
    const after = buildCluster(s, { prev: before });
    const c = countEvents(bgpEvents(before, after));
    // node-05's 5 sessions (4 clients + node-06) drop; node-05's own block leaves the 5 live FIBs, and node-06
    // withdraws the copy it had reflected; every other route was also there through node-06
    expect(c.SESSION).toBe(5);
    expect(c.FIB).toBe(5);
    expect(c.WITHDRAW).toBe(4);
    expect(c.UPDATE).toBe(0);
  });

  it('a block claimed by a new pod: one UPDATE per peer at once, and the FIB adds', () => {
    const s = flatScenario(3);
    const before = buildCluster(s);
    for (let i = 0; i < 64; i++) s.pods.push({ namespace: 'default', name: `extra-${i}`, nodeName: 'node-02', labels: {}, annotations: {}, containers: [{ name: 'c', ports: [] }] });
    const after = buildCluster(s, { prev: before });
    const ev = [...bgpEvents(before, after)];
    const c = countEvents(ev);
    expect(c).toMatchObject({ UPDATE: 2, OPEN: 0, SESSION: 0, FIB: 2 });
    const upd = ev.find((e) => e.type === 'UPDATE')!;
    expect(upd.type === 'UPDATE' && upd.prefixes).toEqual([after.nodes[1].blocks[1]]);
    expect(eventsText(ev.filter((e) => e.type === 'FIB')).split('\n')[0]).toMatch(/^ {3}0\.001s {2}FIB add {7}node-01: 10\.244\.\d+\.\d+\/26 via 10\.0\.0\.12 dev tunl0 proto bird onlink$/);
  });

  it('no change, no events', () => {
    const st = flat(3);
    expect([...bgpEvents(st, buildCluster(st.scenario, { prev: st }))]).toEqual([]);
    expect(eventsText([])).toBe('no BGP changes\n');
  });
});
