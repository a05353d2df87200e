import { describe, expect, it } from 'vitest';
import { sessionCount, sessionsOf } from './index';
import { bgpStatus, ssEntries } from './text';
import { birdRoutes, blockOf, flat, flatScenario, reflectorPeer, twoSubnets, twoSubnetsScenario } from '../../../test/support/bgp-labs';
import { buildCluster } from '../resolve';

const summary = (st: Parameters<typeof sessionsOf>[0], node: string) =>
  sessionsOf(st, node).map((s) => `${s.peerAddress} ${s.peerType} ${s.state} ${s.info}${s.infoDetail ? ' ' + s.infoDetail : ''}`);

describe('node-to-node mesh', () => {
  it('gives N(N-1)/2 distinct sessions, N-1 per node in peer hostname order, all Established', () => {
    for (const n of [2, 3, 5, 12]) {
      const st = flat(n);
      expect(sessionCount(st)).toBe((n * (n - 1)) / 2);
      expect(st.bgp.sessions).toEqual([]); // nothing stored: every mesh session is derived
      for (const node of st.nodes) {
        const ss = sessionsOf(st, node.name);
        expect(ss).toHaveLength(n - 1);
        expect(ss.every((s) => s.info === 'Established' && s.peerType === 'node-to-node mesh')).toBe(true);
        expect(ss.map((s) => s.peerName)).toEqual(st.nodes.map((x) => x.name).filter((x) => x !== node.name));
      }
    }
  });

  it('makes the side whose address is lower as a string passive (confd: peer IP > own IP → passive on)', () => {
    const st = flat(12); // 10.0.0.11 … 10.0.0.22
    const s = sessionsOf(st, 'node-01').find((x) => x.peerAddress === '10.0.0.22')!;
    expect(s.passive).toBe(true);
    expect(sessionsOf(st, 'node-12').find((x) => x.peerAddress === '10.0.0.11')!.passive).toBe(false);
  });

  it('programs every remote block through BIRD (IPIP via tunl0) with the originator as next hop', () => {
    const st = flat(3);
    expect(birdRoutes(st, 'node/node-01').sort()).toEqual([`${blockOf(st, 'node-02')} via 10.0.0.12`, `${blockOf(st, 'node-03')} via 10.0.0.13`].sort());
    expect(st.netns['node/node-01'].routes.find((r) => r.dst === blockOf(st, 'node-02'))).toMatchObject({ dev: 'tunl0', onlink: true });
  });
});

describe('mesh switched off', () => {
  it('leaves no peers: "No IPv4 peers found." and no IPIP / no-encap routes', () => {
    for (const ipipMode of ['Always', 'Never'] as const) {
      const st = flat(3, { mesh: false, ipipMode });
      expect(sessionCount(st)).toBe(0);
      expect(bgpStatus(st, 'node-01')).toBe('Calico process is running.\n\nIPv4 BGP status\nNo IPv4 peers found.\n\nIPv6 BGP status\nNo IPv6 peers found.\n\n');
      for (const n of st.nodes) expect(birdRoutes(st, n.ns)).toEqual([]);
      // the node's own block stays a blackhole
      expect(st.netns['node/node-01'].routes.some((r) => r.type === 'blackhole' && r.dst === blockOf(st, 'node-01'))).toBe(true);
    }
  });

  it('keeps VXLAN routes: Felix computes them from the datastore, not from BGP', () => {
    const on = flat(3, { vxlanMode: 'Always', backend: 'bird' });
    const off = flat(3, { vxlanMode: 'Always', backend: 'bird', mesh: false });
    const vx = (st: typeof on) => st.netns['node/node-01'].routes.filter((r) => r.dev === 'vxlan.calico').map((r) => `${r.dst} via ${r.via}`);
    expect(vx(off)).toEqual(vx(on));
    expect(vx(off)).toHaveLength(2);
    expect(sessionCount(off)).toBe(0);
  });

  it('prints the BIRD-not-running text with the vxlan backend', () => {
    const st = flat(2, { vxlanMode: 'Always' });
    expect(st.bgp.running).toBe(false);
    expect(bgpStatus(st, 'node-01')).toBe('Calico process is running.\n\nThe BGP backend process (BIRD) is not running.\n\n');
  });
});

