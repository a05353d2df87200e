import { describe, expect, it } from 'vitest';
import { bgpEvents, countEvents, type BgpEvent } from './index';
import { eventsText } from './text';
import { T_HOLD, T_OPEN } from './events';
import { blockOf, flat, flatScenario, reflector, reflectorPeer, twoSubnets, twoSubnetsScenario } from '../../../test/support/bgp-labs';
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
    const ev = [...bgpEvents(before, after)];
    const c = countEvents(ev);
    // every session still configured: no Cease, nothing moves before the hold timer (node-06's WITHDRAWs too)
    expect(c.NOTIFICATION).toBe(0);
    expect(ev.every((e) => e.t >= T_HOLD)).toBe(true);
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

// Whole stories, line by line, worked out from events.ts's header (times: Cease 1 ms, OPEN 2000, KEEPALIVE +1,
// SESSION +2, routes +3 and one ms per hop; hold timer 240 s) and BIRD's export rules; the blocks are whatever
// IPAM gave each node, read with blockOf.
describe('bgpEvents, every line', () => {
  const route = (block: string, via: string) => `${block} via ${via} dev tunl0 proto bird onlink`;

  it('a mesh of two from scratch: the higher address connects, then each node announces its block to the other', () => {
    const st = flat(2);
    const [b1, b2] = [blockOf(st, 'node-01'), blockOf(st, 'node-02')];
    expect(eventsText(bgpEvents(undefined, st))).toBe(
      [
        '   2.000s  OPEN          node-02 (10.0.0.12) -> node-01 (10.0.0.11)  AS 64512, hold 240s, id 10.0.0.12',
        '   2.000s  OPEN          node-01 (10.0.0.11) -> node-02 (10.0.0.12)  AS 64512, hold 240s, id 10.0.0.11',
        '   2.001s  KEEPALIVE     node-02 (10.0.0.12) -> node-01 (10.0.0.11)',
        '   2.001s  KEEPALIVE     node-01 (10.0.0.11) -> node-02 (10.0.0.12)',
        '   2.002s  SESSION       node-01 (10.0.0.11) <-> node-02 (10.0.0.12)  Established',
        `   2.003s  UPDATE        node-01 -> node-02  ${b1}  next hop 10.0.0.11, AS path []`,
        `   2.003s  FIB add       node-02: ${route(b1, '10.0.0.11')}`,
        `   2.003s  UPDATE        node-02 -> node-01  ${b2}  next hop 10.0.0.12, AS path []`,
        `   2.003s  FIB add       node-01: ${route(b2, '10.0.0.12')}`,
        '',
      ].join('\n'),
    );
  });

  it('the mesh switched off: Cease from the lower hostname of each pair, the sessions go, every BGP route leaves at once', () => {
    const s = flatScenario(3);
    const before = buildCluster(s);
    s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
    const after = buildCluster(s, { prev: before });
    const [b1, b2, b3] = ['node-01', 'node-02', 'node-03'].map((n) => blockOf(before, n));
    const cease = (a: string, b: string) => `   0.001s  NOTIFICATION  node-0${a} (10.0.0.1${a}) -> node-0${b} (10.0.0.1${b})  Cease (administrative shutdown)`;
    const down = (a: string, b: string) => `   0.001s  SESSION       node-0${a} (10.0.0.1${a}) <-> node-0${b} (10.0.0.1${b})  down: removed from the configuration`;
    const del = (n: string, block: string, via: string) => `   0.001s  FIB del       node-0${n}: ${route(block, `10.0.0.1${via}`)}`;
    expect(eventsText(bgpEvents(before, after))).toBe(
      [cease('1', '2'), cease('1', '3'), cease('2', '3'), down('1', '2'), down('1', '3'), down('2', '3'), del('2', b1, '1'), del('3', b1, '1'), del('1', b2, '2'), del('3', b2, '2'), del('1', b3, '3'), del('2', b3, '3'), ''].join('\n'),
    );
  });

  it('a node going down and coming back: hold timer with the reason its peers show, then OPEN, UPDATE and FIB again', () => {
    const s = flatScenario(3);
    const before = buildCluster(s);
    s.faults = [{ name: 'n3', type: 'nodeDown', node: 'node-03' }];
    const after = buildCluster(s, { prev: before });
    const [b1, b2, b3] = ['node-01', 'node-02', 'node-03'].map((n) => blockOf(before, n));
    expect(eventsText(bgpEvents(before, after))).toBe(
      [
        ' 240.000s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  down: hold timer expired: node node-03 is down',
        ' 240.000s  SESSION       node-02 (10.0.0.12) <-> node-03 (10.0.0.13)  down: hold timer expired: node node-03 is down',
        ` 240.000s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
        ` 240.000s  FIB del       node-02: ${route(b3, '10.0.0.13')}`,
        '',
      ].join('\n'),
    );
    const back = eventsText(bgpEvents(after, before)).split('\n');
    // the lower address listens: node-03 connects to both
    expect(back.slice(0, 2)).toEqual([
      '   2.000s  OPEN          node-03 (10.0.0.13) -> node-01 (10.0.0.11)  AS 64512, hold 240s, id 10.0.0.13',
      '   2.000s  OPEN          node-01 (10.0.0.11) -> node-03 (10.0.0.13)  AS 64512, hold 240s, id 10.0.0.11',
    ]);
    expect(back.slice(8)).toEqual([
      '   2.002s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  Established',
      '   2.002s  SESSION       node-02 (10.0.0.12) <-> node-03 (10.0.0.13)  Established',
      // only the new sessions carry UPDATEs: node-01 and node-02 already had each other's routes
      `   2.003s  UPDATE        node-01 -> node-03  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  FIB add       node-03: ${route(b1, '10.0.0.11')}`,
      `   2.003s  UPDATE        node-02 -> node-03  ${b2}  next hop 10.0.0.12, AS path []`,
      `   2.003s  FIB add       node-03: ${route(b2, '10.0.0.12')}`,
      `   2.003s  UPDATE        node-03 -> node-01  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  UPDATE        node-03 -> node-02  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  FIB add       node-01: ${route(b3, '10.0.0.13')}`,
      `   2.003s  FIB add       node-02: ${route(b3, '10.0.0.13')}`,
      '',
    ]);
  });

  it('eBGP to a router: the node prepends its AS and sets itself as next hop; the router prepends its own', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    const ev = [...bgpEvents(undefined, st)];
    const upd = (from: string, to: string) => ev.find((e): e is Extract<BgpEvent, { type: 'UPDATE' }> => e.type === 'UPDATE' && e.from === from && e.to === to && e.originator === 'a1');
    expect(upd('a1', 'r1')).toMatchObject({ t: 2003, prefixes: [blockOf(st, 'a1')], nextHop: '192.168.1.11', asPath: [64512], fromAddress: '192.168.1.11', toAddress: '192.168.1.1' });
    expect(upd('a1', 'r1')!.originatorId).toBeUndefined();
    expect(upd('a1', 'r1')!.clusterList).toBeUndefined();
    // one hop later, on to a2 on the same segment: next hop kept (a single-hop speaker on a1's own segment)
    expect(upd('r1', 'a2')).toMatchObject({ t: 2004, asPath: [65000, 64512], nextHop: '192.168.1.11', fromAddress: '192.168.1.1', toAddress: '192.168.1.12' });
    // OPENs carry each end's AS; the router listens (it accepts any neighbour)
    expect(ev.filter((e) => e.type === 'OPEN' && (e.from === 'a1' || e.to === 'a1')).map((e) => e.type === 'OPEN' && `${e.from}>${e.to} AS ${e.as} id ${e.routerId}`)).toEqual(['a1>r1 AS 64512 id 192.168.1.11', 'r1>a1 AS 65000 id 192.168.1.1']);
  });
});

describe('bgpEvents: partial updates, BGPPeer sessions, the gap of a switch to reflectors', () => {
  const route = (block: string, via: string) => `${block} via ${via} dev tunl0 proto bird onlink`;
  const text = (before: ReturnType<typeof flat> | undefined, after: ReturnType<typeof flat>) => eventsText(bgpEvents(before, after)).split('\n').slice(0, -1);

  it('a borrowed address leaving and coming back: WITHDRAW / UPDATE of that /32 alone, over the session that stays', () => {
    // one /26 pool: node-01 holds the block, node-02's pod borrows from it and node-02 exports the /32
    const s = flatScenario(2);
    s.ippools[0].cidr = '10.244.0.0/26';
    const withPod = buildCluster(s);
    const ip = withPod.pods.find((p) => p.node === 'node-02')!.ip;
    s.pods = s.pods.filter((p) => p.nodeName !== 'node-02');
    const without = buildCluster(s, { prev: withPod });
    // (ip route prints a host route without its /32)
    expect(text(withPod, without)).toEqual([`   0.001s  WITHDRAW      node-02 -> node-01  ${ip}/32`, `   0.001s  FIB del       node-01: ${route(ip, '10.0.0.12')}`]);
    expect(text(without, withPod)).toEqual([
      `   0.001s  UPDATE        node-02 -> node-01  ${ip}/32  next hop 10.0.0.12, AS path []`,
      `   0.001s  FIB add       node-01: ${route(ip, '10.0.0.12')}`,
    ]);
  });

  it('a BGPPeer session: opened like a mesh one (the higher address connects), closed with Cease when the BGPPeer goes', () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    const paired = buildCluster(s);
    const [b1, b3] = [blockOf(paired, 'node-01'), blockOf(paired, 'node-03')];
    expect(text(undefined, paired)).toEqual([
      '   2.000s  OPEN          node-03 (10.0.0.13) -> node-01 (10.0.0.11)  AS 64512, hold 240s, id 10.0.0.13',
      '   2.000s  OPEN          node-01 (10.0.0.11) -> node-03 (10.0.0.13)  AS 64512, hold 240s, id 10.0.0.11',
      '   2.001s  KEEPALIVE     node-03 (10.0.0.13) -> node-01 (10.0.0.11)',
      '   2.001s  KEEPALIVE     node-01 (10.0.0.11) -> node-03 (10.0.0.13)',
      '   2.002s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  Established',
      `   2.003s  UPDATE        node-01 -> node-03  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  FIB add       node-03: ${route(b1, '10.0.0.11')}`,
      `   2.003s  UPDATE        node-03 -> node-01  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  FIB add       node-01: ${route(b3, '10.0.0.13')}`,
    ]);
    s.bgpPeers = [];
    expect(text(paired, buildCluster(s, { prev: paired }))).toEqual([
      '   0.001s  NOTIFICATION  node-01 (10.0.0.11) -> node-03 (10.0.0.13)  Cease (administrative shutdown)',
      '   0.001s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  down: removed from the configuration',
      `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
    ]);
  });

  it('a BGPPeer session lost to a node going down: the hold timer, with the reason the live end shows', () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    const paired = buildCluster(s);
    const [b1, b3] = [blockOf(paired, 'node-01'), blockOf(paired, 'node-03')];
    s.faults = [{ name: 'd', type: 'nodeDown', node: 'node-03' }];
    expect(text(paired, buildCluster(s, { prev: paired }))).toEqual([
      ' 240.000s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  down: hold timer expired: node node-03 is down (node node-03 (10.0.0.13) is down)',
      ` 240.000s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
    ]);
    // node-01 down instead: only node-03 still shows the session, and its reason is told
    s.faults = [{ name: 'd', type: 'nodeDown', node: 'node-01' }];
    expect(text(paired, buildCluster(s, { prev: paired }))).toEqual([
      ' 240.000s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  down: hold timer expired: node node-01 is down (node node-01 (10.0.0.11) is down)',
      ` 240.000s  FIB del       node-03: ${route(b1, '10.0.0.11')}`,
    ]);
  });

  it('mesh off and a reflector in one edit: routes leave at once and come back through the reflector after its sessions open', () => {
    const s = flatScenario(3);
    const mesh = buildCluster(s);
    const [b1, b2, b3] = ['node-01', 'node-02', 'node-03'].map((n) => blockOf(mesh, n));
    s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
    s.calicoNodes.push(rr('node-03', '10.0.0.13'));
    s.bgpPeers.push(reflectorPeer);
    for (const n of s.topology.nodes) if (n.name === 'node-03') n.labels['route-reflector'] = 'true';
    const switched = buildCluster(s, { prev: mesh });
    const n = (k: number) => `node-0${k} (10.0.0.1${k})`;
    expect(text(mesh, switched)).toEqual([
      `   0.001s  NOTIFICATION  ${n(1)} -> ${n(2)}  Cease (administrative shutdown)`,
      `   0.001s  NOTIFICATION  ${n(1)} -> ${n(3)}  Cease (administrative shutdown)`,
      `   0.001s  NOTIFICATION  ${n(2)} -> ${n(3)}  Cease (administrative shutdown)`,
      `   0.001s  SESSION       ${n(1)} <-> ${n(2)}  down: removed from the configuration`,
      `   0.001s  SESSION       ${n(1)} <-> ${n(3)}  down: removed from the configuration`,
      `   0.001s  SESSION       ${n(2)} <-> ${n(3)}  down: removed from the configuration`,
      // the gap: every route's path lost its session, the new path waits for the reflector's sessions
      `   0.001s  FIB del       node-02: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-01: ${route(b2, '10.0.0.12')}`,
      `   0.001s  FIB del       node-03: ${route(b2, '10.0.0.12')}`,
      `   0.001s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
      `   0.001s  FIB del       node-02: ${route(b3, '10.0.0.13')}`,
      // both ends active, equal start times: the reflector (the higher address) connects
      `   2.000s  OPEN          ${n(3)} -> ${n(1)}  AS 64512, hold 240s, id 10.0.0.13`,
      `   2.000s  OPEN          ${n(1)} -> ${n(3)}  AS 64512, hold 240s, id 10.0.0.11`,
      `   2.000s  OPEN          ${n(3)} -> ${n(2)}  AS 64512, hold 240s, id 10.0.0.13`,
      `   2.000s  OPEN          ${n(2)} -> ${n(3)}  AS 64512, hold 240s, id 10.0.0.12`,
      `   2.001s  KEEPALIVE     ${n(3)} -> ${n(1)}`,
      `   2.001s  KEEPALIVE     ${n(1)} -> ${n(3)}`,
      `   2.001s  KEEPALIVE     ${n(3)} -> ${n(2)}`,
      `   2.001s  KEEPALIVE     ${n(2)} -> ${n(3)}`,
      `   2.002s  SESSION       ${n(1)} <-> ${n(3)}  Established`,
      `   2.002s  SESSION       ${n(2)} <-> ${n(3)}  Established`,
      `   2.003s  UPDATE        node-01 -> node-03  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  FIB add       node-03: ${route(b1, '10.0.0.11')}`,
      `   2.003s  UPDATE        node-02 -> node-03  ${b2}  next hop 10.0.0.12, AS path []`,
      `   2.003s  FIB add       node-03: ${route(b2, '10.0.0.12')}`,
      `   2.003s  UPDATE        node-03 -> node-01  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  UPDATE        node-03 -> node-02  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  FIB add       node-01: ${route(b3, '10.0.0.13')}`,
      `   2.003s  FIB add       node-02: ${route(b3, '10.0.0.13')}`,
      // one hop later the reflector passes each client's block to the other client (RFC 4456)
      `   2.004s  UPDATE        node-03 -> node-02  ${b1}  next hop 10.0.0.11, AS path [], originator 10.0.0.11, cluster list [244.0.0.1]`,
      `   2.004s  FIB add       node-02: ${route(b1, '10.0.0.11')}`,
      `   2.004s  UPDATE        node-03 -> node-01  ${b2}  next hop 10.0.0.12, AS path [], originator 10.0.0.12, cluster list [244.0.0.1]`,
      `   2.004s  FIB add       node-01: ${route(b2, '10.0.0.12')}`,
    ]);
  });

  it('thousands of events in one stage come in whole (a mesh of 65: 2,080 sessions)', () => {
    const c = countEvents(bgpEvents(undefined, flat(65)));
    expect(c).toEqual({ OPEN: 4160, KEEPALIVE: 4160, SESSION: 2080, UPDATE: 4160, WITHDRAW: 0, NOTIFICATION: 0, FIB: 4160, messages: 12480, events: 18720 });
  });
});

