import type { Header } from '../model/packet';
import { fromHex, toHex, WireError } from './bytes';
import { serializeFrame, stackSize, wireLength } from './serialize';
import { cutStack, linuxIcmpError } from './icmpError';
import { fragment } from './fragment';
import * as F from '../../../test/wire/fixtures';

/** Independent checksum for the expected vectors: 16-bit words summed as a number, folded at the end. */
function refSum(bytes: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < bytes.length; i += 2) total += bytes[i] * 256 + (bytes[i + 1] ?? 0);
  while (total > 0xffff) total = (total % 0x10000) + Math.floor(total / 0x10000);
  return 0xffff - total;
}

/** Hex with the checksum field at byte `at` written as "cccc", filled in over bytes [from, to). */
function withSum(hex: string, at: number, cover: (b: Uint8Array) => Uint8Array = (b) => b): Uint8Array {
  const b = fromHex(hex.replace(/cccc/, '0000'));
  const s = refSum(cover(b));
  b[at] = s >> 8;
  b[at + 1] = s & 0xff;
  return b;
}

function pseudo(src: string, dst: string, proto: number, len: number): Uint8Array {
  const b = new Uint8Array(12);
  src.split('.').forEach((x, i) => (b[i] = Number(x)));
  dst.split('.').forEach((x, i) => (b[4 + i] = Number(x)));
  b[9] = proto;
  b[10] = len >> 8;
  b[11] = len & 0xff;
  return b;
}

const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

// the seed's Flannel ping (10.244.2.18 → 10.244.1.56, id 6912 seq 0) with send time t = 1.234567 s:
// ping's timeval is tv_sec 1767268801 (0x695661c1) and tv_usec 234567 (0x039447), 8 bytes LE each
const PING_DATA = fromHex('c161566900000000 4794030000000000' + Array.from({ length: 40 }, (_, i) => (16 + i).toString(16).padStart(2, '0')).join(''));
const ICMP = withSum('0800 cccc 1b00 0000' + toHex(PING_DATA), 2);
const IP_HDR = withSum('4500 0054 a1b0 4000 3f01 cccc 0af4 0212 0af4 0138', 10);

