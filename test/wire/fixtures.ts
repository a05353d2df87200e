// Header stacks for the wire tests, built by hand (not through core/walk) from what seed 002 shows:
// its Calico IPIP ping (nodes 10.0.0.12 → 10.0.0.16, pods 10.244.0.1 → 10.244.6.3, id 3 seq 1), its
// Flannel VXLAN ping captured with -e (MACs, UDP source ports 38146/46001, id 6912 seq 0) and its
// curl over Flannel DirectRouting (TCP 33598 → 80). Values the seed does not show (IP ids, the VMware
// MACs of the IPIP nodes, ping's send time) are plausible stand-ins.

import type { Header, IPv4Header, PayloadHeader, TcpHeader } from '../../src/core/model/packet';

export const MAC = {
  node15: '00:50:56:2b:5e:38', // seed 002: 10.0.0.15 (node1, ens33)
  node16: '00:50:56:21:d2:7a', // seed 002: 10.0.0.16 (node2, ens33)
  node12: '00:50:56:3a:71:0c',
  vtep15: '76:64:2c:29:12:07', // seed 002: flannel.1 on node1
  vtep16: '6e:3d:65:7f:52:85', // seed 002: flannel.1 on node2
  calicoGw: 'ee:ee:ee:ee:ee:ee',
  podA: '7a:1f:3c:9e:42:d1',
};

export function eth(src: string, dst: string): Header {
  return { type: 'eth', src, dst, ethertype: 0x0800 };
}

export function ip(src: string, dst: string, protocol: number, totalLength: number, extra: Partial<IPv4Header> = {}): IPv4Header {
  return { type: 'ipv4', tos: 0, totalLength, id: 0, df: false, mf: false, fragOffset: 0, ttl: 64, protocol, src, dst, ...extra };
}

/** ping -s size: ICMP echo + iputils payload, as an IP packet (no link header). */
export function ping(
  src: string,
  dst: string,
  o: { id: number; seq: number; size?: number; reply?: boolean; ipId?: number; ttl?: number; df?: boolean; t?: number },
): Header[] {
  const size = o.size ?? 56;
  const payload: PayloadHeader = { type: 'payload', length: size, pattern: 'ping', t: o.t ?? 1_234_567 };
  return [
    ip(src, dst, 1, 20 + 8 + size, { id: o.ipId ?? 0x4d2e, ttl: o.ttl ?? 63, df: o.df ?? true }),
    { type: 'icmp', icmpType: o.reply ? 0 : 8, code: 0, id: o.id, seq: o.seq },
    payload,
  ];
}

/** IPIP: the inner packet behind an outer IPv4 header (tunl0 adds 20 bytes, no Ethernet). */
export function ipip(outerSrc: string, outerDst: string, inner: Header[], ipId = 0x1c44): Header[] {
  const innerLen = (inner[0] as IPv4Header).totalLength;
  return [ip(outerSrc, outerDst, 4, 20 + innerLen, { id: ipId, df: true }), ...inner];
}

/** VXLAN: outer IPv4 + UDP (checksum 0, as Linux sends it) + VXLAN + the inner Ethernet frame. */
export function vxlan(
  outer: { src: string; dst: string; sport: number; dport: number; vni: number; ipId?: number },
  innerFrame: Header[],
): Header[] {
  const innerLen = 14 + (innerFrame[1] as IPv4Header).totalLength;
  return [
    ip(outer.src, outer.dst, 17, 20 + 8 + 8 + innerLen, { id: outer.ipId ?? 0x9f31 }),
    { type: 'udp', srcPort: outer.sport, dstPort: outer.dport, length: 8 + 8 + innerLen, zeroChecksum: true },
    { type: 'vxlan', flags: 0x08, vni: outer.vni },
    ...innerFrame,
  ];
}

