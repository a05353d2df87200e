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
