// Header sizes, fragmentation, truncation, and the VXLAN source-port hash.
import { describe, expect, it } from 'vitest';
import { echo, fragment, ipv4, sizesConsistent, stackLength, truncate, udp, vxlanHeader, eth, tcpLength } from './headers';
import { flowHash, udpFlowSrcPort, LOCAL_PORT_MAX, LOCAL_PORT_MIN } from './flowhash';
import { summarize } from './text';
import type { Header, TcpHeader } from '../model/packet';

const pingPkt = (size: number) =>
  ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 1, ttl: 64, id: 1, df: true }, echo(8, 7, 1, { type: 'payload', length: size, pattern: 'ping' }));

describe('sizes', () => {
  it('a 56-byte ping is an 84-byte packet, 98 on Ethernet, 118 in IPIP, 148 in VXLAN', () => {
    const p = pingPkt(56);
    expect(stackLength(p)).toBe(84);
    expect(stackLength([eth('a', 'b'), ...p])).toBe(98);
    const ipip = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 4, ttl: 63, id: 2, df: true }, p);
    expect(stackLength([eth('a', 'b'), ...ipip])).toBe(118);
    const vx = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 17, ttl: 64, id: 3, df: false }, udp(40000, 4789, [vxlanHeader(1), eth('c', 'd'), ...p], true));
    expect(stackLength([eth('a', 'b'), ...vx])).toBe(148);
    expect(sizesConsistent(vx)).toBe(true);
    expect(summarize(vx)).toBe('IP 1.1.1.1.40000 > 2.2.2.2.4789: VXLAN, flags [I] (0x08), vni 1 | IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64');
    expect(summarize(ipip)).toBe('IP 1.1.1.1 > 2.2.2.2: IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64 (ipip-proto-4)');
  });

  it('a Linux SYN carries 20 bytes of options (MSS, SACK_PERM, TS, NOP, WS)', () => {
    const syn: TcpHeader = { type: 'tcp', srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: { syn: true }, window: 64240, options: { mss: 1460, sackOk: true, tsVal: 1, tsEcr: 0, wscale: 7 } };
    expect(tcpLength(syn)).toBe(40);
    expect(tcpLength({ ...syn, options: { mss: 1460 } })).toBe(24);
  });

  it('detects a stack whose lengths disagree', () => {
    const p = pingPkt(56);
    const bad: Header[] = [{ ...(p[0] as Extract<Header, { type: 'ipv4' }>), totalLength: 85 }, ...p.slice(1)];
    expect(sizesConsistent(bad)).toBe(false);
  });
});

describe('fragment (ip_do_fragment)', () => {
  it('cuts data into multiples of 8 that fit the MTU, MF on the first, DF cleared', () => {
    const p = pingPkt(2972); // 3000-byte packet
    const f = fragment(p, 1500);
    expect(f.sizes).toEqual([1500, 1500, 40]);
    expect(f.sizes.reduce((a, b) => a + b - 20, 0)).toBe(2980);
    expect(f.first[0]).toMatchObject({ totalLength: 1500, mf: true, df: false });
    expect(stackLength(f.first)).toBe(1500);
    expect(sizesConsistent(f.first)).toBe(true);
    expect(fragment(p, 1450).sizes).toEqual([1444, 1444, 152]);
  });

  it('truncate keeps whole headers and shortens the payload, or cuts a header into opaque bytes', () => {
    const p = pingPkt(100);
    expect(truncate(p, 28).map((h) => h.type)).toEqual(['ipv4', 'icmp']);
    expect(truncate(p, 40)).toEqual([p[0], p[1], { type: 'payload', length: 12, pattern: 'ping' }]);
    expect(truncate(p, 24)).toEqual([p[0], { type: 'payload', length: 4, pattern: 'zero' }]);
  });
});

describe('VXLAN UDP source port (udp_flow_src_port)', () => {
  it('stays within the local port range', () => {
    for (const h of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678, 0xdeadbeef]) {
      const p = udpFlowSrcPort(h);
      expect(p).toBeGreaterThanOrEqual(LOCAL_PORT_MIN);
      expect(p).toBeLessThan(LOCAL_PORT_MAX);
    }
  });

  it('one host hashes both directions of a flow alike; another host differs', () => {
    const req = pingPkt(56);
    const rep = ipv4({ src: '10.0.0.2', dst: '10.0.0.1', protocol: 1, ttl: 64, id: 9, df: false }, echo(0, 7, 1, { type: 'payload', length: 56, pattern: 'ping' }));
    expect(flowHash('node/a', req)).toBe(flowHash('node/a', rep));
    expect(flowHash('node/a', req)).not.toBe(flowHash('node/b', req));
  });
});