describe('bgpEvents: who connects, and sessions that never come up', () => {
  it('the lower address listens even when its hostname sorts later', () => {
    const s = flatScenario(2);
    s.topology.nodes[0].interfaces[0].ip = '10.0.0.12/24';
    s.topology.nodes[1].interfaces[0].ip = '10.0.0.11/24';
    const first = [...bgpEvents(undefined, buildCluster(s))].slice(0, 4);
    // the connector speaks first in each exchange, KEEPALIVEs too
    expect(eventsText(first)).toBe(
      [
        '   2.000s  OPEN          node-01 (10.0.0.12) -> node-02 (10.0.0.11)  AS 64512, hold 240s, id 10.0.0.12',
        '   2.000s  OPEN          node-02 (10.0.0.11) -> node-01 (10.0.0.12)  AS 64512, hold 240s, id 10.0.0.11',
        '   2.001s  KEEPALIVE     node-01 (10.0.0.12) -> node-02 (10.0.0.11)',
        '   2.001s  KEEPALIVE     node-02 (10.0.0.11) -> node-01 (10.0.0.12)',
        '',
      ].join('\n'),
    );
  });

  it('from scratch, only sessions that come up open: TCP 179 filtered between the racks leaves the two racks apart', () => {
    const f = { name: 'fw', type: 'filter' as const, filter: { between: ['net1', 'net2'] as [string, string], protocol: 'TCP' as const, port: 179 } };
    const c = countEvents(bgpEvents(undefined, twoSubnets({ faults: [f] })));
    // a1–a2 and b1–b2 only; each node's block goes to its rack neighbour
    expect(c).toMatchObject({ OPEN: 4, KEEPALIVE: 4, SESSION: 2, UPDATE: 4, FIB: 4 });
  });
});