describe('explicit BGPPeers', () => {
  it('a global peerIP peer to a BGP router: a "global" session on every node, Established', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    // a1, a2 reach 192.168.1.1 on their segment; b1, b2 through the router's other interface (multihop)
    for (const n of ['a1', 'a2', 'b1', 'b2']) {
      expect(summary(st, n)).toEqual(['192.168.1.1 global up Established']);
    }
    expect(sessionCount(st)).toBe(4);
  });

  it('node-specific peers (node: and nodeSelector:) are "node specific"; each node peers with its own rack interface', () => {
    const st = twoSubnets({
      ipipMode: 'Never',
      mesh: false,
      routerAs: 65000,
      peers: [
        { name: 'rack-a', nodeSelector: "rack == 'a'", peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'b1-only', node: 'b1', peerIP: '192.168.2.1', asNumber: 65000 },
      ],
    });
    expect(summary(st, 'a1')).toEqual(['192.168.1.1 node specific up Established']);
    expect(summary(st, 'b1')).toEqual(['192.168.2.1 node specific up Established']);
    expect(summary(st, 'b2')).toEqual([]);
  });

  it('global peers come before node-specific ones, each by peer address as a string; mesh first', () => {
    const s = flatScenario(3, {
      peers: [
        { name: 'z-global', peerIP: '10.0.0.9', asNumber: 65009 },
        { name: 'a-node', node: 'node-01', peerIP: '10.0.0.100', asNumber: 65100 },
        { name: 'b-node', node: 'node-01', peerIP: '10.0.0.2', asNumber: 65002 },
      ],
    });
    const st = buildCluster(s);
    expect(sessionsOf(st, 'node-01').map((x) => `${x.peerType} ${x.peerAddress}`)).toEqual([
      'node-to-node mesh 10.0.0.12',
      'node-to-node mesh 10.0.0.13',
      'global 10.0.0.9',
      'node specific 10.0.0.100',
      'node specific 10.0.0.2',
    ]);
  });

  it('one protocol per peer address: a duplicate BGPPeer adds nothing and warns; a global peering wins over a node-specific one', () => {
    const st = twoSubnets({
      ipipMode: 'Never',
      mesh: false,
      routerAs: 65000,
      peers: [
        { name: 'tor-1', peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'tor-2', peerIP: '192.168.1.1', asNumber: 65000 },
        { name: 'tor-a1', node: 'a1', peerIP: '192.168.1.1', asNumber: 65000 },
      ],
    });
    expect(summary(st, 'a1')).toEqual(['192.168.1.1 global up Established']);
    expect(st.warnings.filter((w) => w.code === 'W402').map((w) => w.ref)).toEqual(['BGPPeer/tor-2']);
  });

  it('AS mismatch with a router: "Idle BGP Error: Bad peer AS"', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65001 }] });
    const s = sessionsOf(st, 'a1')[0];
    expect(s).toMatchObject({ state: 'start', info: 'Idle', infoDetail: 'BGP Error: Bad peer AS' });
    expect(s.reason).toContain('65001');
  });

  it('a router that does not speak BGP refuses the connection', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    expect(summary(st, 'a1')).toEqual(['192.168.1.1 global start Active Socket: Connection refused']);
  });

  it('one-sided configuration: the peer BIRD closes the connection ("Unexpected connect from unknown address")', () => {
    // node-01 peers with node-03 expecting AS 65003; node-03 is AS 64512, so confd adds no reverse peering
    const st = flat(3, { mesh: false, peers: [{ name: 'odd', node: 'node-01', peerIP: '10.0.0.13', asNumber: 65003 }] });
    expect(summary(st, 'node-01')).toEqual(['10.0.0.13 node specific start Active Socket: Connection closed']);
    expect(sessionsOf(st, 'node-03')).toEqual([]);
    expect(sessionCount(st)).toBe(1);
  });

  it('a peerIP BGPPeer to another Calico node with its AS gets the reverse peering from confd', () => {
    const st = flat(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    expect(summary(st, 'node-01')).toEqual(['10.0.0.13 node specific up Established']);
    expect(summary(st, 'node-03')).toEqual(['10.0.0.11 node specific up Established']);
    expect(birdRoutes(st, 'node/node-01')).toEqual([`${blockOf(st, 'node-03')} via 10.0.0.13`]);
    expect(birdRoutes(st, 'node/node-02')).toEqual([]);
  });
});

