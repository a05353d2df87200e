import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  compareStrings,
  maskToIp,
  numToIp,
  parseCidr,
  parseCidrLoose,
  parseIp,
  sameSubnet,
} from './ipv4';

// An independent reading of "strict dotted quad": split and a regex per octet.
const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
function reference(s: string): number | undefined {
  const p = s.split('.');
  if (p.length !== 4 || !p.every((x) => OCTET.test(x))) return undefined;
  return p.reduce((n, x) => n * 256 + Number(x), 0);
}

describe('ipv4', () => {
  it('parses strictly', () => {
    expect(parseIp('10.244.1.0')).toBe(10 * 2 ** 24 + 244 * 2 ** 16 + 256);
    expect(parseIp('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', ' 1.2.3.4', '1..2.3', '1.2.3.4/24', '10.244.300.0']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('agrees with an independent parser on random strings (fast-check seed 4242)', () => {
    const chunk = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('01', '00', '', 'a', '-1', ' 1'));
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 6 }), (parts) => {
        const s = parts.join('.');
        expect(parseIp(s)).toBe(reference(s));
      }),
      { seed: 4242, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        expect(numToIp(parseIp(s)!)).toBe(s);
      }),
      { seed: 4242 },
    );
  });

  it('CIDRs: canonical form, containment, overlap, masks', () => {
    expect(canonicalCidr('10.244.1.77/24')).toBe('10.244.1.0/24');
    expect(parseCidrLoose('10.0.0.1')).toEqual({ ip: parseIp('10.0.0.1'), prefixLen: 32 });
    expect(parseCidrLoose('10.0.0.0/33')).toBeUndefined();
    expect(cidrContains(parseCidr('10.244.0.0/16'), parseIp('10.244.200.1')!)).toBe(true);
    expect(cidrContains(parseCidr('10.244.0.0/16'), parseIp('10.245.0.1')!)).toBe(false);
    expect(cidrsOverlap(parseCidr('10.0.0.0/8'), parseCidr('10.1.0.0/16'))).toBe(true);
    expect(cidrsOverlap(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/16'))).toBe(false);
    expect(maskToIp(26)).toBe('255.255.255.192');
    expect(maskToIp(0)).toBe('0.0.0.0');
    expect(sameSubnet('192.168.1.10', 24, '192.168.1.11')).toBe(true);
    expect(sameSubnet('192.168.1.10', 32, '192.168.1.11')).toBe(false);
  });

  it('compares addresses as Go compares strings (who listens on 179)', () => {
    // "192.168.179.102" < "192.168.179.2" as strings, though not as numbers
    expect(compareStrings('192.168.179.102', '192.168.179.2')).toBeLessThan(0);
  });
});
