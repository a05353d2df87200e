import { clockText, LOGICAL_EPOCH_S, logicalTimeval, timevalToLogical } from './clock';
import { detectPayload, payloadBytes } from './payload';
import { toHex } from './bytes';

describe('logical clock', () => {
  it('puts t = 0 at 2026-01-01T12:00:00Z', () => {
    expect(LOGICAL_EPOCH_S).toBe(Date.UTC(2026, 0, 1, 12, 0, 0) / 1000);
    expect(logicalTimeval(0)).toEqual({ sec: LOGICAL_EPOCH_S, usec: 0 });
    expect(logicalTimeval(3_000_250)).toEqual({ sec: LOGICAL_EPOCH_S + 3, usec: 250 });
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S + 3, usec: 250 })).toBe(3_000_250);
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S - 1, usec: 0 })).toBeUndefined();
    expect(() => logicalTimeval(-1)).toThrow(/≥ 0/);
  });

  it('prints tcpdump time stamps from a clock start, wrapping at midnight', () => {
    expect(clockText(0)).toBe('12:00:00.000000');
    expect(clockText(374_454, '12:12:28')).toBe('12:12:28.374454');
    expect(clockText(61_000_001, '23:59:30')).toBe('00:00:31.000001');
    expect(() => clockText(0, '24:00:00')).toThrow(/HH:MM:SS/);
  });
});

describe('payload patterns', () => {
  it("builds iputils ping's 56 data bytes: a little-endian struct timeval, then offsets 0x10..0x37", () => {
    const b = payloadBytes({ type: 'payload', length: 56, pattern: 'ping', t: 1_500_042 });
    // tv_sec = 1767268801 = 0x695661c1, tv_usec = 500042 = 0x07a14a, each as 8 bytes little-endian
    expect(toHex(b.subarray(0, 8))).toBe('c161566900000000');
    expect(toHex(b.subarray(8, 16))).toBe('4aa1070000000000');
    expect([...b.subarray(16)]).toEqual(Array.from({ length: 40 }, (_, i) => 16 + i));
  });

  it('fills short pings (< 16 bytes, no timestamp) and long ones (byte i is i & 0xff) like ping does', () => {
    expect([...payloadBytes({ type: 'payload', length: 5, pattern: 'ping', t: 99 })]).toEqual([0, 1, 2, 3, 4]);
    const big = payloadBytes({ type: 'payload', length: 1472, pattern: 'ping', t: 0 });
    expect(big[255]).toBe(255);
    expect(big[256]).toBe(0);
    expect(big[1471]).toBe(1471 & 0xff);
  });

  it('writes the timeval from exactly 16 data bytes on (ping -s 16), and reads it back', () => {
    const b = payloadBytes({ type: 'payload', length: 16, pattern: 'ping', t: 1_500_042 });
    // the same timeval as above, and nothing after it
    expect(toHex(b)).toBe('c161566900000000' + '4aa1070000000000');
    expect(detectPayload(b)).toEqual({ type: 'payload', length: 16, pattern: 'ping', t: 1_500_042 });
    // 15 bytes: no timeval, the offsets 0..14
    expect([...payloadBytes({ type: 'payload', length: 15, pattern: 'ping', t: 1_500_042 })]).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('zero pattern is zeros', () => {
    expect([...payloadBytes({ type: 'payload', length: 4, pattern: 'zero' })]).toEqual([0, 0, 0, 0]);
  });

  it('recognises both patterns back, with the send time, and refuses other bytes', () => {
    const p = { type: 'payload', length: 56, pattern: 'ping', t: 7_654_321 } as const;
    expect(detectPayload(payloadBytes(p))).toEqual(p);
    expect(detectPayload(new Uint8Array(9))).toEqual({ type: 'payload', length: 9, pattern: 'zero' });
    expect(detectPayload(Uint8Array.from([0, 1, 2]))).toEqual({ type: 'payload', length: 3, pattern: 'ping' });
    expect(detectPayload(Uint8Array.from([0, 1, 3]))).toBeUndefined();
    const bad = payloadBytes(p);
    bad[8] = 0xff; // tv_usec ≥ 10^6: not a timeval ping would write
    bad[9] = 0xff;
    bad[10] = 0xff;
    expect(detectPayload(bad)).toBeUndefined();
  });

  it('rejects negative or fractional lengths', () => {
    expect(() => payloadBytes({ type: 'payload', length: -1, pattern: 'zero' })).toThrow(/whole number/);
    expect(() => payloadBytes({ type: 'payload', length: 1.5, pattern: 'zero' })).toThrow(/whole number/);
  });
});
