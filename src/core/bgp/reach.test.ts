// The underlay walk BGP asks before a session can open (reach.ts), on namespaces laid out by hand: every
// expected verdict and detail below is read off this drawing, not taken from a run.
//
//   lanA 10.1.0.0/24                 lanB 10.2.0.0/24
//   n1 .11  n2 .12  gw .254 (out)    m1 .11
//        r1 .1 ─────────────────── r1 .1, r2 .2
//
// n1 and n2 route lanA directly and everything else via r1 (10.1.0.1); gw stands for the world outside the lab.
// r1 knows lanA and lanB, sends 10.6/16 to r2, which sends it back (a loop). m1 routes lanB and a default via r1.

import { describe, expect, it } from 'vitest';
import type { Link, NetNS, Route } from '../model/kernel';
import type { Fault } from '../model/scenario';
import { indexFaults } from '../faults';
import { tcpOver, Underlay, type ReachResult } from './reach';

const link = (name: string, ip: string | undefined, network: string | undefined, up = true): Link => ({
  ifindex: 2,
  name,
  kind: 'ether',
  mtu: 1500,
  addrs: ip ? [{ ip, prefixLen: 24, scope: 'global' }] : [],
  up,
  ...(network ? { network } : {}),
});

const route = (dst: string, dev: string | undefined, extra: Partial<Route> = {}): Route => ({
  type: 'unicast',
  dst,
  ...(dev ? { dev } : {}),
  proto: 2,
  scope: 'universe',
  owner: 'topology',
  ...extra,
});

function ns(id: string, links: Link[], routes: Route[], extra: Partial<NetNS> = {}): NetNS {
  const [kind, name] = id.split('/') as ['node' | 'router', string];
  return { id, kind, name, links, routes, neigh: [], fdb: [], forwarding: kind === 'router', ...extra };
}

const hostRoutes = (lan: string, gw: string): Route[] => [
  route(`${lan}.0/24`, 'eth0', { owner: 'kernel', scope: 'link' }),
  route('0.0.0.0/0', 'eth0', { via: gw }),
];

function world(patch: (w: Record<string, NetNS>) => void = () => {}): Record<string, NetNS> {
  const w: Record<string, NetNS> = {
    'node/n1': ns('node/n1', [link('eth0', '10.1.0.11', 'lanA'), link('dummy0', '10.8.0.1', undefined)], [
      ...hostRoutes('10.1.0', '10.1.0.1'),
      // BIRD's and Felix's routes are not there before the CNI: ignored, though more specific
      route('10.2.0.0/24', 'eth0', { via: '10.1.0.99', owner: 'bird' }),
      route('10.2.0.0/25', 'eth0', { via: '10.1.0.99', owner: 'felix' }),
      // a distribution's extra route counts
      route('10.4.0.0/16', 'eth0', { via: '10.1.0.254', owner: 'distro' }),
      route('10.7.0.0/16', undefined, { type: 'unreachable' }),
      route('10.8.0.0/16', 'dummy0', { owner: 'kernel' }),
      route('10.9.0.0/16', 'eth0', { via: '10.1.0.12' }),
      route('10.3.0.0/16', undefined, { via: '10.1.0.1' }),
      // longest prefix first, then the lower metric
      route('10.5.0.0/16', 'eth0', { via: '10.1.0.1' }),
      route('10.5.1.0/24', 'eth0', { via: '10.1.0.254', metric: 100 }),
      route('10.5.1.0/24', 'eth0', { via: '10.1.0.1', metric: 50 }),
      route('10.5.2.0/24', 'eth0', { via: '10.1.0.254', metric: 50 }),
      route('10.5.2.0/24', 'eth0', { via: '10.1.0.1', metric: 100 }),
      // equal prefix and metric (`ip route append`): the first one listed is used
      route('10.5.4.0/24', 'eth0', { via: '10.1.0.254' }),
      route('10.5.4.0/24', 'eth0', { via: '10.1.0.1' }),
    ]),
    'node/n2': ns('node/n2', [link('eth0', '10.1.0.12', 'lanA')], hostRoutes('10.1.0', '10.1.0.1')),
    'node/m1': ns('node/m1', [link('eth0', '10.2.0.11', 'lanB')], hostRoutes('10.2.0', '10.2.0.1')),
    'router/r1': ns('router/r1', [link('eth0', '10.1.0.1', 'lanA'), link('eth1', '10.2.0.1', 'lanB')], [
      route('10.1.0.0/24', 'eth0', { owner: 'kernel', scope: 'link' }),
      route('10.2.0.0/24', 'eth1', { owner: 'kernel', scope: 'link' }),
      route('10.6.0.0/16', 'eth1', { via: '10.2.0.2' }),
    ]),
    'router/r2': ns('router/r2', [link('eth0', '10.2.0.2', 'lanB')], [
      route('10.2.0.0/24', 'eth0', { owner: 'kernel', scope: 'link' }),
      route('10.6.0.0/16', 'eth0', { via: '10.2.0.1' }),
    ]),
    'router/gw': ns('router/gw', [link('eth0', '10.1.0.254', 'lanA')], [route('10.1.0.0/24', 'eth0', { owner: 'kernel' })], { external: true }),
    // pods are not the underlay: never a sender, never an owner of an address
    'pod/default/p': ns('pod/default/p', [link('eth0', '10.1.0.50', 'lanA')], hostRoutes('10.1.0', '10.1.0.1')),
  };
  w['pod/default/p'].kind = 'pod';
  patch(w);
  return w;
}