describe('bgpEvents: a node joining and leaving the cluster', () => {
  const route = (block: string, via: string) => `${block} via ${via} dev tunl0 proto bird onlink`;

  it('a node that leaves: the others close their sessions to it (Cease) and drop its block', () => {
    const s = flatScenario(3);
    const three = buildCluster(s);
    const b3 = blockOf(three, 'node-03');
    s.topology.nodes = s.topology.nodes.filter((n) => n.name !== 'node-03');
    s.pods = s.pods.filter((p) => p.nodeName !== 'node-03');
    const two = buildCluster(s, { prev: three });
    expect(eventsText(bgpEvents(three, two))).toBe(
      [
        '   0.001s  NOTIFICATION  node-01 (10.0.0.11) -> node-03 (10.0.0.13)  Cease (administrative shutdown)',
        '   0.001s  NOTIFICATION  node-02 (10.0.0.12) -> node-03 (10.0.0.13)  Cease (administrative shutdown)',
        '   0.001s  SESSION       node-01 (10.0.0.11) <-> node-03 (10.0.0.13)  down: removed from the configuration',
        '   0.001s  SESSION       node-02 (10.0.0.12) <-> node-03 (10.0.0.13)  down: removed from the configuration',
        `   0.001s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
        `   0.001s  FIB del       node-02: ${route(b3, '10.0.0.13')}`,
        '',
      ].join('\n'),
    );
    // and joining again: sessions to the newcomer only, which connects (the highest address)
    const back = [...bgpEvents(two, three)];
    expect(countEvents(back)).toMatchObject({ OPEN: 4, SESSION: 2, UPDATE: 4, FIB: 4, NOTIFICATION: 0, WITHDRAW: 0 });
    expect(eventsText(back.slice(0, 1))).toBe('   2.000s  OPEN          node-03 (10.0.0.13) -> node-01 (10.0.0.11)  AS 64512, hold 240s, id 10.0.0.13\n');
  });
});

describe('bgpEvents: sessions that are configured but never Established, attributes that change', () => {
  it('a BGPPeer whose AS does not match the peer (Bad peer AS) opens nothing and carries no route', () => {
    const st = flat(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 65000 }] });
    expect(countEvents(bgpEvents(undefined, st))).toMatchObject({ OPEN: 0, SESSION: 0, UPDATE: 0, FIB: 0, events: 0 });
  });

  it('a BGPPeer to a router that does not speak BGP opens nothing', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    expect(countEvents(bgpEvents(undefined, st))).toMatchObject({ OPEN: 0, SESSION: 0, UPDATE: 0, events: 0 });
  });

  it('keepOriginalNextHop switched on: over the sessions that stay, a node re-sends the blocks it passes to the router with the owner as next hop', () => {
    const peers = [
      { name: 'rack-a-tor', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
      { name: 'rack-b-tor', nodeSelector: "rack == 'b'", peerIP: '192.168.2.1', asNumber: 65000 },
    ];
    const s = twoSubnetsScenario({ ipipMode: 'Never', routerAs: 65000, peers });
    const before = buildCluster(s);
    s.bgpPeers = peers.map((p) => ({ ...p, keepOriginalNextHop: true }));
    const after = buildCluster(s, { prev: before });
    const ev = [...bgpEvents(before, after)];
    expect(countEvents(ev)).toMatchObject({ OPEN: 0, SESSION: 0, NOTIFICATION: 0 });
    const toRouter = ev.filter((e): e is Extract<BgpEvent, { type: 'UPDATE' }> => e.type === 'UPDATE' && e.to === 'r1');
    // a2 passes a1's block on with a1's address now (it sent its own address before); a1's own block is unchanged
    expect(toRouter.find((e) => e.from === 'a2' && e.originator === 'a1')).toMatchObject({ prefixes: [blockOf(after, 'a1')], nextHop: '192.168.1.11', asPath: [64512] });
    expect(toRouter.find((e) => e.from === 'a1' && e.originator === 'a1')).toBeUndefined();
  });
});

// Routes learned over a session leave the FIB when that session goes (Cease or hold timer), wherever the
// route came from: a client's copy reflected by the reflector it lost goes with that session, not one hop
// later as if a WITHDRAW had carried it.
describe('bgpEvents: routes lost with the session they came over, reflectors changed', () => {
  const route = (block: string, via: string) => `${block} via ${via} dev tunl0 proto bird onlink`;
  const n = (k: number) => `node-0${k} (10.0.0.1${k})`;
  const text = (before: ReturnType<typeof flat>, after: ReturnType<typeof flat>) => eventsText(bgpEvents(before, after)).split('\n').slice(0, -1);

  it('reflector back to the mesh: the reflected copies go with the reflector sessions at 1 ms, the mesh brings every block back', () => {
    const s = flatScenario(3, { mesh: false, calicoNodes: [rr('node-03', '10.0.0.13')], peers: [reflectorPeer] });
    for (const x of s.topology.nodes) if (x.name === 'node-03') x.labels['route-reflector'] = 'true';
    const reflected = buildCluster(s);
    const [b1, b2, b3] = ['node-01', 'node-02', 'node-03'].map((x) => blockOf(reflected, x));
    s.bgpConfigurations = [];
    s.calicoNodes = [];
    s.bgpPeers = [];
    for (const x of s.topology.nodes) delete x.labels['route-reflector'];
    const mesh = buildCluster(s, { prev: reflected });
    expect(text(reflected, mesh)).toEqual([
      // each client's Node_ protocol to the reflector is gone; the client closes it
      `   0.001s  NOTIFICATION  ${n(1)} -> ${n(3)}  Cease (administrative shutdown)`,
      `   0.001s  NOTIFICATION  ${n(2)} -> ${n(3)}  Cease (administrative shutdown)`,
      `   0.001s  SESSION       ${n(1)} <-> ${n(3)}  down: removed from the configuration`,
      `   0.001s  SESSION       ${n(2)} <-> ${n(3)}  down: removed from the configuration`,
      // every BGP route was learned over one of those two sessions: all leave at once, the reflected ones
      // (node-02's copy of node-01's block, node-01's of node-02's) too
      `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-02: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-03: ${route(b2, '10.0.0.12')}`,
      `   0.001s  FIB del       node-01: ${route(b2, '10.0.0.12')}`,
      `   0.001s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
      `   0.001s  FIB del       node-02: ${route(b3, '10.0.0.13')}`,
      // three mesh sessions, the higher address of each pair connecting
      `   2.000s  OPEN          ${n(2)} -> ${n(1)}  AS 64512, hold 240s, id 10.0.0.12`,
      `   2.000s  OPEN          ${n(1)} -> ${n(2)}  AS 64512, hold 240s, id 10.0.0.11`,
      `   2.000s  OPEN          ${n(3)} -> ${n(1)}  AS 64512, hold 240s, id 10.0.0.13`,
      `   2.000s  OPEN          ${n(1)} -> ${n(3)}  AS 64512, hold 240s, id 10.0.0.11`,
      `   2.000s  OPEN          ${n(3)} -> ${n(2)}  AS 64512, hold 240s, id 10.0.0.13`,
      `   2.000s  OPEN          ${n(2)} -> ${n(3)}  AS 64512, hold 240s, id 10.0.0.12`,
      `   2.001s  KEEPALIVE     ${n(2)} -> ${n(1)}`,
      `   2.001s  KEEPALIVE     ${n(1)} -> ${n(2)}`,
      `   2.001s  KEEPALIVE     ${n(3)} -> ${n(1)}`,
      `   2.001s  KEEPALIVE     ${n(1)} -> ${n(3)}`,
      `   2.001s  KEEPALIVE     ${n(3)} -> ${n(2)}`,
      `   2.001s  KEEPALIVE     ${n(2)} -> ${n(3)}`,
      `   2.002s  SESSION       ${n(1)} <-> ${n(2)}  Established`,
      `   2.002s  SESSION       ${n(1)} <-> ${n(3)}  Established`,
      `   2.002s  SESSION       ${n(2)} <-> ${n(3)}  Established`,
      // all new sessions: each node sends its block to both others, no originator or cluster list
      `   2.003s  UPDATE        node-01 -> node-02  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  UPDATE        node-01 -> node-03  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  FIB add       node-02: ${route(b1, '10.0.0.11')}`,
      `   2.003s  FIB add       node-03: ${route(b1, '10.0.0.11')}`,
      `   2.003s  UPDATE        node-02 -> node-01  ${b2}  next hop 10.0.0.12, AS path []`,
      `   2.003s  UPDATE        node-02 -> node-03  ${b2}  next hop 10.0.0.12, AS path []`,
      `   2.003s  FIB add       node-01: ${route(b2, '10.0.0.12')}`,
      `   2.003s  FIB add       node-03: ${route(b2, '10.0.0.12')}`,
      `   2.003s  UPDATE        node-03 -> node-01  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  UPDATE        node-03 -> node-02  ${b3}  next hop 10.0.0.13, AS path []`,
      `   2.003s  FIB add       node-01: ${route(b3, '10.0.0.13')}`,
      `   2.003s  FIB add       node-02: ${route(b3, '10.0.0.13')}`,
    ]);
  });

  it('the only reflector down: every client loses every route when its hold timer expires, reflected ones included', () => {
    const s = flatScenario(4, { mesh: false, calicoNodes: [rr('node-04', '10.0.0.14')], peers: [reflectorPeer] });
    const up = buildCluster(s);
    const [b1, b2, b3, b4] = ['node-01', 'node-02', 'node-03', 'node-04'].map((x) => blockOf(up, x));
    s.faults = [{ name: 'rr', type: 'nodeDown', node: 'node-04' }];
    const hold = (k: number) => ` 240.000s  SESSION       ${n(k)} <-> ${n(4)}  down: hold timer expired: node node-04 is down (node node-04 (10.0.0.14) is down)`;
    const del = (k: number, block: string, via: number) => ` 240.000s  FIB del       node-0${k}: ${route(block, `10.0.0.1${via}`)}`;
    expect(text(up, buildCluster(s, { prev: up }))).toEqual([
      hold(1),
      hold(2),
      hold(3),
      // no message crosses: the clients had nothing but the reflector's sessions
      del(2, b1, 1),
      del(3, b1, 1),
      del(1, b2, 2),
      del(3, b2, 2),
      del(1, b3, 3),
      del(2, b3, 3),
      del(1, b4, 4),
      del(2, b4, 4),
      del(3, b4, 4),
    ]);
  });

  it('the lowest address down in a mesh: its peers are the connecting ends, so their reason names the failed connect', () => {
    const s = flatScenario(3);
    const up = buildCluster(s);
    const b1 = blockOf(up, 'node-01');
    s.faults = [{ name: 'n1', type: 'nodeDown', node: 'node-01' }];
    const hold = (k: number) => ` 240.000s  SESSION       ${n(1)} <-> ${n(k)}  down: hold timer expired: node node-01 is down (node node-01 (10.0.0.11) is down)`;
    expect(text(up, buildCluster(s, { prev: up }))).toEqual([hold(2), hold(3), ` 240.000s  FIB del       node-02: ${route(b1, '10.0.0.11')}`, ` 240.000s  FIB del       node-03: ${route(b1, '10.0.0.11')}`]);
  });

  it("the reflector's cluster ID changed: over the sessions that stay it re-sends only the reflected routes, with the new CLUSTER_LIST", () => {
    const s = flatScenario(5, { mesh: false, calicoNodes: [rr('node-05', '10.0.0.15')], peers: [reflectorPeer] });
    const before = buildCluster(s);
    const blocks = [1, 2, 3, 4].map((k) => blockOf(before, `node-0${k}`));
    s.calicoNodes = [reflector('node-05', '244.0.0.2', '10.0.0.15/24')];
    const after = buildCluster(s, { prev: before });
    const lines = text(before, after);
    // the clients' own blocks to the reflector and the reflector's own block carry no CLUSTER_LIST: unchanged,
    // not re-sent; the 4 × 3 reflected routes are, one hop after the change; no FIB moves (same next hops)
    const expected: string[] = [];
    for (let o = 1; o <= 4; o++) {
      for (let to = 1; to <= 4; to++) {
        if (to !== o) expected.push(`   0.002s  UPDATE        node-05 -> node-0${to}  ${blocks[o - 1]}  next hop 10.0.0.1${o}, AS path [], originator 10.0.0.1${o}, cluster list [244.0.0.2]`);
      }
    }
    expect([...lines].sort()).toEqual(expected.sort());
  });

  it('a router down: the nodes\' sessions to it drop at the hold timer, not with a Cease (the BGPPeer is still configured)', () => {
    const s = twoSubnetsScenario({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [
        { name: 'rack-a-tor', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'rack-b-tor', nodeSelector: "rack == 'b'", peerIP: '192.168.2.1', asNumber: 65000 },
      ],
    });
    const up = buildCluster(s);
    s.faults = [{ name: 'r', type: 'routerDown', router: 'r1' }];
    const ev = [...bgpEvents(up, buildCluster(s, { prev: up }))];
    expect(countEvents(ev)).toMatchObject({ NOTIFICATION: 0, SESSION: 4 });
    expect(ev.filter((e) => e.type === 'SESSION').map((e) => e.t)).toEqual([T_HOLD, T_HOLD, T_HOLD, T_HOLD]);
  });
});