export function tcp(
  src: string,
  dst: string,
  t: Omit<TcpHeader, 'type'>,
  o: { ipId?: number; ttl?: number; payload?: number } = {},
): Header[] {
  const h: TcpHeader = { type: 'tcp', ...t };
  const optLen = (t.options.mss !== undefined ? 4 : 0) + (t.options.tsVal !== undefined ? 12 : t.options.sackOk ? 4 : 0) + (t.options.wscale !== undefined ? 4 : 0);
  const pay = o.payload ?? 0;
  const stack: Header[] = [ip(src, dst, 6, 20 + 20 + optLen + pay, { id: o.ipId ?? 0x6b1a, ttl: o.ttl ?? 63, df: true }), h];
  if (pay > 0) stack.push({ type: 'payload', length: pay, pattern: 'zero' });
  return stack;
}

// ---- seed 002 frames ---------------------------------------------------------------------------

/** Flannel VXLAN ping request as captured on node1's ens33 (148 bytes). */
export function seedFlannelRequest(): Header[] {
  return [
    eth(MAC.node16, MAC.node15),
    ...vxlan(
      { src: '10.0.0.16', dst: '10.0.0.15', sport: 38146, dport: 8472, vni: 1, ipId: 0x2f07 },
      [eth(MAC.vtep16, MAC.vtep15), ...ping('10.244.2.18', '10.244.1.56', { id: 6912, seq: 0, ipId: 0xa1b0 })],
    ),
  ];
}

export function seedFlannelReply(): Header[] {
  return [
    eth(MAC.node15, MAC.node16),
    ...vxlan(
      { src: '10.0.0.15', dst: '10.0.0.16', sport: 46001, dport: 8472, vni: 1, ipId: 0x5e12 },
      [eth(MAC.vtep15, MAC.vtep16), ...ping('10.244.1.56', '10.244.2.18', { id: 6912, seq: 0, reply: true, ipId: 0x3c2d, ttl: 64, df: false })],
    ),
  ];
}

/** Calico IPIP ping as captured on node2's ens33 (118 bytes). */
export function seedIpipRequest(): Header[] {
  return [eth(MAC.node12, MAC.node16), ...ipip('10.0.0.12', '10.0.0.16', ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 }))];
}

export function seedIpipReply(): Header[] {
  return [eth(MAC.node16, MAC.node12), ...ipip('10.0.0.16', '10.0.0.12', ping('10.244.6.3', '10.244.0.1', { id: 3, seq: 1, reply: true, ttl: 64, df: false }), 0x77e1)];
}

const SYN_OPTS = (tsVal: number, tsEcr: number) => ({ mss: 1410, sackOk: true, tsVal, tsEcr, wscale: 7 });

/** Seed 002's curl over Flannel DirectRouting: SYN, SYN-ACK, ACK, then the server's FIN with 231 bytes. */
export function seedTcp(): Header[][] {
  const c = '10.244.2.18';
  const s = '10.244.1.56';
  const client = (h: Header[]) => [eth(MAC.node16, MAC.node15), ...h];
  const server = (h: Header[]) => [eth(MAC.node15, MAC.node16), ...h];
  return [
    client(tcp(c, s, { srcPort: 33598, dstPort: 80, seq: 3536504389, ack: 0, flags: { syn: true }, window: 64860, options: SYN_OPTS(2436082677, 0) })),
    server(
      tcp(s, c, { srcPort: 80, dstPort: 33598, seq: 4150405849, ack: 3536504390, flags: { syn: true, ack: true }, window: 64308, options: SYN_OPTS(3526770141, 2436082677) }, { ipId: 0 }),
    ),
    client(tcp(c, s, { srcPort: 33598, dstPort: 80, seq: 3536504390, ack: 4150405850, flags: { ack: true }, window: 507, options: { tsVal: 2436082677, tsEcr: 3526770141 } }, { ipId: 0x6b1b })),
    server(
      tcp(
        s,
        c,
        { srcPort: 80, dstPort: 33598, seq: 4150405867, ack: 3536504465, flags: { fin: true, psh: true, ack: true }, window: 502, options: { tsVal: 3526770145, tsEcr: 2436082679 } },
        { ipId: 0x1f2e, payload: 231 },
      ),
    ),
  ];
}