const underlay = (faults: Fault[] = [], patch?: (w: Record<string, NetNS>) => void) => new Underlay(world(patch), indexFaults(faults));
const fail = (failure: string, detail: string) => ({ ok: false, failure, detail });

describe('Underlay.reach', () => {
  it('delivers on the segment with no router hop, and across r1 with the networks it crossed', () => {
    const u = underlay();
    expect(u.reach('node/n1', '10.1.0.12')).toEqual({ ok: true, ns: 'node/n2', hops: [] });
    expect(u.reach('node/n1', '10.2.0.11')).toEqual({ ok: true, ns: 'node/m1', hops: [['lanA', 'lanB']] });
    expect(u.reach('node/m1', '10.1.0.11')).toEqual({ ok: true, ns: 'node/n1', hops: [['lanB', 'lanA']] });
    // a router's own address on the far side: delivered to r1 after its own lookup, no hop crossed
    expect(u.reach('node/n1', '10.2.0.1')).toEqual({ ok: true, ns: 'router/r1', hops: [['lanA', 'lanB']] });
  });

  it('uses only the routes that exist before the CNI (topology, kernel, distribution)', () => {
    const u = underlay();
    // the bird/felix routes via 10.1.0.99 would say "nobody answers ARP"
    expect(u.reach('node/n1', '10.2.0.11').ok).toBe(true);
    expect(u.reach('node/n1', '10.4.0.1')).toEqual(fail('dropped', '10.4.0.1 is routed out of the lab through 10.1.0.254'));
  });

  it('picks the longest prefix, then the lowest metric', () => {
    const u = underlay();
    // 10.5.1.0/24: metric 50 via r1 beats metric 100 via gw; r1 has no route for it
    expect(u.reach('node/n1', '10.5.1.9')).toEqual(fail('no-route', 'no route to 10.5.1.9 at router r1'));
    // 10.5.2.0/24: metric 50 via gw
    expect(u.reach('node/n1', '10.5.2.9')).toEqual(fail('dropped', '10.5.2.9 is routed out of the lab through 10.1.0.254'));
    // 10.5.3.9 only matches the /16 via r1
    expect(u.reach('node/n1', '10.5.3.9')).toEqual(fail('no-route', 'no route to 10.5.3.9 at router r1'));
    expect(u.reach('node/n1', '10.5.4.9')).toEqual(fail('dropped', '10.5.4.9 is routed out of the lab through 10.1.0.254'));
  });

  it('says why a packet goes nowhere', () => {
    const u = underlay();
    expect(u.reach('node/n1', '10.7.0.1')).toEqual(fail('no-route', 'no route to 10.7.0.1'));
    expect(u.reach('node/n1', '10.3.0.1')).toEqual(fail('no-route', 'no route to 10.3.0.1'));
    expect(u.reach('node/n1', '10.8.0.1')).toEqual(fail('dropped', 'route to 10.8.0.1 leaves on dummy0, which is on no network'));
    expect(u.reach('node/n1', '10.1.0.77')).toEqual(fail('no-host', 'nobody answers ARP for 10.1.0.77 on lanA'));
    expect(u.reach('node/n1', '10.2.0.77')).toEqual(fail('no-host', 'nobody answers ARP for 10.2.0.77 on lanB at router r1'));
    expect(u.reach('node/n1', '10.9.0.1')).toEqual(fail('dropped', 'n2 does not forward'));
    expect(u.reach('node/n1', '10.6.0.1')).toEqual(fail('dropped', 'routing loop towards 10.6.0.1'));
    // a pod is no sender and owns no underlay address
    expect(u.reach('pod/default/p', '10.1.0.11')).toEqual(fail('no-route', 'no namespace pod/default/p'));
    expect(u.reach('node/n1', '10.1.0.50')).toEqual(fail('no-host', 'nobody answers ARP for 10.1.0.50 on lanA'));
    expect(u.reach('node/zz', '10.1.0.11')).toEqual(fail('no-route', 'no namespace node/zz'));
  });

  it('takes nodes and routers down by fault or by their namespace', () => {
    const byFault = underlay([{ name: 'd', type: 'nodeDown', node: 'n2' }]);
    const byNs = underlay([], (w) => (w['node/n2'].down = true));
    for (const u of [byFault, byNs]) {
      expect(u.reach('node/n1', '10.1.0.12')).toEqual(fail('no-host', 'node n2 (10.1.0.12) is down'));
      expect(u.reach('node/n2', '10.1.0.11')).toEqual(fail('no-route', 'node n2 is down'));
      expect(u.isDown('node/n2')).toBe(true);
      expect(u.isDown('node/n1')).toBe(false);
    }
    const r = underlay([{ name: 'r', type: 'routerDown', router: 'r1' }]);
    expect(r.reach('node/n1', '10.2.0.11')).toEqual(fail('no-host', 'router r1 (10.1.0.1) is down'));
    expect(r.isDown('router/r1')).toBe(true);
    // a routerDown names a router: a node of that name stays up, and a nodeDown leaves routers alone
    expect(underlay([{ name: 'x', type: 'routerDown', router: 'n2' }]).isDown('node/n2')).toBe(false);
    expect(underlay([{ name: 'x', type: 'nodeDown', node: 'r1' }]).isDown('router/r1')).toBe(false);
  });

  it('a link down drops its routes and its addresses, on nodes only', () => {
    const u = underlay([{ name: 'l', type: 'linkDown', node: 'n2', iface: 'eth0' }]);
    expect(u.reach('node/n1', '10.1.0.12')).toEqual(fail('no-host', 'nobody answers ARP for 10.1.0.12 on lanA'));
    expect(u.reach('node/n2', '10.1.0.11')).toEqual(fail('no-route', 'no route to 10.1.0.11'));
    // a NIC already down (ip link set down) owns no address either
    const v = underlay([], (w) => (w['node/m1'].links[0].up = false));
    expect(v.reach('node/n1', '10.2.0.11')).toEqual(fail('no-host', 'nobody answers ARP for 10.2.0.11 on lanB at router r1'));
    // linkDown is a node fault: a router with the same name keeps its NICs
    expect(underlay([{ name: 'l', type: 'linkDown', node: 'r1', iface: 'eth1' }]).reach('node/n1', '10.2.0.11').ok).toBe(true);
  });

  it('the first namespace holding an address on a network owns it', () => {
    const u = underlay([], (w) => w['node/m1'].links.push(link('eth1', '10.1.0.12', 'lanA')));
    expect(u.reach('node/n1', '10.1.0.12')).toMatchObject({ ok: true, ns: 'node/n2' });
  });

  it('groups namespaces that route alike into one class', () => {
    const u = underlay();
    // numbered in the order first seen; n1's extra routes set it apart from n2
    expect(['node/n1', 'node/n2', 'node/m1', 'router/r1'].map((id) => u.classIndex(id))).toEqual([0, 1, 2, 3]);
    expect(u.classIndex('node/zz')).toBe(-1);
    expect(u.classIndex('pod/default/p')).toBe(-1);
    const twin = (patch: (w: Record<string, NetNS>) => void) => {
      const v = underlay([], (w) => {
        w['node/n3'] = ns('node/n3', [link('eth0', '10.1.0.13', 'lanA')], hostRoutes('10.1.0', '10.1.0.1'));
        patch(w);
      });
      return v.classIndex('node/n3') === v.classIndex('node/n2');
    };
    expect(twin(() => {})).toBe(true);
    // a different gateway, metric, route type or network behind the device makes another class
    expect(twin((w) => (w['node/n3'].routes[1].via = '10.1.0.254'))).toBe(false);
    expect(twin((w) => (w['node/n3'].routes[1].metric = 5))).toBe(false);
    expect(twin((w) => (w['node/n3'].routes[1].type = 'blackhole'))).toBe(false);
    expect(twin((w) => (w['node/n3'].links[0].network = 'lanB'))).toBe(false);
    expect(twin((w) => (w['node/n3'].routes[0].dst = '10.1.0.0/25'))).toBe(false);
    expect(twin((w) => (w['node/n3'].down = true))).toBe(false);
    // the address itself is not part of the class
    expect(twin((w) => (w['node/n3'].links[0].addrs[0].ip = '10.1.0.14'))).toBe(true);
  });

  it('answers a second sender of the same class from the first one\'s walk', () => {
    const w = world((x) => (x['node/n3'] = ns('node/n3', [link('eth0', '10.1.0.13', 'lanA')], hostRoutes('10.1.0', '10.1.0.1'))));
    const u = new Underlay(w, indexFaults([]));
    expect(u.reach('node/n2', '10.2.0.11')).toEqual({ ok: true, ns: 'node/m1', hops: [['lanA', 'lanB']] });
    // were n3 walked again, a NIC-less n3 would say "on no network"
    w['node/n3'].links = [];
    expect(u.reach('node/n3', '10.2.0.11')).toEqual({ ok: true, ns: 'node/m1', hops: [['lanA', 'lanB']] });
  });
});

