// (1) No CNI at all: plain hosts and a router. The walk must be ordinary Linux forwarding.
import { describe, expect, it } from 'vitest';
import { noCni } from '../../../test/support/kernel-worlds';
import { traceroute } from './traceroute';
import { walk } from './walk';
import { innerIp, kinds, sizeProblems, wires, withNs } from '../../../test/support/walk';
import type { TcpHeader } from '../model/packet';

describe('no CNI: hosts and a router', () => {
  const w = noCni();

  it('pings across the router: TTL 64 on lan1, 63 on lan2, 98-byte frames', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'node/host-c' });
    expect(res.src).toBe('192.168.1.10');
    const [w1, w2] = wires(res);
    expect(w1.wire!.medium).toBe('lan1');
    expect(w1.wire!.length).toBe(98);
    expect(innerIp(w1.wire!.frame).ttl).toBe(64);
    expect(w2.wire!.medium).toBe('lan2');
    expect(innerIp(w2.wire!.frame).ttl).toBe(63);
    expect(w2.wire!.to).toEqual({ ns: 'node/host-c', dev: 'eth0' });
    expect(kinds(res)).toEqual(['send', 'route', 'arp', 'wire', 'receive', 'route', 'arp', 'wire', 'receive', 'deliver']);
    expect(res.hops[1].route!.line).toBe('default via 192.168.1.1 dev eth0 proto static');
    expect(res.hops[1].route!.index).toBe(0);
    expect(sizeProblems(res)).toEqual([]);
  });

  it('pings on one segment without decrementing TTL', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { node: 'host-b' }, protocol: 'icmp' });
    expect(res.verdict.kind).toBe('delivered');
    expect(wires(res)).toHaveLength(1);
    expect(innerIp(wires(res)[0].wire!.frame).ttl).toBe(64);
    expect(res.hops[1].text).toBe('host-a: 192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10');
  });

  it('walks the echo reply back, DF clear as the ICMP socket sends it', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp', reply: true });
    const reply = res.reply!;
    expect(reply.verdict).toEqual({ kind: 'delivered', at: 'node/host-a' });
    expect(reply.src).toBe('192.168.2.10');
    const delivered = reply.hops[reply.hops.length - 1];
    const ip = innerIp(delivered.packet);
    expect(ip.ttl).toBe(63);
    expect(ip.df).toBe(false);
    expect(delivered.packet[1]).toMatchObject({ type: 'icmp', icmpType: 0 });
    expect(reply.hops[0].t).toBeGreaterThan(res.hops[res.hops.length - 1].t);
  });

  it('traceroute shows the router address facing the sender, then the destination', () => {
    const tr = traceroute(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' } });
    expect(tr.hops).toEqual([
      { ttl: 1, addr: '192.168.1.1', reached: false },
      { ttl: 2, addr: '192.168.2.10', reached: true },
    ]);
    const back = traceroute(w, { from: { node: 'host-c' }, to: { node: 'host-a' } });
    expect(back.hops.map((h) => h.addr)).toEqual(['192.168.2.1', '192.168.1.10']);
  });

  it('TTL 1 through the router: time exceeded from 192.168.1.1', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp', ttl: 1 });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'ttl-exceeded', at: 'router/r1', icmpFrom: '192.168.1.1' });
    expect(res.verdict.message).toBe('From 192.168.1.1 icmp_seq=1 Time to live exceeded');
    const icmp = res.hops.find((h) => h.kind === 'icmp')!;
    expect(icmp.packet[0]).toMatchObject({ src: '192.168.1.1', dst: '192.168.1.10', ttl: 64, tos: 0xc0, df: false, totalLength: 20 + 8 + 84 });
    expect(sizeProblems(res)).toEqual([]);
  });

  it('no route at the sender: connect fails, nothing is sent', () => {
    const res = walk(w, { from: { node: 'host-b' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route', at: 'node/host-b', message: 'ping: connect: Network is unreachable' });
    expect(wires(res)).toHaveLength(0);
    const tr = traceroute(w, { from: { node: 'host-b' }, to: { ip: '192.168.2.10' } });
    expect(tr.error).toBe('connect: Network is unreachable');
  });

  it('no route at a forwarder: ICMP net unreachable (!N)', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '10.50.0.1' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'no-route', at: 'router/r1', icmpFrom: '192.168.1.1', message: 'From 192.168.1.1 icmp_seq=1 Destination Net Unreachable' });
    const tr = traceroute(w, { from: { node: 'host-a' }, to: { ip: '10.50.0.1' } });
    expect(tr.hops).toEqual([{ ttl: 1, addr: '192.168.1.1', reached: false, flag: '!N' }]);
  });

  it('a blackhole route at the sender answers EINVAL', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '10.99.3.4' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'blackhole', at: 'node/host-a', message: 'ping: connect: Invalid argument' });
    expect(res.hops.find((h) => h.kind === 'route')!.route!.line).toBe('blackhole 10.99.0.0/16 proto static');
  });

  it('ARP failure for a host that is not there', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.1.99' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/host-a', message: 'From 192.168.1.10 icmp_seq=1 Destination Host Unreachable' });
    expect(res.hops.find((h) => h.kind === 'arp')!.text).toBe('host-a: ARP who-has 192.168.1.99 tell 192.168.1.10 on eth0: no reply');
  });

  it('a router that is down answers no ARP', () => {
    const down = withNs(w, 'router/r1', (ns) => ({ ...ns, down: true }));
    const res = walk(down, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'unreachable-nexthop', at: 'node/host-a' });
  });

  it('a sender that is down sends nothing', () => {
    const down = withNs(w, 'node/host-a', (ns) => ({ ...ns, down: true }));
    const res = walk(down, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'node-down', at: 'node/host-a' });
  });

  it('delivers to its own addresses through lo', () => {
    for (const ip of ['192.168.1.10', '127.0.0.1']) {
      const res = walk(w, { from: { node: 'host-a' }, to: { ip }, protocol: 'icmp', reply: true });
      expect(res.verdict).toEqual({ kind: 'delivered', at: 'node/host-a' });
      expect(res.hops[1].text).toBe(`host-a: local ${ip} dev lo table local`);
      expect(res.reply!.verdict.kind).toBe('delivered');
    }
  });

  it('TCP: SYN with MSS 1460 and window 64240, SYN-ACK back', () => {
    const res = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'tcp', port: 443, reply: true });
    const syn = wires(res)[0].wire!.frame[2] as TcpHeader;
    expect(syn).toMatchObject({ type: 'tcp', dstPort: 443, flags: { syn: true }, window: 64240, options: { mss: 1460, sackOk: true, tsEcr: 0, wscale: 7 } });
    expect(syn.srcPort).toBeGreaterThanOrEqual(32768);
    expect(wires(res)[0].wire!.length).toBe(14 + 20 + 40);
    const synack = wires(res.reply!)[0].wire!.frame[2] as TcpHeader;
    expect(synack).toMatchObject({ srcPort: 443, dstPort: syn.srcPort, ack: syn.seq + 1, flags: { syn: true, ack: true }, window: 65160 });
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'node/host-a' });
  });

  it('UDP is delivered', () => {
    const res = walk(w, { from: { ip: '192.168.1.11' }, to: { ip: '192.168.1.10' }, protocol: 'udp', port: 5000, size: 100 });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'node/host-a' });
    expect(wires(res)[0].wire!.length).toBe(14 + 20 + 8 + 100);
  });

  it('unknown endpoints fail without throwing', () => {
    expect(walk(w, { from: { pod: 'x/y' }, to: { ip: '1.1.1.1' }, protocol: 'icmp' }).verdict.message).toBe('no pod x/y');
    expect(walk(w, { from: { ip: '10.9.9.9' }, to: { ip: '1.1.1.1' }, protocol: 'icmp' }).verdict.message).toBe('no namespace owns 10.9.9.9');
  });

  it('is deterministic', () => {
    const a = walk(w, { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'tcp', reply: true });
    const b = walk(noCni(), { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'tcp', reply: true });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
