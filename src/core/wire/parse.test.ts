import fc from 'fast-check';
import type { Header, IPv4Header, PayloadHeader, TcpHeader } from '../model/packet';
import { parseFragments, parseFrame } from './parse';
import { serializeFrame, stackSize } from './serialize';
import { fragment } from './fragment';
import { linuxIcmpError } from './icmpError';
import { toHex } from './bytes';
import * as F from '../../../test/wire/fixtures';

// ---- generators: consistent header stacks of every shape the lab sends ---------------------------

const arbIp = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((o) => o.join('.'));
const arbMac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
const arbPayload = (max: number): fc.Arbitrary<PayloadHeader> =>
  fc.record({
    type: fc.constant('payload' as const),
    length: fc.integer({ min: 0, max }),
    pattern: fc.constantFrom('ping' as const, 'zero' as const),
    t: fc.integer({ min: 0, max: 86_400_000_000 }),
  });
// ports other than the VXLAN ones, so a UDP payload is never read as VXLAN
const arbPort = fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 4789 && p !== 8472);

const arbL4 = fc.oneof(
  fc.tuple(fc.constantFrom(0, 8), fc.nat(0xffff), fc.nat(0xffff), arbPayload(1400)).map(
    ([t, id, seq, p]) => [1, [{ type: 'icmp', icmpType: t, code: 0, id, seq } as Header, p]] as const,
  ),
  fc.tuple(arbPort, arbPort, arbPayload(1400)).map(([s, d, p]) => [17, [{ type: 'udp', srcPort: s, dstPort: d, length: 8 + p.length } as Header, p]] as const),
  fc
    .record({
      srcPort: fc.integer({ min: 1, max: 65535 }),
      dstPort: fc.integer({ min: 1, max: 65535 }),
      seq: fc.nat(0xffffffff),
      ack: fc.nat(0xffffffff),
      flags: fc.record({ syn: fc.boolean(), ack: fc.boolean(), fin: fc.boolean(), rst: fc.boolean(), psh: fc.boolean() }, { requiredKeys: [] }),
      window: fc.nat(0xffff),
      options: fc.record(
        { mss: fc.nat(0xffff), sackOk: fc.constant(true), tsVal: fc.nat(0xffffffff), tsEcr: fc.nat(0xffffffff), wscale: fc.nat(14) },
        { requiredKeys: [] },
      ),
    })
    .chain((t) => fc.tuple(fc.constant(t), arbPayload(1000)))
    .map(([t, p]) => [6, [{ type: 'tcp', ...t } as TcpHeader as Header, p]] as const),
);

const arbIpFields = fc.record({ src: arbIp, dst: arbIp, id: fc.nat(0xffff), ttl: fc.nat(255), tos: fc.nat(255), df: fc.boolean() });

const arbPacket: fc.Arbitrary<Header[]> = fc.tuple(arbIpFields, arbL4).map(([f, [proto, l4]]) => {
  const ip = F.ip(f.src, f.dst, proto, 20 + stackSize(l4), { id: f.id, ttl: f.ttl, tos: f.tos, df: f.df });
  return [ip, ...l4];
});

const arbFrame: fc.Arbitrary<Header[]> = fc.oneof(
  // no encapsulation (Calico BGP, CrossSubnet same subnet, Flannel host-gw)
  fc.tuple(arbMac, arbMac, arbPacket).map(([a, b, p]) => [F.eth(a, b), ...p]),
  // IPIP
  fc.tuple(arbMac, arbMac, arbIpFields, arbPacket).map(([a, b, o, p]) => [
    F.eth(a, b),
    F.ip(o.src, o.dst, 4, 20 + (p[0] as IPv4Header).totalLength, { id: o.id, ttl: o.ttl, tos: o.tos, df: o.df }),
    ...p,
  ]),
  // VXLAN on 4789 or 8472
  fc.tuple(arbMac, arbMac, arbMac, arbMac, arbIpFields, arbPacket, fc.integer({ min: 32768, max: 60999 }), fc.constantFrom(4789, 8472), fc.nat(0xffffff)).map(
    ([a, b, c, d, o, p, sport, dport, vni]) => [F.eth(a, b), ...F.vxlan({ ...o, sport, dport, vni, ipId: o.id }, [F.eth(c, d), ...p])],
  ),
  // an ICMP error about one of the above packets, quoting as Linux does
  fc.tuple(arbMac, arbMac, arbIp, arbPacket, fc.constantFrom([3, 4] as const, [3, 3] as const, [11, 0] as const), fc.nat(0xffff)).map(([a, b, from, p, [type, code], id]) => [
    F.eth(a, b),
    ...linuxIcmpError({ src: from, original: p, icmpType: type, code, mtu: 1450, id }),
  ]),
);