describe('bgpEvents: nodes leaving the cluster or the mesh, paths that change without a gap', () => {
  const route = (block: string, via: string) => `${block} via ${via} dev tunl0 proto bird onlink`;
  const n = (k: number) => `node-0${k} (10.0.0.1${k})`;
  const text = (before: ReturnType<typeof flat>, after: ReturnType<typeof flat>) => eventsText(bgpEvents(before, after)).split('\n').slice(0, -1);
  const cease = (a: number, b: number) => `   0.001s  NOTIFICATION  ${n(a)} -> ${n(b)}  Cease (administrative shutdown)`;
  const removed = (a: number, b: number) => `   0.001s  SESSION       ${n(a)} <-> ${n(b)}  down: removed from the configuration`;
  const leave = (s: ReturnType<typeof flatScenario>, node: string) => {
    s.topology.nodes = s.topology.nodes.filter((x) => x.name !== node);
    s.pods = s.pods.filter((p) => p.nodeName !== node);
  };

  it('node-01 leaves the mesh: the two that stay drop their Mesh_ protocol to it, so they send the Cease', () => {
    const s = flatScenario(3);
    const three = buildCluster(s);
    const b1 = blockOf(three, 'node-01');
    leave(s, 'node-01');
    expect(text(three, buildCluster(s, { prev: three }))).toEqual([cease(2, 1), cease(3, 1), removed(1, 2), removed(1, 3), `   0.001s  FIB del       node-02: ${route(b1, '10.0.0.11')}`, `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`]);
  });

  it("a BGPPeer's node leaves: the peer's reverse protocol goes with it, and the peer closes", () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    const paired = buildCluster(s);
    const b1 = blockOf(paired, 'node-01');
    leave(s, 'node-01');
    expect(text(paired, buildCluster(s, { prev: paired }))).toEqual([cease(3, 1), removed(1, 3), `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`]);
  });

  it('a node made a reflector with the mesh on leaves the mesh both ways: Cease on its two sessions, its routes and theirs go', () => {
    const s = flatScenario(3);
    const mesh = buildCluster(s);
    const [b1, b2, b3] = ['node-01', 'node-02', 'node-03'].map((x) => blockOf(mesh, x));
    s.calicoNodes.push(rr('node-03', '10.0.0.13'));
    // node-01 <-> node-02 stays: their routes to each other do not move
    expect(text(mesh, buildCluster(s, { prev: mesh }))).toEqual([
      cease(1, 3),
      cease(2, 3),
      removed(1, 3),
      removed(2, 3),
      `   0.001s  FIB del       node-03: ${route(b1, '10.0.0.11')}`,
      `   0.001s  FIB del       node-03: ${route(b2, '10.0.0.12')}`,
      `   0.001s  FIB del       node-01: ${route(b3, '10.0.0.13')}`,
      `   0.001s  FIB del       node-02: ${route(b3, '10.0.0.13')}`,
    ]);
  });

  it('the mesh switched on beside a reflector: the clients get a direct session, send each other their blocks, and no FIB line moves', () => {
    const s = flatScenario(3, { mesh: false, calicoNodes: [rr('node-03', '10.0.0.13')], peers: [reflectorPeer] });
    for (const x of s.topology.nodes) if (x.name === 'node-03') x.labels['route-reflector'] = 'true';
    const reflected = buildCluster(s);
    const [b1, b2] = ['node-01', 'node-02'].map((x) => blockOf(reflected, x));
    s.bgpConfigurations = [];
    // the reflector stays out of the mesh; the reflected copy was already in each client's FIB with the same
    // next hop, and the old path is still up: no gap, no FIB change; node-01 does not pass node-02's block
    // back, nor the reflector's (iBGP-learned) block to node-02
    expect(text(reflected, buildCluster(s, { prev: reflected }))).toEqual([
      `   2.000s  OPEN          ${n(2)} -> ${n(1)}  AS 64512, hold 240s, id 10.0.0.12`,
      `   2.000s  OPEN          ${n(1)} -> ${n(2)}  AS 64512, hold 240s, id 10.0.0.11`,
      `   2.001s  KEEPALIVE     ${n(2)} -> ${n(1)}`,
      `   2.001s  KEEPALIVE     ${n(1)} -> ${n(2)}`,
      `   2.002s  SESSION       ${n(1)} <-> ${n(2)}  Established`,
      `   2.003s  UPDATE        node-01 -> node-02  ${b1}  next hop 10.0.0.11, AS path []`,
      `   2.003s  UPDATE        node-02 -> node-01  ${b2}  next hop 10.0.0.12, AS path []`,
    ]);
  });

  it('a node with two blocks down: both blocks leave both peers\' FIBs at the hold timer', () => {
    const s = flatScenario(3);
    for (let i = 0; i < 64; i++) s.pods.push({ namespace: 'default', name: `extra-${i}`, nodeName: 'node-02', labels: {}, annotations: {}, containers: [{ name: 'c', ports: [] }] });
    const up = buildCluster(s);
    const [x, y] = up.nodes.find((v) => v.name === 'node-02')!.blocks;
    expect(y).toBeDefined();
    s.faults = [{ name: 'n2', type: 'nodeDown', node: 'node-02' }];
    const del = (k: number, block: string) => ` 240.000s  FIB del       node-0${k}: ${route(block, '10.0.0.12')}`;
    expect(text(up, buildCluster(s, { prev: up }))).toEqual([
      // node-01 (the lower address) was the listener: it waits; node-03 was connecting and fails
      ` 240.000s  SESSION       ${n(1)} <-> ${n(2)}  down: hold timer expired: node node-02 is down`,
      ` 240.000s  SESSION       ${n(2)} <-> ${n(3)}  down: hold timer expired: node node-02 is down (node node-02 (10.0.0.12) is down)`,
      del(1, x),
      del(1, y),
      del(3, x),
      del(3, y),
    ]);
  });

  it('TCP 179 filtered between the racks: each lost session is told with the reason its listening end shows, naming its own peer', () => {
    const st = twoSubnets();
    const f = { name: 'fw', type: 'filter' as const, filter: { between: ['net1', 'net2'] as [string, string], protocol: 'TCP' as const, port: 179 } };
    const cut = twoSubnets({ faults: [f] });
    // the a-rack end (the lower address) listens and is the first view of each pair: it waits for a b node whose SYN the fault drops
    const why = (b: string) => `down: hold timer expired: node ${b} cannot connect: Fault fw drops TCP 179 from net2 to net1`;
    const pair = (a: string, aIp: string, b: string, bIp: string) => ` 240.000s  SESSION       ${a} (192.168.1.${aIp}) <-> ${b} (192.168.2.${bIp})  ${why(b)}`;
    const down = eventsText([...bgpEvents(st, cut)].filter((e) => e.type === 'SESSION')).split('\n').slice(0, -1);
    expect(down).toEqual([pair('a1', '11', 'b1', '11'), pair('a1', '11', 'b2', '12'), pair('a2', '12', 'b1', '11'), pair('a2', '12', 'b2', '12')]);
  });
  it('reflector back to the mesh with a node holding two blocks: each block leaves and comes back once at each other node', () => {
    const s = flatScenario(3, { mesh: false, calicoNodes: [rr('node-03', '10.0.0.13')], peers: [reflectorPeer] });
    for (const x of s.topology.nodes) if (x.name === 'node-03') x.labels['route-reflector'] = 'true';
    for (let i = 0; i < 64; i++) s.pods.push({ namespace: 'default', name: `extra-${i}`, nodeName: 'node-02', labels: {}, annotations: {}, containers: [{ name: 'c', ports: [] }] });
    const reflected = buildCluster(s);
    s.bgpConfigurations = [];
    s.calicoNodes = [];
    s.bgpPeers = [];
    for (const x of s.topology.nodes) delete x.labels['route-reflector'];
    const ev = [...bgpEvents(reflected, buildCluster(s, { prev: reflected }))];
    const fib = ev.filter((e): e is Extract<BgpEvent, { type: 'FIB' }> => e.type === 'FIB');
    // node-02's two blocks at node-01 and node-03, node-01's and node-03's block at the two others: 8 routes,
    // each deleted with the reflector sessions and added back over the mesh
    const [b2a, b2b] = reflected.nodes.find((x) => x.name === 'node-02')!.blocks;
    const want = [`node-01 ${b2a}`, `node-01 ${b2b}`, `node-03 ${b2a}`, `node-03 ${b2b}`, `node-02 ${blockOf(reflected, 'node-01')}`, `node-03 ${blockOf(reflected, 'node-01')}`, `node-01 ${blockOf(reflected, 'node-03')}`, `node-02 ${blockOf(reflected, 'node-03')}`].sort();
    for (const op of ['del', 'add']) expect(fib.filter((e) => e.op === op).map((e) => `${e.node} ${e.route.split(' ')[0]}`).sort()).toEqual(want);
    expect(fib).toHaveLength(16);
  });
});
