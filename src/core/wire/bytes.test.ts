// Byte helpers, TCP option blocks and the logical clock at their edges; every expected value written by hand.
import { concat, fromHex, hexRows, ipAt, ipNum, macAt, macToBytes, put16, put24, put32, toHex, u16, u24, u32, WireError } from './bytes';
import { readTcpOptions, writeTcpOptions } from './tcpOptions';
import { clockText, LOGICAL_EPOCH_S, logicalTimeval, timevalToLogical } from './clock';

describe('bytes', () => {
  it('writes and reads MACs as tcpdump prints them (lower case, two digits)', () => {
    const b = new Uint8Array(8);
    macToBytes('0A:50:56:2b:5E:08', b, 1);
    expect([...b]).toEqual([0, 0x0a, 0x50, 0x56, 0x2b, 0x5e, 0x08, 0]);
    expect(macAt(b, 1)).toBe('0a:50:56:2b:5e:08');
    for (const bad of ['00:50:56:2b:5e', '00:50:56:2b:5e:38:01', '00-50-56-2b-5e-38', 'g0:50:56:2b:5e:38', ' 00:50:56:2b:5e:38']) {
      expect(() => macToBytes(bad, b, 0)).toThrow(`not a MAC address: ${bad}`);
    }
  });

  it('reads IPv4 addresses and refuses bad ones with a WireError', () => {
    expect(ipAt(Uint8Array.from([9, 10, 244, 1, 56]), 1)).toBe('10.244.1.56');
    expect(ipAt(Uint8Array.from([255, 255, 255, 254]), 0)).toBe('255.255.255.254');
    expect(ipNum('10.244.1.56')).toBe(0x0af40138);
    let err: unknown;
    try {
      ipNum('10.244.1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WireError);
    expect((err as Error).name).toBe('WireError');
    expect((err as Error).message).toBe('not an IPv4 address: 10.244.1');
  });

  it('reads and writes big-endian 16, 24 and 32-bit fields', () => {
    const b = Uint8Array.from([0xff, 0x80, 0x01, 0xfe, 0x7f]);
    expect(u16(b, 1)).toBe(0x8001);
    expect(u24(b, 1)).toBe(0x8001fe);
    expect(u32(b, 0)).toBe(0xff8001fe); // unsigned, not −8 388 098
    const w = new Uint8Array(4);
    put16(w, 1, 0x1abcd); // only the low 16 bits
    expect(toHex(w)).toBe('00abcd00');
    put24(w, 0, 0x1fedcba);
    expect(toHex(w)).toBe('fedcba00');
    put32(w, 0, 0xfedcba98);
    expect(toHex(w)).toBe('fedcba98');
  });

  it('joins buffers and prints tcpdump -xx rows of 16 bytes', () => {
    expect(toHex(concat(Uint8Array.from([1]), new Uint8Array(0), Uint8Array.from([2, 3])))).toBe('010203');
    const b = Uint8Array.from({ length: 19 }, (_, i) => i * 16 + 1);
    expect(hexRows(b)).toEqual(['0x0000:  0111 2131 4151 6171 8191 a1b1 c1d1 e1f1', '0x0010:  0111 21']);
    expect(hexRows(new Uint8Array(0))).toEqual([]);
  });

  it('reads spaced hex and refuses odd or non-hex strings', () => {
    expect([...fromHex(' 0a\nFF 10 ')]).toEqual([0x0a, 0xff, 0x10]);
    expect(() => fromHex('abc')).toThrow('fromHex: not an even-length hex string');
    expect(() => fromHex('zz')).toThrow('fromHex: not an even-length hex string');
    expect(() => fromHex('0g')).toThrow('fromHex: not an even-length hex string');
  });
});

describe('TCP options in Linux layout', () => {
  it('writes each option alone and the full SYN block in tcp_options_write order', () => {
    expect(toHex(writeTcpOptions({}))).toBe('');
    expect(toHex(writeTcpOptions({ mss: 1460 }))).toBe('020405b4');
    expect(toHex(writeTcpOptions({ sackOk: true }))).toBe('01010402');
    expect(toHex(writeTcpOptions({ wscale: 14 }))).toBe('0103030e');
    expect(toHex(writeTcpOptions({ tsVal: 0x01020304 }))).toBe('0101080a' + '01020304' + '00000000');
    expect(toHex(writeTcpOptions({ mss: 0xffff, sackOk: true, tsVal: 0xffffffff, tsEcr: 5, wscale: 0 }))).toBe('0204ffff' + '0402080a' + 'ffffffff' + '00000005' + '01030300');
  });

  it('refuses values a field cannot hold, naming the option', () => {
    expect(() => writeTcpOptions({ mss: 0x10000 })).toThrow('TCP option mss must be 0..65535, got 65536');
    expect(() => writeTcpOptions({ mss: -1 })).toThrow('TCP option mss must be 0..65535, got -1');
    expect(() => writeTcpOptions({ mss: 1.5 })).toThrow('TCP option mss must be 0..65535, got 1.5');
    expect(() => writeTcpOptions({ wscale: 15 })).toThrow('TCP option wscale must be 0..14, got 15');
    expect(() => writeTcpOptions({ tsVal: 2 ** 32 })).toThrow('TCP option tsVal must be 0..4294967295, got 4294967296');
    expect(() => writeTcpOptions({ tsVal: 0, tsEcr: 2 ** 32 })).toThrow('TCP option tsEcr must be 0..4294967295, got 4294967296');
  });

  it('reads the Linux layouts back', () => {
    expect(readTcpOptions(fromHex('020405b4 0402080a 00000001 00000002 01030307'))).toEqual({ mss: 1460, sackOk: true, tsVal: 1, tsEcr: 2, wscale: 7 });
    expect(readTcpOptions(fromHex('01010402'))).toEqual({ sackOk: true });
    expect(readTcpOptions(new Uint8Array(0))).toEqual({});
  });

  it('refuses bad lengths, other options and other layouts', () => {
    expect(() => readTcpOptions(fromHex('02'))).toThrow('TCP option 2 has a bad length');
    expect(() => readTcpOptions(fromHex('0201'))).toThrow('TCP option 2 has a bad length');
    expect(() => readTcpOptions(fromHex('020405'))).toThrow('TCP option 2 has a bad length');
    expect(() => readTcpOptions(fromHex('0203 05'))).toThrow('TCP option 2 (length 3) is not one a TcpHeader can describe');
    expect(() => readTcpOptions(fromHex('0902'))).toThrow('TCP option 9 (length 2) is not one a TcpHeader can describe');
    expect(() => readTcpOptions(fromHex('090a 0000000000000000'))).toThrow('TCP option 9 (length 10) is not one a TcpHeader can describe');
    expect(() => readTcpOptions(fromHex('0403 0000'))).toThrow('TCP option 4 (length 3) is not one a TcpHeader can describe');
    expect(() => readTcpOptions(fromHex('0304 0700'))).toThrow('TCP option 3 (length 4) is not one a TcpHeader can describe'); // wscale is 3 bytes
    expect(() => readTcpOptions(fromHex('0403'))).toThrow('TCP option 4 has a bad length'); // 3 bytes promised, 2 there
    expect(() => readTcpOptions(fromHex('0803 000000'))).toThrow('TCP option 8 (length 3) is not one a TcpHeader can describe');
    // known options in another order, or NOP/EOL padding Linux does not write
    const layout = 'TCP options are not in the layout Linux writes; a TcpHeader cannot reproduce them';
    expect(() => readTcpOptions(fromHex('01030307 020405b4'))).toThrow(layout);
    expect(() => readTcpOptions(fromHex('01010101'))).toThrow(layout);
    expect(() => readTcpOptions(fromHex('00000000'))).toThrow(layout);
    expect(() => readTcpOptions(fromHex('020405b4 01010101'))).toThrow(layout);
  });
});

describe('logical clock at its edges', () => {
  it('puts t = 0 at the scenario clock start on 2026-01-01 (UTC)', () => {
    expect(logicalTimeval(0, '00:00:00')).toEqual({ sec: LOGICAL_EPOCH_S - 43_200, usec: 0 });
    // 13:14:15 is 1 h 14 min 15 s after noon: 3600 + 840 + 15 = 4455 s
    expect(logicalTimeval(2_000_001.9, '13:14:15')).toEqual({ sec: LOGICAL_EPOCH_S + 4455 + 2, usec: 1 });
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S + 4455 + 2, usec: 1 }, '13:14:15')).toBe(2_000_001);
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S + 4454, usec: 999_999 }, '13:14:15')).toBeUndefined();
  });

  it('refuses times before t = 0, non-numbers and malformed clock starts', () => {
    for (const t of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => logicalTimeval(t)).toThrow(`logical time must be ≥ 0 µs, got ${t}`);
    for (const s of ['7:00:00', '24:00:00', '12:60:00', '12:00:60', '12:00', ' 12:00:00', '12:00:00 ']) {
      expect(() => logicalTimeval(0, s)).toThrow(`clock start must be HH:MM:SS, got ${s}`);
      expect(() => clockText(0, s)).toThrow(`clock start must be HH:MM:SS, got ${s}`);
    }
    for (const s of ['00:00:00', '09:59:59', '19:00:00', '20:00:00', '23:59:59']) expect(clockText(0, s)).toBe(`${s}.000000`);
  });

  it('reads back only timevals ping could write', () => {
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S, usec: 0 })).toBe(0);
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S, usec: 999_999 })).toBe(999_999);
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S, usec: 1_000_000 })).toBeUndefined();
    expect(timevalToLogical({ sec: LOGICAL_EPOCH_S, usec: -1 })).toBeUndefined();
  });

  it('prints hours, minutes and seconds with two digits and wraps at midnight', () => {
    // 1 h 2 min 3 s and 5 µs after 12:00:00
    expect(clockText(3_723_000_005)).toBe('13:02:03.000005');
    expect(clockText(1_000_000, '23:59:59')).toBe('00:00:00.000000');
    expect(clockText(59_999_999.7, '09:05:00')).toBe('09:05:59.999999');
  });
});