describe('parseFrame', () => {
  const SEED = 20260101;
  it(`inverts serializeFrame on random stacks (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbFrame, (h) => {
        const bytes = serializeFrame(h);
        // frame length = payload + sum of header sizes
        expect(bytes.length).toBe(stackSize(h));
        const parsed = parseFrame(bytes);
        const again = serializeFrame(parsed);
        expect(toHex(again)).toBe(toHex(bytes));
        // parsing is stable: the parsed stack parses to itself
        expect(parseFrame(again)).toEqual(parsed);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('reads the seed frames back into the stacks they were built from', () => {
    expect(parseFrame(serializeFrame(F.seedFlannelRequest()))).toEqual(F.seedFlannelRequest());
    expect(parseFrame(serializeFrame(F.seedIpipRequest()))).toEqual(F.seedIpipRequest());
    for (const s of F.seedTcp()) expect(parseFrame(serializeFrame(s))).toEqual(s);
  });

  it('reads UDP 4789 and 8472 as VXLAN, other ports (or vxlanPorts: []) as payload', () => {
    const b = serializeFrame(F.seedFlannelRequest());
    expect(parseFrame(b).map((h) => h.type)).toEqual(['eth', 'ipv4', 'udp', 'vxlan', 'eth', 'ipv4', 'icmp', 'payload']);
    expect(() => parseFrame(b, { vxlanPorts: [] })).toThrow(/payload bytes at byte 42 follow neither/);
  });

  it('reads an ICMP error into a quote holding exactly the quoted bytes', () => {
    const probe = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 1, size: 1472 });
    const err = linuxIcmpError({ src: '192.168.2.22', original: probe, icmpType: 3, code: 4, mtu: 1450, id: 7 });
    const parsed = parseFrame(serializeFrame(err), { link: 'raw' });
    expect(parsed).toEqual(err);
    const quote = parsed[2] as { headers: Header[] };
    expect((quote.headers[2] as PayloadHeader).length).toBe(548 - 28);
  });

  it('drops Ethernet padding of a short frame but refuses other trailing bytes', () => {
    const tiny = [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 1, seq: 1, size: 0 })];
    const b = serializeFrame(tiny);
    expect(b.length).toBe(42);
    const padded = new Uint8Array(60);
    padded.set(b);
    expect(serializeFrame(parseFrame(padded)).length).toBe(42);
    padded[59] = 1;
    expect(() => parseFrame(padded)).toThrow(/not Ethernet padding/);
  });

  it('refuses what a stack cannot describe, saying why', () => {
    const b = serializeFrame(F.seedTcp()[0]);
    const badSum = b.slice();
    badSum[24] ^= 1; // IPv4 header checksum
    expect(() => parseFrame(badSum)).toThrow(/IPv4 header checksum at byte 24 is wrong/);
    const badTcp = b.slice();
    badTcp[50] ^= 1; // TCP checksum
    expect(() => parseFrame(badTcp)).toThrow(/byte 50 is 0x.. but the headers read from the frame give/);
    const arp = b.slice();
    arp[12] = 0x08;
    arp[13] = 0x06;
    expect(() => parseFrame(arp)).toThrow(/ethertype 0x0806 is not modelled/);
    expect(() => parseFrame(b.subarray(0, 40))).toThrow(/totalLength 60 but only 26 bytes are there/);
  });

  it('reads a lone first fragment of a UDP datagram (its length field tells the whole size)', () => {
    const udp: Header[] = [
      F.eth(F.MAC.podA, F.MAC.calicoGw),
      F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 8 + 3000, { id: 77 }),
      { type: 'udp', srcPort: 40000, dstPort: 5354, length: 3008 },
      { type: 'payload', length: 3000, pattern: 'zero' },
    ];
    const first = serializeFrame(fragment(udp, 1500)[0]);
    const parsed = parseFrame(first);
    expect((parsed[3] as PayloadHeader).length).toBe(1472);
    expect(toHex(serializeFrame(parsed))).toBe(toHex(first));
  });

  it('refuses a fragment cut from a whole datagram and points to parseFragments', () => {
    const frags = fragment([F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })], 1500);
    expect(() => parseFrame(serializeFrame(frags[0]))).toThrow(/use parseFragments/);
  });
});

describe('parseFragments', () => {
  it('reassembles all fragments and returns each as a window onto the whole datagram', () => {
    const whole = [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })];
    const frags = fragment(whole, 1500);
    const bytes = frags.map(serializeFrame);
    const shuffled = [bytes[2], bytes[0], bytes[1]];
    const parsed = parseFragments(shuffled);
    expect(parsed).toEqual([frags[2], frags[0], frags[1]]);
  });

  it('refuses incomplete or mixed sets', () => {
    const frags = fragment([F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })], 1500).map(serializeFrame);
    expect(() => parseFragments([frags[0], frags[2]])).toThrow(/bytes 1480..2960 of the datagram are missing/);
    expect(() => parseFragments([frags[0], frags[1]])).toThrow(/last fragment still has MF set/);
    const other = fragment([F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false, ipId: 1 })], 1500).map(serializeFrame);
    expect(() => parseFragments([frags[0], frags[1], other[2]])).toThrow(/not fragments of one datagram/);
  });
});

describe('parseFrame / parseFragments: edges (mutation testing; messages and counts by hand)', () => {
  const eth = () => F.eth(F.MAC.podA, F.MAC.calicoGw);
  /** Writes the IPv4 header checksum at byte `at` again after a patch. */
  const fixIp = (b: Uint8Array, at = 14): Uint8Array => {
    b[at + 10] = 0;
    b[at + 11] = 0;
    let sum = 0;
    for (let i = at; i < at + 20; i += 2) sum += (b[i] << 8) | b[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b[at + 10] = (~sum >> 8) & 0xff;
    b[at + 11] = ~sum & 0xff;
    return b;
  };
  const ping = (o: { size?: number; df?: boolean; ipId?: number } = {}) => F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, ...o });

  it('reads a tunl0 packet from its IPv4 header and refuses trailing bytes there (no Ethernet padding on tunl0)', () => {
    const inner = ping();
    const b = serializeFrame(inner);
    expect(parseFrame(b, { link: 'raw' })).toEqual(inner);
    const padded = new Uint8Array(b.length + 2);
    padded.set(b);
    expect(() => parseFrame(padded, { link: 'raw' })).toThrow('parse: 2 bytes follow the IP packet and are not Ethernet padding');
    expect(() => parseFrame(b.subarray(0, 40), { link: 'raw' })).toThrow('parse: IPv4 totalLength 84 but only 40 bytes are there');
  });

  it('takes zeros after a packet as padding only up to a 60-byte frame', () => {
    const b = serializeFrame([eth(), ...ping()]); // 98 bytes
    const longer = new Uint8Array(100);
    longer.set(b);
    expect(() => parseFrame(longer)).toThrow('parse: 2 bytes follow the IP packet and are not Ethernet padding');
  });

  it('names what is missing when the bytes end inside a header', () => {
    const b = serializeFrame([eth(), ...ping()]);
    expect(() => parseFrame(b.subarray(0, 10))).toThrow('parse: an Ethernet header needs 14 bytes, 10 left at byte 0');
    expect(() => parseFrame(b.subarray(0, 24))).toThrow('parse: an IPv4 header needs 20 bytes, 10 left at byte 14');
    const four = (protocol: number) => serializeFrame([eth(), F.ip('10.0.0.1', '10.0.0.2', protocol, 24), { type: 'payload', length: 4, pattern: 'zero' }]);
    expect(() => parseFrame(four(17))).toThrow('parse: a UDP header needs 8 bytes, 4 left at byte 34');
    expect(() => parseFrame(four(1))).toThrow('parse: an ICMP header needs 8 bytes, 4 left at byte 34');
    expect(() => parseFrame(four(6))).toThrow('parse: a TCP header needs 20 bytes, 4 left at byte 34');
    const tcp = serializeFrame(F.seedTcp()[2]); // 32-byte TCP header (nop,nop,TS)
    const short = fixIp(tcp.slice(0, 54));
    short[16] = 0;
    short[17] = 40;
    expect(() => parseFrame(fixIp(short))).toThrow('parse: the TCP header with options needs 32 bytes, 20 left at byte 34');
    expect(() => parseFrame(tcp.subarray(0, 64))).toThrow('parse: IPv4 totalLength 52 but only 50 bytes are there');
  });

  it('refuses IPv4 options, the reserved flag and lengths under 20', () => {
    const b = serializeFrame([eth(), ...ping()]);
    const opts = b.slice();
    opts[14] = 0x46;
    expect(() => parseFrame(opts)).toThrow('parse: byte 14 is 0x46; only IPv4 without options (0x45) is modelled');
    const rsvd = b.slice();
    rsvd[20] |= 0x80;
    expect(() => parseFrame(rsvd)).toThrow('parse: the reserved IPv4 flag is set');
    const tiny = b.slice();
    tiny[17] = 19;
    tiny[16] = 0;
    expect(() => parseFrame(fixIp(tiny))).toThrow('parse: IPv4 totalLength 19 < 20');
  });

  it('reads a header that carries nothing, other protocols as payload, and a literal later fragment', () => {
    const bare: Header[] = [eth(), F.ip('10.0.0.1', '10.0.0.2', 47, 20)];
    expect(parseFrame(serializeFrame(bare))).toEqual(bare);
    const gre: Header[] = [eth(), F.ip('10.0.0.1', '10.0.0.2', 47, 24), { type: 'payload', length: 4, pattern: 'zero' }];
    expect(parseFrame(serializeFrame(gre))).toEqual(gre);
    const later: Header[] = [eth(), F.ip('10.244.0.5', '10.244.5.194', 17, 36, { id: 7, fragOffset: 185 }), { type: 'payload', length: 16, pattern: 'zero' }];
    expect(parseFrame(serializeFrame(later))).toEqual(later);
  });

  it('checks the UDP length against the IP packet, and reads VXLAN only when 16 bytes follow the UDP header', () => {
    const b = serializeFrame(F.seedFlannelRequest());
    const badLen = b.slice();
    badLen[38] = 0;
    badLen[39] = 200;
    expect(() => parseFrame(badLen)).toThrow('parse: UDP length 200 but the IP packet leaves 114 bytes');
    const toVxlan = (n: number): Header[] => [
      eth(),
      F.ip('10.0.0.1', '10.0.0.2', 17, 28 + n),
      { type: 'udp', srcPort: 40000, dstPort: 4789, length: 8 + n },
      { type: 'payload', length: n, pattern: 'zero' },
    ];
    expect(parseFrame(serializeFrame(toVxlan(4)))).toEqual(toVxlan(4));
    expect(() => parseFrame(serializeFrame(toVxlan(8)))).toThrow('parse: an Ethernet header needs 14 bytes, 0 left at byte 50');
    expect(() => parseFrame(b, { vxlanPorts: [] })).toThrow('parse: the 106 payload bytes at byte 42 follow neither the ping pattern nor zeros');
  });

  it('reads ICMP errors with or without a quote, the MTU only on 3/4, and refuses other types outside a quote', () => {
    const probe: Header[] = [F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1 }), { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 }, { type: 'payload', length: 32, pattern: 'zero' }];
    for (const [t, code] of [[3, 3], [3, 1], [11, 0]] as const) {
      const err = [eth(), ...linuxIcmpError({ src: '10.0.0.1', original: probe, icmpType: t, code, id: 1 })];
      expect(parseFrame(serializeFrame(err))).toEqual(err);
    }
    const bare: Header[] = [eth(), F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 11, code: 0 }];
    expect(parseFrame(serializeFrame(bare))).toEqual(bare);
    const redirect: Header[] = [eth(), F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 5, code: 1 }];
    expect(() => parseFrame(serializeFrame(redirect))).toThrow('parse: ICMP type 5 is not modelled (echo, unreachable, time exceeded)');
    // inside a quote any ICMP type is read, its rest as payload
    const quoted: Header[] = [F.ip('10.0.0.2', '10.0.0.1', 1, 36), { type: 'icmp', icmpType: 5, code: 1 }, { type: 'payload', length: 8, pattern: 'zero' }];
    const err = [eth(), ...linuxIcmpError({ src: '10.0.0.9', original: quoted, icmpType: 11, code: 0, id: 1 })];
    expect(parseFrame(serializeFrame(err))).toEqual(err);
  });

  it('refuses TCP data offsets under 20 and the flags it does not model; reads TCP without options', () => {
    const plain = F.tcp('10.0.0.1', '10.0.0.2', { srcPort: 1000, dstPort: 80, seq: 1, ack: 0, flags: { syn: true }, window: 100, options: {} });
    const s: Header[] = [eth(), ...plain];
    const b = serializeFrame(s);
    expect(parseFrame(b)).toEqual(s);
    const off = b.slice();
    off[46] = 0x40;
    expect(() => parseFrame(off)).toThrow('parse: TCP data offset 16 < 20');
    const urg = b.slice();
    urg[47] |= 0x20;
    expect(() => parseFrame(urg)).toThrow('parse: TCP URG/ECE/CWR or reserved bits are not modelled');
    const rsvd = b.slice();
    rsvd[46] |= 0x01;
    expect(() => parseFrame(rsvd)).toThrow('parse: TCP URG/ECE/CWR or reserved bits are not modelled');
  });

  it('says when headers read from the bytes do not serialise', () => {
    // MF set on 13 data bytes: the bytes parse, but no fragment with MF may carry a non-multiple of 8
    const frag: Header[] = [eth(), F.ip('10.0.0.1', '10.0.0.2', 47, 33, { mf: true }), { type: 'payload', length: 13, pattern: 'zero' }];
    const b = serializeFrame([eth(), F.ip('10.0.0.1', '10.0.0.2', 47, 33), frag[2]]);
    b[20] |= 0x20;
    expect(() => parseFrame(fixIp(b))).toThrow(
      'parse: the headers read from these bytes do not serialise (headers[1] (ipv4): a fragment with MF set must carry a multiple of 8 bytes, carries 13)',
    );
  });

  it('reassembles tunl0 fragments, a padded last fragment, and refuses empty, short or foreign frames', () => {
    const bare = ping({ size: 3000, df: false });
    const frags = fragment(bare, 1500);
    expect(parseFragments(frags.map(serializeFrame), { link: 'raw' })).toEqual(frags);
    // ping -s 1480 on 1500: 1500 + 28, the second padded to 60 bytes on Ethernet
    const small = fragment([eth(), ...ping({ size: 1480, df: false })], 1500);
    const [b0, b1] = small.map(serializeFrame);
    expect(b1.length).toBe(42);
    const padded = new Uint8Array(60);
    padded.set(b1);
    expect(parseFragments([b0, padded])).toEqual(small);
    expect(() => parseFragments([])).toThrow('parseFragments: no frames');
    expect(() => parseFragments([b0, b1.subarray(0, 30)])).toThrow('parseFragments: frame 1 is too short for an IPv4 header');
    // the third fragment of another datagram: only its source, destination or protocol differs
    const all = fragment([eth(), ...ping({ size: 3000, df: false })], 1500).map(serializeFrame);
    for (const [at, v] of [[26, 11], [30, 11], [23, 17]] as const) {
      const other = all[2].slice();
      other[at] = v;
      expect(() => parseFragments([all[0], all[1], fixIp(other)])).toThrow('parseFragments: the frames are not fragments of one datagram');
    }
  });
});
