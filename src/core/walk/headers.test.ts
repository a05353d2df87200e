// Header sizes, fragmentation, truncation, and the VXLAN source-port hash.
import { describe, expect, it } from 'vitest';
import { echo, ethOf, fragment, ipOf, ipv4, isFragment, sizesConsistent, stackLength, truncate, udp, vxlanHeader, eth, tcpLength } from './headers';
import { flowHash, udpFlowSrcPort, LOCAL_PORT_MAX, LOCAL_PORT_MIN } from './flowhash';
import { summarize } from './text';
import type { Header, IPv4Header, TcpHeader } from '../model/packet';

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

describe('edges', () => {
  const udpPkt = (data: number) =>
    ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, ttl: 64, id: 5, df: false }, udp(40000, 53, [{ type: 'payload', length: data, pattern: 'zero' }]));

  it('ipOf and ethOf refuse a stack that does not start with their header', () => {
    const p = pingPkt(8);
    expect(ipOf(p)).toBe(p[0]);
    expect(() => ipOf([eth('a', 'b'), ...p])).toThrow('not an IP packet');
    expect(() => ipOf([])).toThrow('not an IP packet');
    const f = [eth('a', 'b'), ...p];
    expect(ethOf(f)).toBe(f[0]);
    expect(() => ethOf(p)).toThrow('not an Ethernet frame');
    expect(() => ethOf([])).toThrow('not an Ethernet frame');
  });

  it('a UDP header has the zero-checksum flag only when asked (VXLAN sends 0)', () => {
    expect(udp(1, 2, [])).toStrictEqual([{ type: 'udp', srcPort: 1, dstPort: 2, length: 8 }]);
    expect(udp(1, 2, [], true)).toStrictEqual([{ type: 'udp', srcPort: 1, dstPort: 2, length: 8, zeroChecksum: true }]);
  });

  it('a first fragment is judged by its own length: the UDP length inside still counts the whole datagram', () => {
    const p = udpPkt(2972); // 3000-byte datagram, UDP length 2980
    const f = fragment(p, 1500);
    expect(f.sizes).toEqual([1500, 1500, 40]);
    expect(f.first[1]).toMatchObject({ type: 'udp', length: 2980 });
    expect(sizesConsistent(f.first)).toBe(true);
    const ip = f.first[0] as IPv4Header;
    expect(sizesConsistent([{ ...ip, totalLength: 1499 }, ...f.first.slice(1)])).toBe(false);
  });

  it('a later fragment (offset > 0, no MF) holds only data, and its length must still add up', () => {
    const later = (total: number): Header[] => [
      { ...(pingPkt(8)[0] as IPv4Header), mf: false, fragOffset: 185, totalLength: total },
      { type: 'payload', length: 40, pattern: 'ping' },
    ];
    expect(sizesConsistent(later(60))).toBe(true);
    expect(sizesConsistent(later(61))).toBe(false);
  });

  it('the UDP length and a quote are checked too', () => {
    const p = udpPkt(100);
    expect(sizesConsistent(p)).toBe(true);
    expect(sizesConsistent([p[0], { ...(p[1] as Extract<Header, { type: 'udp' }>), length: 107 }, p[2]])).toBe(false);
    const err = (headers: Header[]) => ipv4({ src: '10.0.0.9', dst: '10.0.0.1', protocol: 1, ttl: 64, id: 1, df: false }, [{ type: 'icmp', icmpType: 3, code: 3 }, { type: 'quote', headers }]);
    expect(sizesConsistent(err(truncate(p, 28)))).toBe(true);
    expect(sizesConsistent(err([]))).toBe(true);
    expect(sizesConsistent(err(truncate(p, 28).slice(1)))).toBe(false);
  });

  it('fragments that fill their MTU exactly leave no empty tail fragment', () => {
    // 2960 data bytes = 2 × 1480: two full fragments, nothing after
    expect(fragment(pingPkt(2952), 1500).sizes).toEqual([1500, 1500]);
  });

  it('a packet that fits is one piece without MF; a first fragment cut again keeps MF', () => {
    const one = fragment(pingPkt(56), 1500);
    expect(one.sizes).toEqual([84]);
    expect(one.first[0]).toMatchObject({ mf: false, totalLength: 84 });
    const head: Header[] = [{ ...(pingPkt(56)[0] as IPv4Header), mf: true }, ...pingPkt(56).slice(1)];
    expect(fragment(head, 1500).first[0]).toMatchObject({ mf: true });
  });

  it('isFragment: MF set or an offset, not a whole packet', () => {
    const ip = pingPkt(8)[0] as IPv4Header;
    expect(isFragment(ip)).toBe(false);
    expect(isFragment({ ...ip, mf: true })).toBe(true);
    expect(isFragment({ ...ip, fragOffset: 1 })).toBe(true);
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