describe('TCP to port 179 (tcp, tcpOver)', () => {
  const fw = (name: string, port?: number): Fault => ({ name, type: 'filter', filter: { between: ['lanA', 'lanB'], protocol: 'TCP', ...(port ? { port } : {}) } });

  it('needs both directions, the filters passed, and the right namespaces at both ends', () => {
    const u = underlay();
    expect(u.tcp('node/n1', '10.1.0.11', 'node/m1', '10.2.0.11', 179, [])).toEqual({ ok: true, ns: 'node/m1', hops: [['lanA', 'lanB']] });
    expect(u.tcp('node/n1', '10.1.0.11', 'node/m1', '10.2.0.11', 179, [fw('bgp', 179)])).toEqual({
      ...fail('dropped', 'Fault bgp drops TCP 179 from lanA to lanB'),
      fault: fw('bgp', 179),
    });
    expect(u.tcp('node/n1', '10.1.0.11', 'node/m1', '10.2.0.11', 179, [fw('web', 443)]).ok).toBe(true);
    // the first failing direction is the one reported
    expect(u.tcp('node/n1', '10.1.0.11', 'node/m1', '10.2.0.77', 179, [])).toEqual(fail('no-host', 'nobody answers ARP for 10.2.0.77 on lanB at router r1'));
    expect(u.tcp('node/n1', '10.1.0.11', 'node/n2', '10.2.0.11', 179, [])).toEqual(fail('dropped', '10.2.0.11 answers from node/m1, not node/n2'));
    // replies from m1 to an address n1 does not hold on lanA
    expect(u.tcp('node/n1', '10.1.0.77', 'node/m1', '10.2.0.11', 179, [])).toEqual(
      fail('dropped', 'replies from 10.2.0.11 are lost: nobody answers ARP for 10.1.0.77 on lanA at router r1'),
    );
    expect(u.tcp('node/n1', '10.1.0.12', 'node/m1', '10.2.0.11', 179, [])).toEqual(fail('dropped', 'replies to 10.1.0.12 go to node/n2'));
  });

  it('drops replies only with a filter that has no port (replies go to an ephemeral port)', () => {
    const ok = (ns: string, hops: [string, string][]): ReachResult => ({ ok: true, ns, hops });
    // asymmetric: the SYN crosses no filtered pair, the replies cross lanB → lanA
    const fwd = ok('b', [['lanC', 'lanB']]);
    const rev = ok('a', [['lanB', 'lanA']]);
    expect(tcpOver(fwd, rev, 'a', '1.1.1.1', 'b', '2.2.2.2', 179, [fw('bgp', 179)])).toBe(fwd);
    expect(tcpOver(fwd, rev, 'a', '1.1.1.1', 'b', '2.2.2.2', 179, [fw('tcp')])).toEqual({ ...fail('dropped', 'Fault tcp drops TCP from lanB to lanA'), fault: fw('tcp') });
    // every hop of the way is checked, not only the first
    const far = ok('b', [['lanC', 'lanD'], ['lanA', 'lanB']]);
    expect(tcpOver(far, ok('a', []), 'a', '1.1.1.1', 'b', '2.2.2.2', 179, [fw('bgp', 179)])).toMatchObject({ detail: 'Fault bgp drops TCP 179 from lanA to lanB' });
    const back = ok('a', [['lanC', 'lanD'], ['lanB', 'lanA']]);
    expect(tcpOver(ok('b', []), back, 'a', '1.1.1.1', 'b', '2.2.2.2', 179, [fw('tcp')])).toMatchObject({ detail: 'Fault tcp drops TCP from lanB to lanA' });
    // a UDP filter never drops TCP
    const udp: Fault = { name: 'u', type: 'filter', filter: { between: ['lanA', 'lanB'], protocol: 'UDP' } };
    expect(tcpOver(fwd, rev, 'a', '1.1.1.1', 'b', '2.2.2.2', 179, [udp])).toBe(fwd);
  });
});