describe('serializeFrame: known-good bytes', () => {
  it('writes an ICMP echo request packet (84 bytes) with both checksums', () => {
    const got = serializeFrame(F.ping('10.244.2.18', '10.244.1.56', { id: 6912, seq: 0, ipId: 0xa1b0 }));
    expect(toHex(got)).toBe(toHex(cat(IP_HDR, ICMP)));
    expect(got.length).toBe(84);
  });

  it("writes seed 002's Flannel VXLAN frame: 148 bytes, UDP checksum 0, VXLAN 08 000000 000001 00", () => {
    const outerIp = withSum('4500 0086 2f07 0000 4011 cccc 0a00 0010 0a00 000f', 10);
    const expected = cat(
      fromHex('0050562b5e38 00505621d27a 0800'), // dst, src, type
      outerIp,
      fromHex('9502 2118 0072 0000'), // 38146 → 8472, length 114, no checksum
      fromHex('08 000000 000001 00'),
      fromHex('76642c291207 6e3d657f5285 0800'),
      IP_HDR,
      ICMP,
    );
    const got = serializeFrame(F.seedFlannelRequest());
    expect(got.length).toBe(148);
    expect(toHex(got)).toBe(toHex(expected));
  });

  it('sizes a 56-byte ping as 98 bytes bare, 118 with IPIP (no second Ethernet), 148 with VXLAN', () => {
    const bare = [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 })];
    expect(serializeFrame(bare).length).toBe(98);
    expect(serializeFrame(F.seedIpipRequest()).length).toBe(118);
    expect(serializeFrame(F.seedFlannelRequest()).length).toBe(148);
    for (const s of [bare, F.seedIpipRequest(), F.seedFlannelRequest()]) {
      expect(serializeFrame(s).length).toBe(stackSize(s)); // payload + the sum of header sizes
      expect(wireLength(s)).toBe(stackSize(s));
    }
  });

  it('writes IPIP as protocol 4 with the inner packet unchanged', () => {
    const got = serializeFrame(F.seedIpipRequest());
    const inner = serializeFrame(F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 }));
    expect(got[14 + 9]).toBe(4);
    expect(toHex(got.subarray(34))).toBe(toHex(inner));
    expect(refSum(got.subarray(14, 34))).toBe(0);
  });

  it("writes Linux's SYN option block 02 04 mss 04 02 08 0a tsval tsecr 01 03 03 07 and the TCP checksum", () => {
    const [syn] = F.seedTcp();
    const got = serializeFrame(syn);
    expect(got.length).toBe(74);
    const seg = got.subarray(34);
    const expected = withSum(
      '833e 0050 d2cac645 00000000 a002 fd5c cccc 0000' + '020405820402080a 9133abf5 00000000 01030307',
      16,
      (b) => cat(pseudo('10.244.2.18', '10.244.1.56', 6, b.length), b),
    );
    expect(toHex(seg)).toBe(toHex(expected));
  });

  it('writes timestamps without SACK as nop,nop,TS and SACK without timestamps as nop,nop,sackOK', () => {
    const ack = serializeFrame(F.seedTcp()[2]).subarray(34 + 20);
    expect(toHex(ack)).toBe('0101080a9133abf5d2363ddd');
    const s = F.tcp('10.0.0.1', '10.0.0.2', { srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: { syn: true }, window: 0, options: { mss: 1460, sackOk: true, wscale: 0 } });
    expect(toHex(serializeFrame(s).subarray(40))).toBe('020405b4' + '01010402' + '01030300');
  });

  it('computes the UDP checksum over the pseudo-header unless zeroChecksum', () => {
    const u: Header[] = [
      F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 8 + 4, { id: 1 }),
      { type: 'udp', srcPort: 45000, dstPort: 33434, length: 12 },
      { type: 'payload', length: 4, pattern: 'zero' },
    ];
    const seg = serializeFrame(u).subarray(20);
    const expected = withSum('afc8 829a 000c cccc 00000000', 6, (b) => cat(pseudo('10.244.0.5', '10.244.5.194', 17, 12), b));
    expect(toHex(seg)).toBe(toHex(expected));
    const z = serializeFrame([u[0], { ...(u[1] as Header & { type: 'udp' }), zeroChecksum: true }, u[2]]);
    expect(toHex(z.subarray(26, 28))).toBe('0000');
  });

  it('writes ICMP frag-needed with the next-hop MTU and a Linux-sized quote (576-byte error)', () => {
    const big = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 1, size: 1472 });
    const err = serializeFrame(linuxIcmpError({ src: '192.168.2.22', original: big, icmpType: 3, code: 4, mtu: 1450, id: 4711 }));
    expect(err.length).toBe(576);
    expect(toHex(err.subarray(0, 2))).toBe('45c0'); // tos 0xc0: internetwork control
    expect(toHex(err.subarray(20, 28)).replace(/^0304(....)/, '0304xxxx')).toBe('0304xxxx000005aa');
    expect(refSum(err.subarray(20))).toBe(0);
    // the quote is the first 548 bytes of the original datagram, its ICMP checksum the original's
    const original = serializeFrame(big);
    expect(toHex(err.subarray(28))).toBe(toHex(original.subarray(0, 548)));
  });

  it('accepts a quote given whole or cut short: the bytes are the same', () => {
    const probe = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 9, size: 1000 });
    const cut = linuxIcmpError({ src: '10.0.0.1', original: probe, icmpType: 11, code: 0, id: 1 });
    const whole = [cut[0], cut[1], { type: 'quote', headers: probe } as Header];
    expect(toHex(serializeFrame(whole))).toBe(toHex(serializeFrame(cut)));
  });
});

