// (2) Calico IPIP, hand-written after seed 004: vms71 (ens32 192.168.26.71, ens33 192.168.30.71),
// vms72 (eth0 192.168.30.72, eth1 192.168.26.72), blocks 10.244.118.192/26 and 10.244.5.192/26.
import { describe, expect, it } from 'vitest';
import { calicoIpip } from '../../../test/support/kernel-worlds';
import { traceroute } from './traceroute';
import { walk } from './walk';
import { innerIp, kinds, sizeProblems, wires, withNs } from '../../../test/support/walk';
import type { IPv4Header } from '../model/packet';

const POD1 = { pod: 'default/pod1' };
const POD2 = { pod: 'default/pod2' };

describe('Calico IPIP (seed 004)', () => {
  const w = calicoIpip();

  it('pod1 → pod2: proxy ARP, tunl0, the NIC facing 192.168.30.72, decap, cali, pod', () => {
    const res = walk(w, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod2' });
    expect(kinds(res)).toEqual([
      'send', 'route', 'arp', 'wire', 'receive', // pod1 → cali on vms71
      'route', 'encap', 'route', 'arp', 'wire', // vms71: tunl0, then ens33
      'receive', 'decap', 'route', 'arp', 'wire', // vms72: eth0, tunl0, cali
      'receive', 'deliver',
    ]);
    expect(res.hops[2].text).toBe('default/pod1: ARP who-has 169.254.1.1 tell 10.244.118.193 on eth0 → 169.254.1.1 is-at ee:ee:ee:ee:ee:ee (vms71.rhce.cc cali1f3a8c0d5b2, proxy ARP)');
    expect(res.hops[5].text).toBe('vms71.rhce.cc: 10.244.5.192/26 via 192.168.30.72 dev tunl0 proto bird onlink');
    expect(res.hops[7].route!.line).toBe('192.168.30.0/24 dev ens33 proto kernel scope link src 192.168.30.71 metric 101');
    expect(sizeProblems(res)).toEqual([]);
  });

  it('the underlay frame is 118 bytes: outer IPIP, TTL inherited, DF copied from the inner header', () => {
    const res = walk(w, { from: POD1, to: POD2, protocol: 'icmp' });
    const [veth1, nicWire, veth2] = wires(res);
    expect(veth1.wire!.length).toBe(98);
    expect(nicWire.wire).toMatchObject({ medium: 'net30', from: { ns: 'node/vms71.rhce.cc', dev: 'ens33' }, to: { ns: 'node/vms72.rhce.cc', dev: 'eth0' }, length: 118 });
    const frame = nicWire.wire!.frame;
    expect(frame.map((h) => h.type)).toEqual(['eth', 'ipv4', 'ipv4', 'icmp', 'payload']);
    expect(frame[0]).toMatchObject({ src: '00:0c:29:30:00:71', dst: '00:0c:29:30:00:72' });
    const outer = frame[1] as IPv4Header;
    expect(outer).toMatchObject({ src: '192.168.30.71', dst: '192.168.30.72', protocol: 4, ttl: 63, totalLength: 104, df: true });
    expect(frame[2]).toMatchObject({ src: '10.244.118.193', dst: '10.244.5.194', ttl: 63, totalLength: 84 });
    expect(veth2.wire!.length).toBe(98);
    expect(innerIp(veth2.wire!.frame).ttl).toBe(62);
    expect(veth2.wire!.frame[0]).toMatchObject({ src: 'ee:ee:ee:ee:ee:ee' });
  });

  it('traceroute = 192.168.26.71, 10.244.5.192, 10.244.5.194 (seed 004)', () => {
    const tr = traceroute(w, { from: POD1, to: POD2 });
    expect(tr.hops).toEqual([
      { ttl: 1, addr: '192.168.26.71', reached: false },
      { ttl: 2, addr: '10.244.5.192', reached: false },
      { ttl: 3, addr: '10.244.5.194', reached: true },
    ]);
  });

  it('the second case (routes via 192.168.26.x) crosses net26 with the same traceroute', () => {
    const w26 = calicoIpip({ via: 26 });
    const res = walk(w26, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(wires(res)[1].wire).toMatchObject({ medium: 'net26', from: { dev: 'ens32' }, to: { dev: 'eth1' }, length: 118 });
    expect(traceroute(w26, { from: POD1, to: POD2 }).hops.map((h) => h.addr)).toEqual(['192.168.26.71', '10.244.5.192', '10.244.5.194']);
  });

  it('time exceeded at vms72 comes from its tunl0 address (route back via tunl0)', () => {
    const res = walk(w, { from: POD1, to: POD2, protocol: 'icmp', ttl: 2 });
    expect(res.verdict).toMatchObject({ reason: 'ttl-exceeded', at: 'node/vms72.rhce.cc', icmpFrom: '10.244.5.192' });
    expect(res.hops.find((h) => h.kind === 'icmp')!.why).toContain('10.244.118.192/26 via 192.168.30.71 dev tunl0 proto bird onlink');
  });

  it('the reply returns through the tunnel the other way', () => {
    const res = walk(w, { from: POD1, to: POD2, protocol: 'icmp', reply: true });
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod1' });
    expect(wires(res.reply!)[1].wire).toMatchObject({ from: { dev: 'eth0' }, to: { dev: 'ens33' }, length: 118 });
  });

  it('a node reaching a remote pod sources from its tunl0 address', () => {
    const res = walk(w, { from: { node: 'vms71.rhce.cc' }, to: POD2, protocol: 'icmp' });
    expect(res.src).toBe('10.244.118.192');
    expect(res.verdict.kind).toBe('delivered');
  });

  it('same-node node → pod goes straight out the cali interface', () => {
    const res = walk(w, { from: { node: 'vms71.rhce.cc' }, to: POD1, protocol: 'icmp' });
    expect(res.src).toBe('192.168.26.71');
    expect(wires(res).map((h) => h.wire!.medium)).toEqual(['veth']);
  });

  it('proxy ARP needs a route covering 169.254.1.1 on the node (reference §11)', () => {
    const noDefault = withNs(w, 'node/vms71.rhce.cc', (ns) => ({ ...ns, routes: ns.routes.filter((r) => r.dst !== '0.0.0.0/0') }));
    const res = walk(noDefault, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'pod/default/pod1', message: 'From 10.244.118.193 icmp_seq=1 Destination Host Unreachable' });
  });

  it('a blackhole block route drops traffic to an unallocated address of the local block', () => {
    const res = walk(w, { from: POD2, to: { ip: '10.244.118.250' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'blackhole', at: 'node/vms71.rhce.cc' });
  });

  it('tunl0 down: the remote block route is dead, traffic follows the default route', () => {
    const down = withNs(w, 'node/vms71.rhce.cc', (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'tunl0' ? { ...l, up: false } : l)) }));
    const res = walk(down, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.hops[5].text).toBe('vms71.rhce.cc: default via 192.168.26.2 dev ens32 proto static metric 100');
  });

  it('a route whose outer packet would re-enter tunl0 is a loop', () => {
    const loop = withNs(w, 'node/vms71.rhce.cc', (ns) => ({
      ...ns,
      routes: [...ns.routes, { type: 'unicast', dst: '192.168.30.72/32', via: '192.168.30.72', dev: 'tunl0', proto: 12, scope: 'universe', onlink: true, owner: 'bird' }],
    }));
    const res = walk(loop, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'loop', at: 'node/vms71.rhce.cc' });
  });
});