describe('faults', () => {
  it('TCP 179 filtered between two networks: the mesh sessions across it stay in Connect / Passive, routes across vanish', () => {
    const f = { name: 'fw', type: 'filter' as const, filter: { between: ['net1', 'net2'] as [string, string], protocol: 'TCP' as const, port: 179 } };
    const ok = twoSubnets({ ipipMode: 'Always' });
    const st = twoSubnets({ ipipMode: 'Always', faults: [f] });
    expect(summary(ok, 'a1')).toEqual(['192.168.1.12 node-to-node mesh up Established', '192.168.2.11 node-to-node mesh up Established', '192.168.2.12 node-to-node mesh up Established']);
    // 192.168.1.11 < 192.168.2.x as strings: a1 is the passive end; b1 connects and its SYNs are dropped
    expect(summary(st, 'a1')).toEqual(['192.168.1.12 node-to-node mesh up Established', '192.168.2.11 node-to-node mesh start Passive', '192.168.2.12 node-to-node mesh start Passive']);
    expect(summary(st, 'b1')).toEqual(['192.168.1.11 node-to-node mesh start Connect', '192.168.1.12 node-to-node mesh start Connect', '192.168.2.12 node-to-node mesh up Established']);
    expect(sessionsOf(st, 'b1')[0].reason).toBe('Fault fw drops TCP 179 from net2 to net1');
    expect(birdRoutes(st, 'node/a1')).toEqual([`${blockOf(st, 'a2')} via 192.168.1.12`]);
    // the same pair of sessions counted once each
    expect(sessionCount(st)).toBe(6);
  });

  it('a filter on another port changes nothing', () => {
    const st = twoSubnets({ faults: [{ name: 'fw', type: 'filter', filter: { between: ['net1', 'net2'], protocol: 'TCP', port: 443 } }] });
    expect(sessionsOf(st, 'b1').every((s) => s.info === 'Established')).toBe(true);
  });

  it('node down: its peers show No route to host (or Passive), its routes are withdrawn, it runs no calico-node', () => {
    const st = flat(3, { faults: [{ name: 'n3', type: 'nodeDown', node: 'node-03' }] });
    expect(summary(st, 'node-01')).toEqual(['10.0.0.12 node-to-node mesh up Established', '10.0.0.13 node-to-node mesh start Passive']);
    expect(summary(st, 'node-02')).toEqual(['10.0.0.11 node-to-node mesh up Established', '10.0.0.13 node-to-node mesh start Passive']);
    const down = flat(3, { faults: [{ name: 'n1', type: 'nodeDown', node: 'node-01' }] });
    expect(summary(down, 'node-03')).toEqual(['10.0.0.11 node-to-node mesh start Active Socket: No route to host', '10.0.0.12 node-to-node mesh up Established']);
    expect(sessionsOf(down, 'node-03')[0].reason).toContain('node node-01 is down');
    expect(birdRoutes(down, 'node/node-03')).toEqual([`${blockOf(down, 'node-02')} via 10.0.0.12`]);
    expect(bgpStatus(down, 'node-01')).toBe('Calico process is not running.\n');
    expect(down.netns['node/node-01'].down).toBe(true);
    expect(sessionCount(down)).toBe(3);
  });

  it('router down: sessions across it fail, same-segment ones stay', () => {
    const st = twoSubnets({ faults: [{ name: 'r', type: 'routerDown', router: 'r1' }] });
    expect(summary(st, 'b1')).toEqual([
      '192.168.1.11 node-to-node mesh start Active Socket: No route to host',
      '192.168.1.12 node-to-node mesh start Active Socket: No route to host',
      '192.168.2.12 node-to-node mesh up Established',
    ]);
    expect(st.netns['router/r1'].down).toBe(true);
  });

  it('link down: the NIC goes down, its routes go, and the node loses every session', () => {
    const st = flat(3, { faults: [{ name: 'l', type: 'linkDown', node: 'node-02', iface: 'eth0' }] });
    expect(summary(st, 'node-02')).toEqual([
      '10.0.0.11 node-to-node mesh start Active Socket: Network is unreachable',
      '10.0.0.13 node-to-node mesh start Passive',
    ]);
    expect(st.netns['node/node-02'].links.find((l) => l.name === 'eth0')!.up).toBe(false);
    expect(st.netns['node/node-02'].routes.some((r) => r.dev === 'eth0')).toBe(false);
    expect(summary(st, 'node-01')).toEqual(['10.0.0.12 node-to-node mesh start Passive', '10.0.0.13 node-to-node mesh up Established']);
    expect(summary(st, 'node-03')).toEqual(['10.0.0.11 node-to-node mesh up Established', '10.0.0.12 node-to-node mesh start Active Socket: No route to host']);
  });

  it('recovers when the fault is removed (the state is a function of the scenario)', () => {
    const s = flatScenario(3, { faults: [{ name: 'n3', type: 'nodeDown', node: 'node-03' }] });
    const down = buildCluster(s);
    s.faults = [];
    const up = buildCluster(s, { prev: down });
    expect(sessionCount(up)).toBe(3);
    expect(up.bgp.sessions).toEqual([]);
    expect(birdRoutes(up, 'node/node-01')).toHaveLength(2);
  });
});