describe('serializeFrame: refuses stacks whose fields disagree with their bytes', () => {
  const good = (): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 })];

  it('checks IPv4 totalLength against what follows', () => {
    const s = good();
    (s[1] as { totalLength: number }).totalLength = 85;
    expect(() => serializeFrame(s)).toThrow(/headers\[1\] \(ipv4\): totalLength 85 but the header and what follows are 84 bytes/);
  });

  it('checks the UDP length', () => {
    const s = F.seedFlannelRequest();
    (s[2] as { length: number }).length = 200;
    expect(() => serializeFrame(s)).toThrow(/\(udp\): length 200 but the header and what follows are 114 bytes/);
  });

  it('checks protocol and ethertype against the next header', () => {
    const s = good();
    (s[1] as { protocol: number }).protocol = 17;
    expect(() => serializeFrame(s)).toThrow(/protocol 17 but a icmp header follows \(protocol 1\)/);
    const t = good();
    (t[0] as { ethertype: number }).ethertype = 0x86dd;
    expect(() => serializeFrame(t)).toThrow(/ethertype 0x86dd but an IPv4 header follows/);
  });

  it('checks field ranges, addresses and ordering', () => {
    const s = good();
    (s[1] as { ttl: number }).ttl = 256;
    expect(() => serializeFrame(s)).toThrow(/ttl must be an integer 0..255, got 256/);
    const m = good();
    (m[0] as { src: string }).src = 'ee:ee:ee';
    expect(() => serializeFrame(m)).toThrow(/not a MAC address/);
    const a = good();
    (a[1] as { dst: string }).dst = '10.244.6.300';
    expect(() => serializeFrame(a)).toThrow(/not an IPv4 address/);
    expect(() => serializeFrame([{ type: 'payload', length: 1, pattern: 'zero' }, ...good()])).toThrow(/payload must be the last header/);
    expect(() => serializeFrame([{ type: 'udp', srcPort: 1, dstPort: 2, length: 8 }])).toThrow(/needs the enclosing IPv4 header/);
  });

  it('checks a fragment carries a multiple of 8 bytes while MF is set', () => {
    const s = good();
    Object.assign(s[1], { mf: true, df: false, totalLength: 20 + 13 });
    expect(() => serializeFrame(s)).toThrow(/multiple of 8 bytes, carries 13/);
  });
});

describe('serializeFrame: fragments', () => {
  const firstAsLiteral = (whole: Header[], ipIndex: number): Header[] => {
    // what core/walk builds: the first fragment as a shortened stack holding exactly its own bytes
    const ip = whole[ipIndex] as Header & { type: 'ipv4' };
    return [...whole.slice(0, ipIndex), { ...ip, totalLength: 1500, mf: true }, ...cutStack(whole.slice(ipIndex + 1), 1480)];
  };

  it('writes a literal first fragment of a UDP or VXLAN datagram exactly like the window form', () => {
    const udp: Header[] = [
      F.eth(F.MAC.podA, F.MAC.calicoGw),
      F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 8 + 3000, { id: 77 }),
      { type: 'udp', srcPort: 40000, dstPort: 5354, length: 3008 },
      { type: 'payload', length: 3000, pattern: 'ping', t: 5 },
    ];
    const inner = [F.eth(F.MAC.vtep16, F.MAC.vtep15), ...F.ping('10.244.2.18', '10.244.1.56', { id: 1, seq: 1, size: 1472, df: false })];
    const vx = [F.eth(F.MAC.node16, F.MAC.node15), ...F.vxlan({ src: '10.0.0.16', dst: '10.0.0.15', sport: 38146, dport: 8472, vni: 1 }, inner)];
    for (const whole of [udp, vx]) {
      const literal = firstAsLiteral(whole, 1);
      expect(stackSize(literal)).toBe(14 + 1500);
      expect(toHex(serializeFrame(literal))).toBe(toHex(serializeFrame(fragment(whole, 1500)[0])));
    }
  });

  it('writes a literal first fragment of an ICMP echo with a checksum over its own bytes only', () => {
    const whole = [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })];
    const literal = serializeFrame(firstAsLiteral(whole, 1));
    const exact = serializeFrame(fragment(whole, 1500)[0]);
    expect(literal.length).toBe(1514);
    expect(toHex(literal.subarray(0, 36))).toBe(toHex(exact.subarray(0, 36)));
    expect(toHex(literal.subarray(38))).toBe(toHex(exact.subarray(38)));
    expect(refSum(literal.subarray(34))).toBe(0); // ICMP checksum covers the 1480 bytes present
    expect(toHex(literal.subarray(6 + 14, 8 + 14))).toBe('2000'); // MF, offset 0
  });

  it('cuts a window out of the whole datagram when the stack describes all of it', () => {
    const whole = F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false });
    const all = serializeFrame(whole);
    const second = [{ ...whole[0], totalLength: 1500, mf: true, fragOffset: 185 } as Header, ...whole.slice(1)];
    const b = serializeFrame(second);
    expect(toHex(b.subarray(20))).toBe(toHex(all.subarray(20 + 1480, 20 + 2960)));
    expect(toHex(b.subarray(6, 8))).toBe('20b9'); // MF | 185
    const bad = [{ ...whole[0], totalLength: 1500, mf: false, fragOffset: 185 } as Header, ...whole.slice(1)];
    expect(() => serializeFrame(bad)).toThrow(/last fragment ends at byte 2960 but the datagram it is cut from has 3008/);
  });
});

