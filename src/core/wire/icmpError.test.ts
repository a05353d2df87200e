// linuxIcmpError and cutStack at their edges; expected stacks written by hand from net/ipv4/icmp.c's rules
// (quote min(len, 576 − 28), TOS 0xc0 | (tos & 0x1e), TTL 64, DF clear, MTU only in frag-needed).
import type { Header } from '../model/packet';
import { cutStack, linuxIcmpError } from './icmpError';
import * as F from '../../../test/wire/fixtures';

describe('linuxIcmpError', () => {
  const probe: Header[] = [
    F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1, tos: 0x10 }),
    { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 },
    { type: 'payload', length: 32, pattern: 'zero' },
  ];

  it('builds port unreachable (3/3) with the whole 60-byte probe quoted and no MTU field', () => {
    expect(linuxIcmpError({ src: '10.244.5.194', original: probe, icmpType: 3, code: 3, id: 77 })).toEqual([
      // 0xc0 | (0x10 & 0x1e) = 0xd0; 20 + 8 + 60 = 88
      F.ip('10.244.5.194', '10.244.0.5', 1, 88, { id: 77, tos: 0xd0 }),
      { type: 'icmp', icmpType: 3, code: 3 },
      { type: 'quote', headers: probe },
    ]);
  });

  it('puts the MTU on frag-needed (3/4) only, 0 when none is given', () => {
    const icmpOf = (icmpType: 3 | 11, code: number, mtu?: number) => linuxIcmpError({ src: '10.0.0.1', original: probe, icmpType, code, mtu, id: 1 })[1];
    expect(icmpOf(3, 4, 1450)).toEqual({ type: 'icmp', icmpType: 3, code: 4, mtu: 1450 });
    expect(icmpOf(3, 4)).toEqual({ type: 'icmp', icmpType: 3, code: 4, mtu: 0 });
    expect(icmpOf(3, 1, 1450)).toEqual({ type: 'icmp', icmpType: 3, code: 1 });
    expect(icmpOf(11, 0, 1450)).toEqual({ type: 'icmp', icmpType: 11, code: 0 });
    // code 4 of another type is not frag-needed
    expect(icmpOf(11, 4, 1450)).toEqual({ type: 'icmp', icmpType: 11, code: 4 });
  });

  it('refuses an original that does not start with its IPv4 header', () => {
    expect(() => linuxIcmpError({ src: '10.0.0.1', original: [], icmpType: 11, code: 0, id: 1 })).toThrow(/the original must start with its IPv4 header/);
    expect(() => linuxIcmpError({ src: '10.0.0.1', original: probe.slice(1), icmpType: 11, code: 0, id: 1 })).toThrow(/the original must start with its IPv4 header/);
  });
});

describe('cutStack', () => {
  const p = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 1 }); // 20 + 8 + 56

  it('stops at a header boundary without an empty payload', () => {
    expect(cutStack(p, 28)).toEqual(p.slice(0, 2));
    expect(cutStack(p, 20)).toEqual(p.slice(0, 1));
  });

  it('shortens the payload, keeps it whole at its exact size', () => {
    expect(cutStack(p, 30)).toEqual([...p.slice(0, 2), { ...p[2], length: 2 }]);
    expect(cutStack(p, 84)).toEqual(p);
  });

  it('refuses a cut inside a header or past the end', () => {
    expect(() => cutStack(p, 24)).toThrow(/cutStack: byte 24 falls inside a icmp header/);
    expect(() => cutStack(p, 10)).toThrow(/cutStack: byte 10 falls inside a ipv4 header/);
    expect(() => cutStack(p, 85)).toThrow(/cutStack: the stack holds fewer than 85 bytes/);
  });
});