// What each end says and why, worked out from the BIRD states in sessions.ts's header and the labs' layout.
describe('session reasons, SINCE and who listens', () => {
  const view = (st: ReturnType<typeof flat>, node: string, peer: string) => sessionsOf(st, node).find((s) => s.peerAddress === peer)!;

  it('the passive end names why the other end does not connect', () => {
    const down = flat(3, { faults: [{ name: 'n3', type: 'nodeDown', node: 'node-03' }] });
    expect(view(down, 'node-01', '10.0.0.13')).toMatchObject({ info: 'Passive', reason: 'node node-03 is down' });
    const f = { name: 'fw', type: 'filter' as const, filter: { between: ['net1', 'net2'] as [string, string], protocol: 'TCP' as const, port: 179 } };
    const st = twoSubnets({ faults: [f] });
    expect(view(st, 'a1', '192.168.2.11')).toMatchObject({ info: 'Passive', passive: true, reason: 'node b1 cannot connect: Fault fw drops TCP 179 from net2 to net1' });
  });

  it('the connecting end names the failure, and a peer that is down', () => {
    const down = flat(3, { faults: [{ name: 'n1', type: 'nodeDown', node: 'node-01' }] });
    expect(view(down, 'node-03', '10.0.0.11')).toMatchObject({ passive: false, reason: 'node node-01 is down (node node-01 (10.0.0.11) is down)' });
    const link = flat(3, { faults: [{ name: 'l', type: 'linkDown', node: 'node-02', iface: 'eth0' }] });
    expect(view(link, 'node-02', '10.0.0.11').reason).toBe('no route to 10.0.0.11');
    const refused = twoSubnets({ ipipMode: 'Never', mesh: false, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    expect(view(refused, 'a1', '192.168.1.1')).toMatchObject({ peerName: '192.168.1.1', peerType: 'global', reason: 'nothing listens on 192.168.1.1:179' });
    // an address nobody holds: ARP fails on the segment
    const nobody = twoSubnets({ ipipMode: 'Never', mesh: false, peers: [{ name: 'ghost', node: 'a1', peerIP: '192.168.1.50', asNumber: 65000 }] });
    expect(view(nobody, 'a1', '192.168.1.50')).toMatchObject({ info: 'Active', infoDetail: 'Socket: No route to host', reason: 'nobody answers ARP for 192.168.1.50 on net1' });
    const closed = flat(3, { mesh: false, peers: [{ name: 'odd', node: 'node-01', peerIP: '10.0.0.13', asNumber: 65003 }] });
    expect(view(closed, 'node-01', '10.0.0.13').reason).toBe('node node-03 has no BGP protocol for 10.0.0.11 (BIRD: "Unexpected connect from unknown address")');
  });

  it('a node reached on an address that is not its BGP address closes the connection', () => {
    // node-03 gets a second NIC on lan2, which first-found autodetection picks: its BGP address becomes
    // 10.0.1.13, and 10.0.0.13 (eth0) is an address no protocol of node-03 accepts sessions for
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'side', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    s.topology.networks.push({ name: 'lan2', cidr: '10.0.1.0/24' });
    s.topology.nodes[2].interfaces.push({ name: 'eth1', ip: '10.0.1.13/24', mtu: 1500, network: 'lan2' });
    const st = buildCluster(s);
    expect(st.nodes[2].address?.ip).toBe('10.0.1.13');
    expect(view(st, 'node-01', '10.0.0.13')).toMatchObject({
      peerName: '10.0.0.13',
      info: 'Active',
      infoDetail: 'Socket: Connection closed',
      reason: 'node node-03 has no BGP protocol for 10.0.0.11 (BIRD: "Unexpected connect from unknown address")',
    });
    expect(sessionsOf(st, 'node-03')).toEqual([]);
    // node-03 down: nobody answers on 10.0.0.13 any more
    s.faults = [{ name: 'n3', type: 'nodeDown', node: 'node-03' }];
    expect(view(buildCluster(s), 'node-01', '10.0.0.13')).toMatchObject({ infoDetail: 'Socket: No route to host', reason: 'node node-03 (10.0.0.13) is down' });
  });

  it('AS mismatch between two nodes: the end that expected another AS finds it, the other is told', () => {
    // node-01 is AS 65001; BGPPeer b-wrong gives node-03 a protocol to it expecting 64512 (kept before a-right's
    // reverse peering, which would have carried 65001: one protocol per address, W402)
    const st = flat(3, {
      mesh: false,
      calicoNodes: [{ name: 'node-01', labels: {}, bgp: { asNumber: 65001 } }],
      peers: [
        { name: 'a-right', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 },
        { name: 'b-wrong', node: 'node-03', peerIP: '10.0.0.11', asNumber: 64512 },
      ],
    });
    expect(view(st, 'node-03', '10.0.0.11')).toMatchObject({ state: 'start', info: 'Idle', infoDetail: 'BGP Error: Bad peer AS', reason: "expects AS 64512, the peer's OPEN says AS 65001" });
    expect(view(st, 'node-01', '10.0.0.13')).toMatchObject({ state: 'start', info: 'Idle', infoDetail: 'Received: Bad peer AS', reason: 'the peer rejected our AS number' });
    expect(birdRoutes(st, 'node/node-01')).toEqual([]);
  });

  it('SINCE: the later of the two starts when Established (never before the clock start), else the own start', () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    s.cluster.clockStart = '06:00:00';
    s.topology.nodes[0].startedAt = '06:00:40';
    s.topology.nodes[2].startedAt = '05:59:00';
    const st = buildCluster(s);
    expect(view(st, 'node-01', '10.0.0.13')).toMatchObject({ info: 'Established', since: 40, passive: false });
    expect(view(st, 'node-03', '10.0.0.11')).toMatchObject({ info: 'Established', since: 40 });
    s.faults = [{ name: 'n1', type: 'nodeDown', node: 'node-01' }];
    // node-03 (up a minute before the clock start) waits for a peer that is down: since the clock start
    expect(view(buildCluster(s), 'node-03', '10.0.0.11')).toMatchObject({ info: 'Active', since: 0 });
    s.topology.nodes[2].startedAt = '06:00:20';
    expect(view(buildCluster(s), 'node-03', '10.0.0.11')).toMatchObject({ info: 'Active', since: 20 });
  });

  it('between two active ends the newcomer connects; at equal start times the higher address does', () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    // equal: node-03 (10.0.0.13) connects, node-01 listens (ephemeral port FNV-1a by hand, as in text.test.ts)
    expect(ssEntries(buildCluster(s), 'node-01')).toEqual([{ local: '10.0.0.11', localPort: 179, peer: '10.0.0.13', peerPort: 46715, pid: 3552, fd: 8 }]);
    s.topology.nodes[0].startedAt = '00:00:30';
    expect(ssEntries(buildCluster(s), 'node-01')).toEqual([{ local: '10.0.0.11', localPort: 48479, peer: '10.0.0.13', peerPort: 179, pid: 3552, fd: 8 }]);
    s.topology.nodes[0].startedAt = undefined;
    s.topology.nodes[2].startedAt = '00:00:30';
    expect(ssEntries(buildCluster(s), 'node-01')[0]).toMatchObject({ localPort: 179, peerPort: 46715 });
  });

  it('only a reflector marks its client sessions rr client', () => {
    const st = flat(3, { mesh: false, calicoNodes: [{ name: 'node-03', labels: { 'route-reflector': 'true' }, bgp: { routeReflectorClusterID: '244.0.0.1' } }], peers: [reflectorPeer] });
    expect(sessionsOf(st, 'node-03').map((x) => `${x.peerAddress} ${x.info} ${x.rrClient ?? '-'}`)).toEqual(['10.0.0.11 Established true', '10.0.0.12 Established true']);
    expect(sessionsOf(st, 'node-01').map((x) => `${x.peerAddress} ${x.info} ${'rrClient' in x}`)).toEqual(['10.0.0.13 Established false']);
  });
});