describe('serializeFrame: edges (mutation testing; bytes and counts by hand)', () => {
  const good = (): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 })];
  const probe = (): Header[] => [
    F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1 }),
    { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 },
    { type: 'payload', length: 32, pattern: 'zero' },
  ];

  it('refuses a quote that is not last, a header shorter than 20 bytes, and TCP outside IPv4', () => {
    const err = linuxIcmpError({ src: '10.0.0.1', original: probe(), icmpType: 11, code: 0, id: 1 });
    expect(() => serializeFrame([...err, { type: 'payload', length: 0, pattern: 'zero' }])).toThrow('headers[2] (quote): a quote must be the last header of its stack');
    const s = good();
    (s[1] as { totalLength: number }).totalLength = 19;
    expect(() => serializeFrame(s)).toThrow('headers[1] (ipv4): totalLength 19 is shorter than the 20-byte header');
    const [syn] = F.seedTcp();
    expect(() => serializeFrame(syn.slice(2))).toThrow('headers[0] (tcp): a TCP checksum needs the enclosing IPv4 header');
    const noId = good();
    delete (noId[1] as { id?: number }).id;
    expect(() => serializeFrame(noId)).toThrow('headers[1] (ipv4): id must be an integer 0..65535, got undefined');
    const vx = F.seedFlannelRequest();
    (vx[3] as { vni: number }).vni = 0x1000000;
    expect(() => serializeFrame(vx)).toThrow('headers[3] (vxlan): vni must be an integer 0..16777215, got 16777216');
  });

  it('refuses quotes it cannot rebuild', () => {
    const [ip, icmp] = linuxIcmpError({ src: '10.0.0.1', original: probe(), icmpType: 11, code: 0, id: 1 });
    expect(() => serializeFrame([ip, icmp, { type: 'quote', headers: probe().slice(1) }])).toThrow('quote: the quoted headers must start with the original IPv4 header');
    // room for 60 bytes (88 − 28) but the quoted datagram says it is 40 long
    const short = probe();
    Object.assign(short[0], { totalLength: 40 });
    Object.assign(short[1], { length: 20 });
    Object.assign(short[2], { length: 12 });
    expect(() => serializeFrame([ip, icmp, { type: 'quote', headers: short }])).toThrow('quote: the enclosing header leaves room for 60 quoted bytes but the quoted datagram has only 40');
    // the quoted IPv4 header says 50 bytes, its headers hold 20 + 8 + 32 = 60
    const over = probe();
    Object.assign(over[0], { totalLength: 50 });
    expect(() => serializeFrame([{ ...ip, totalLength: 78 } as Header, icmp, { type: 'quote', headers: over }])).toThrow('the headers hold 10 bytes more than their length fields say');
  });

  it('adds the zeros a quote of bare headers lacks, so the UDP checksum is the whole datagram’s', () => {
    const whole = probe();
    const err = linuxIcmpError({ src: '10.0.0.1', original: whole, icmpType: 3, code: 3, id: 1 });
    const bare = [err[0], err[1], { type: 'quote', headers: whole.slice(0, 2) } as Header];
    // the 60-byte probe is quoted whole: bytes 28.. of the error are the probe's own bytes
    expect(toHex(serializeFrame(bare).subarray(28))).toBe(toHex(serializeFrame(whole)));
    const udpSum = serializeFrame(whole).subarray(26, 28);
    expect(toHex(serializeFrame(bare).subarray(28 + 26, 28 + 28))).toBe(toHex(udpSum));
  });

  it('writes a literal later fragment from the start of its payload pattern, and refuses one that holds too little', () => {
    const lit: Header[] = [F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 16, { id: 7, fragOffset: 185 }), { type: 'payload', length: 16, pattern: 'zero' }];
    const b = serializeFrame(lit);
    expect(b.length).toBe(36);
    expect(toHex(b.subarray(6, 8))).toBe('00b9'); // no MF, offset 185
    expect(toHex(b.subarray(20))).toBe('00'.repeat(16));
    // a window whose headers hold fewer bytes than the slice it names: 1480..1496 of a 1488-byte datagram
    const window: Header[] = [
      F.ip('10.244.0.5', '10.244.5.194', 17, 20 + 16, { id: 7, fragOffset: 185, mf: true }),
      { type: 'udp', srcPort: 1, dstPort: 2, length: 1488 },
      { type: 'payload', length: 1480, pattern: 'zero' },
    ];
    expect(() => serializeFrame(window)).toThrow('headers[0] (ipv4): fragment carries bytes 1480..1496 but the headers after it hold only 1488');
  });

  it('writes ICMP echo id and seq as 0 when absent, and nothing there for other types', () => {
    const echo: Header[] = [F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 8, code: 0 }];
    expect(toHex(serializeFrame(echo).subarray(20))).toBe('0800f7ff00000000'); // checksum ~0x0800 = 0xf7ff
    const redirect: Header[] = [F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 5, code: 1, id: 9, seq: 9, mtu: 9 } as Header];
    expect(toHex(serializeFrame(redirect).subarray(20))).toBe('0501fafe00000000'); // ~0x0501 = 0xfafe
    const unreach: Header[] = [F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 3, code: 1, mtu: 1450 }];
    expect(toHex(serializeFrame(unreach).subarray(20))).toBe('0301fcfe00000000'); // the MTU only with code 4
  });

  it('writes an IPv4 header that carries nothing (totalLength 20)', () => {
    expect(toHex(serializeFrame([F.ip('10.0.0.1', '10.0.0.2', 1, 20, { id: 1, ttl: 64 })]).subarray(0, 4))).toBe('45000014');
  });

  it('counts wire length without an IPv4 header as the sum of the sizes', () => {
    expect(wireLength([F.eth(F.MAC.podA, F.MAC.calicoGw)])).toBe(14);
    expect(wireLength([{ type: 'payload', length: 5, pattern: 'zero' }])).toBe(5);
    expect(wireLength([F.eth(F.MAC.podA, F.MAC.calicoGw), { ...F.ip('10.0.0.1', '10.0.0.2', 1, 1500), mf: true }])).toBe(1514);
  });
});

describe('serializeFrame: every field checked by name (mutation testing)', () => {
  const ping = (): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.0.1', '10.244.6.3', { id: 3, seq: 1 })];
  const udp = (): Header[] => F.seedFlannelRequest();
  const frag = (): Header[] => [F.ip('10.244.0.5', '10.244.5.194', 17, 36, { id: 7, fragOffset: 185 }), { type: 'payload', length: 16, pattern: 'zero' }];
  const unreach = (): Header[] => [F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 3, code: 4, mtu: 1450 }];
  // no IPv4 or ICMP header follows, so the EtherType and protocol are not checked against one first
  const arp = (): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), { type: 'payload', length: 28, pattern: 'zero' }];
  const gre = (): Header[] => [F.ip('10.0.0.1', '10.0.0.2', 47, 24), { type: 'payload', length: 4, pattern: 'zero' }];
  const cases: [string, () => Header[], number, string, number, number][] = [
    // stack, index, field, a bad value, the field's maximum
    ['eth', arp, 0, 'ethertype', 0x10000, 0xffff],
    ['ipv4', ping, 1, 'tos', 256, 0xff],
    ['ipv4', ping, 1, 'id', 0x10000, 0xffff],
    ['ipv4', ping, 1, 'ttl', -1, 0xff],
    ['ipv4', gre, 0, 'protocol', 1.5, 0xff],
    ['ipv4', ping, 1, 'totalLength', 0x10000, 0xffff],
    ['ipv4', frag, 0, 'fragOffset', 0x2000, 0x1fff],
    ['icmp', ping, 2, 'icmpType', 256, 0xff],
    ['icmp', ping, 2, 'code', 256, 0xff],
    ['icmp', ping, 2, 'id', 0x10000, 0xffff],
    ['icmp', ping, 2, 'seq', 0x10000, 0xffff],
    ['icmp', unreach, 1, 'mtu', 0x10000, 0xffff],
    ['udp', udp, 2, 'length', 0x10000, 0xffff],
    ['udp', udp, 2, 'srcPort', 0x10000, 0xffff],
    ['udp', udp, 2, 'dstPort', -1, 0xffff],
    ['vxlan', udp, 3, 'flags', 256, 0xff],
    ['tcp', () => F.seedTcp()[0], 2, 'srcPort', 0x10000, 0xffff],
    ['tcp', () => F.seedTcp()[0], 2, 'dstPort', 0x10000, 0xffff],
    ['tcp', () => F.seedTcp()[0], 2, 'seq', 2 ** 32, 0xffffffff],
    ['tcp', () => F.seedTcp()[0], 2, 'ack', -1, 0xffffffff],
    ['tcp', () => F.seedTcp()[0], 2, 'window', 0x10000, 0xffff],
  ];
  for (const [type, stack, i, name, bad, max] of cases) {
    it(`${type} ${name}: ${bad} is refused`, () => {
      const s = stack();
      (s[i] as unknown as Record<string, number>)[name] = bad;
      expect(() => serializeFrame(s)).toThrow(`headers[${i}] (${type}): ${name} must be an integer 0..${max}, got ${bad}`);
      expect(() => serializeFrame(s)).toThrow(WireError);
    });
  }

  it('lets Ethernet carry other EtherTypes and IPv4 other protocols when no known header follows', () => {
    expect(toHex(serializeFrame([{ type: 'eth', src: F.MAC.podA, dst: F.MAC.calicoGw, ethertype: 0x0806 }, { type: 'payload', length: 2, pattern: 'zero' }]))).toBe(
      'eeeeeeeeeeee' + '7a1f3c9e42d1' + '0806' + '0000',
    );
    expect(serializeFrame([F.eth(F.MAC.podA, F.MAC.calicoGw)]).length).toBe(14);
    const gre = serializeFrame([F.ip('10.0.0.1', '10.0.0.2', 47, 24), { type: 'payload', length: 4, pattern: 'zero' }]);
    expect(gre[9]).toBe(47);
    expect(gre.length).toBe(24);
  });

  it('quotes the whole quoted stack when no IPv4 header gives the room', () => {
    const probe: Header[] = [F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1 }), { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 }, { type: 'payload', length: 32, pattern: 'zero' }];
    expect(serializeFrame([{ type: 'icmp', icmpType: 11, code: 0 }, { type: 'quote', headers: probe }]).length).toBe(8 + 60);
  });

  it('sends a UDP checksum that computes to 0 as 0xffff (RFC 768)', () => {
    // pseudo-header 0a00 0001 0a00 0002 0011 0008 + UDP x 0001 0008 0000 sum to 0x1425 + x; x = 0xebda
    // makes the sum 0xffff, whose complement is 0
    const s: Header[] = [F.ip('10.0.0.1', '10.0.0.2', 17, 28), { type: 'udp', srcPort: 0xebda, dstPort: 1, length: 8 }];
    expect(toHex(serializeFrame(s).subarray(20))).toBe('ebda' + '0001' + '0008' + 'ffff');
  });

  it('writes no MTU for code 4 of another type', () => {
    const te: Header[] = [F.ip('10.0.0.1', '10.0.0.2', 1, 28), { type: 'icmp', icmpType: 11, code: 4, mtu: 1450 }];
    expect(toHex(serializeFrame(te).subarray(20))).toBe('0b04f4fb00000000'); // ~0x0b04 = 0xf4fb
  });
});