// Cases the mutation run of sessions.ts found untested. Ephemeral ports and pids are FNV-1a by hand (Python,
// as in text.test.ts): 32768 + fnv('10.0.0.20>10.0.0.13') mod 28232 = 58127, '10.0.0.13>10.0.0.20' → 56147,
// '192.168.1.11>192.168.1.1' → 47378; bird's pid for a1: 2000 + fnv('bird:a1') mod 2000 = 3694.
describe('who connects, views kept whole, and reach that is not symmetric', () => {
  it('the newcomer connects and, at equal starts, the higher address — also when the first protocol is the higher address', () => {
    const s = flatScenario(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    s.topology.nodes[0].interfaces[0].ip = '10.0.0.20/24';
    // equal starts: node-01 (10.0.0.20) connects, node-03 listens
    expect(ssEntries(buildCluster(s), 'node-01')).toEqual([{ local: '10.0.0.20', localPort: 58127, peer: '10.0.0.13', peerPort: 179, pid: 3552, fd: 8 }]);
    // node-03 comes up 30 s later: it connects, node-01 listens
    s.topology.nodes[2].startedAt = '00:00:30';
    expect(ssEntries(buildCluster(s), 'node-01')).toEqual([{ local: '10.0.0.20', localPort: 179, peer: '10.0.0.13', peerPort: 56147, pid: 3552, fd: 8 }]);
  });

  it('a BGP router only listens: a node whose BIRD was up before it still connects', () => {
    const s = twoSubnetsScenario({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [{ name: 'tor', node: 'a1', peerIP: '192.168.1.1', asNumber: 65000 }] });
    s.cluster.clockStart = '06:00:00';
    s.topology.nodes[0].startedAt = '05:59:00';
    expect(ssEntries(buildCluster(s), 'a1')).toEqual([{ local: '192.168.1.11', localPort: 47378, peer: '192.168.1.1', peerPort: 179, pid: 3694, fd: 8 }]);
  });

  it('an iBGP router (the cluster AS) is no reflector: it learns every block and passes none on', () => {
    const st = twoSubnets({ ipipMode: 'Never', mesh: false, routerAs: 64512, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 64512 }] });
    for (const n of ['a1', 'a2', 'b1', 'b2']) {
      expect(summary(st, n)).toEqual(['192.168.1.1 global up Established']);
      expect(birdRoutes(st, `node/${n}`)).toEqual([]);
    }
    // iBGP keeps the next hop: each block via its owner, on the router's own segments
    const want = [['a1', '192.168.1.11'], ['a2', '192.168.1.12'], ['b1', '192.168.2.11'], ['b2', '192.168.2.12']].map(([n, ip]) => `${blockOf(st, n)} via ${ip}`);
    expect(birdRoutes(st, 'router/r1').sort()).toEqual(want.sort());
  });

  it('keepOriginalNextHop between Calico nodes of three ASes: the middle node passes routes on with the owner as next hop', () => {
    const st = flat(3, {
      mesh: false,
      calicoNodes: [
        { name: 'node-01', labels: {}, bgp: { asNumber: 65001 } },
        { name: 'node-02', labels: {}, bgp: { asNumber: 65002 } },
        { name: 'node-03', labels: {}, bgp: { asNumber: 65003 } },
      ],
      peers: [
        { name: 'to-01', node: 'node-02', peerIP: '10.0.0.11', asNumber: 65001, keepOriginalNextHop: true },
        { name: 'to-03', node: 'node-02', peerIP: '10.0.0.13', asNumber: 65003, keepOriginalNextHop: true },
      ],
    });
    expect(summary(st, 'node-02')).toEqual(['10.0.0.11 node specific up Established', '10.0.0.13 node specific up Established']);
    expect(birdRoutes(st, 'node/node-01').sort()).toEqual([`${blockOf(st, 'node-02')} via 10.0.0.12`, `${blockOf(st, 'node-03')} via 10.0.0.13`].sort());
    expect(birdRoutes(st, 'node/node-03').sort()).toEqual([`${blockOf(st, 'node-01')} via 10.0.0.11`, `${blockOf(st, 'node-02')} via 10.0.0.12`].sort());
  });

  it('stores exactly the fields a view has: no detail, reason or rr client when there is none; SINCE of the viewer', () => {
    const pair = flat(3, { mesh: false, peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] });
    expect(sessionsOf(pair, 'node-01')).toStrictEqual([
      { node: 'node-01', peerAddress: '10.0.0.13', peerName: 'node-03', peerType: 'node specific', state: 'up', info: 'Established', passive: false, since: 0 },
    ]);
    // a mesh peer that is down and came up later than the viewer: SINCE stays the viewer's own start (0)
    const s = flatScenario(3, { faults: [{ name: 'n3', type: 'nodeDown', node: 'node-03' }] });
    s.topology.nodes[2].startedAt = '00:00:40';
    expect(sessionsOf(buildCluster(s), 'node-01').find((x) => x.peerAddress === '10.0.0.13')).toStrictEqual({
      node: 'node-01', peerAddress: '10.0.0.13', peerName: 'node-03', peerType: 'node-to-node mesh', state: 'start', info: 'Passive', passive: true, since: 0, reason: 'node node-03 is down',
    });
    // the same from the other end of the pair: node-01 down, node-03 (the higher address) connects and fails
    const t = flatScenario(3, { faults: [{ name: 'n1', type: 'nodeDown', node: 'node-01' }] });
    t.topology.nodes[0].startedAt = '00:00:40';
    expect(sessionsOf(buildCluster(t), 'node-03').find((x) => x.peerAddress === '10.0.0.11')).toStrictEqual({
      node: 'node-03', peerAddress: '10.0.0.11', peerName: 'node-01', peerType: 'node-to-node mesh', state: 'start', info: 'Active', infoDetail: 'Socket: No route to host', passive: false, since: 0, reason: 'node node-01 is down (node node-01 (10.0.0.11) is down)',
    });
  });

  it('a mesh member whose hostname comes first but whose address is higher is the connecting end', () => {
    // node-01 at 10.0.0.20, down: node-02 (10.0.0.12, the lower address) is the passive end and waits
    const s = flatScenario(3, { faults: [{ name: 'n1', type: 'nodeDown', node: 'node-01' }] });
    s.topology.nodes[0].interfaces[0].ip = '10.0.0.20/24';
    const st = buildCluster(s);
    expect(sessionsOf(st, 'node-02').find((x) => x.peerAddress === '10.0.0.20')).toMatchObject({ state: 'start', info: 'Passive', passive: true, reason: 'node node-01 is down' });
  });

  it('reach one way only: rack b has no route back to rack a, so every session across the router fails', () => {
    // net2 has no gateway: b1, b2 get no default route; a1 reaches them through r1, they cannot answer
    const s = twoSubnetsScenario({ ipipMode: 'Never' });
    delete s.topology.networks[1].gateway;
    const st = buildCluster(s);
    expect(summary(st, 'a1')).toEqual(['192.168.1.12 node-to-node mesh up Established', '192.168.2.11 node-to-node mesh start Passive', '192.168.2.12 node-to-node mesh start Passive']);
    expect(summary(st, 'b1')).toEqual([
      '192.168.1.11 node-to-node mesh start Active Socket: Network is unreachable',
      '192.168.1.12 node-to-node mesh start Active Socket: Network is unreachable',
      '192.168.2.12 node-to-node mesh up Established',
    ]);
  });
});
