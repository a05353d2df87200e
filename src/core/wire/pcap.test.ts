import type { Hop, WireSegment } from '../model/packet';
import { hopsToPcap, readPcap, segmentsToPcap, writePcap } from './pcap';
import { serializeFrame } from './serialize';
import { fromHex, toHex, WireError } from './bytes';
import * as F from '../../../test/wire/fixtures';

describe('writePcap', () => {
  it('writes the classic little-endian header: a1b2c3d4, v2.4, snaplen 262144, Ethernet', () => {
    const file = writePcap([]);
    expect(toHex(file)).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000');
  });

  it('writes one record per frame with logical time stamps (t = 0 is 2026-01-01T12:00:00Z)', () => {
    const bytes = serializeFrame(F.seedFlannelRequest());
    const file = writePcap([{ bytes, tUs: 2_500_001 }]);
    expect(file.length).toBe(24 + 16 + 148);
    const rec = file.subarray(24, 40);
    // ts_sec 1767268802 = 0x695661c2, ts_usec 500001 = 0x0007a121, incl_len = orig_len = 148
    expect(toHex(rec)).toBe('c2615669' + '21a10700' + '94000000' + '94000000');
    expect(toHex(file.subarray(40))).toBe(toHex(bytes));
    expect(readPcap(file)).toEqual({ linktype: 1, snaplen: 262144, frames: [{ bytes, tUs: 2_500_001, origLen: 148 }] });
  });

  it('refuses a frame shorter than an Ethernet header', () => {
    expect(() => writePcap([{ bytes: new Uint8Array(10), tUs: 0 }])).toThrow(/shorter than an Ethernet header/);
  });
});

describe('segmentsToPcap / hopsToPcap', () => {
  const seg = (frame: WireSegment['frame'], medium = 'lan'): WireSegment => ({
    medium,
    from: { ns: 'node2', dev: 'ens33' },
    to: { ns: 'node1', dev: 'ens33' },
    frame,
    length: serializeFrame(frame).length,
  });

  it('keeps Ethernet segments and leaves out tunl0 (bare IP) ones', () => {
    const ipip = F.seedIpipRequest();
    const tunnel = seg(ipip.slice(1 + 1), 'tunnel'); // the inner packet as tunl0 sees it: no Ethernet
    const file = segmentsToPcap([
      { segment: tunnel, tUs: 10 },
      { segment: seg(ipip), tUs: 60 },
    ]);
    const read = readPcap(file);
    expect(read.frames.map((f) => [f.tUs, f.bytes.length])).toEqual([[60, 118]]);
  });

  it('checks a segment length against its serialised frame', () => {
    const bad = { ...seg(F.seedIpipRequest()), length: 98 };
    expect(() => segmentsToPcap([{ segment: bad, tUs: 0 }])).toThrow(/node2\/ens33 → node1\/ens33 says 98 bytes but its frame serialises to 118/);
  });

  it('takes the wire segments of hops at the hops’ logical times', () => {
    const hop = (index: number, t: number, wire?: WireSegment): Hop => ({ index, t, ns: 'node2', kind: wire ? 'wire' : 'route', packet: [], text: '', why: '', wire });
    const file = hopsToPcap([hop(0, 0), hop(1, 5, seg(F.seedFlannelRequest())), hop(2, 55, seg(F.seedFlannelReply()))]);
    expect(readPcap(file).frames.map((f) => f.tUs)).toEqual([5, 55]);
  });
});

// Files built byte by byte from the libpcap layout (global header: magic, version 2.4, thiszone, sigfigs,
// snaplen, link type; record header: ts_sec, ts_usec, incl_len, orig_len; all little-endian here), with
// time stamps worked out by hand from the logical epoch 2026-01-01T12:00:00Z = 1767268800 s.
const GLOBAL = 'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000';
const AT_EPOCH = 'c0615669'; // 1767268800
const rec = (sec: string, usec: string, incl: string, orig: string, data = '') => sec + usec + incl + orig + data;
const refused = (hex: string, message: RegExp, clockStart?: string) => {
  const file = fromHex(hex);
  expect(() => readPcap(file, clockStart)).toThrow(WireError);
  expect(() => readPcap(file, clockStart)).toThrow(message);
};

describe('readPcap', () => {
  it('a header alone is a file with no packets, its snaplen and link type as written', () => {
    const raw = 'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + 'ffff0000' + '65000000'; // snaplen 65535, RAW
    expect(readPcap(fromHex(raw))).toEqual({ linktype: 101, snaplen: 65535, frames: [] });
  });

  it('refuses what is not a little-endian microsecond pcap: short, big-endian, nanosecond', () => {
    refused(GLOBAL.slice(0, 46), /not a little-endian microsecond pcap file/); // 23 bytes
    refused('', /not a little-endian microsecond pcap file/);
    refused('a1b2c3d4' + GLOBAL.slice(8), /not a little-endian microsecond pcap file/);
    refused('4d3cb2a1' + GLOBAL.slice(8), /not a little-endian microsecond pcap file/); // 0xa1b23c4d: ns stamps
  });

  it('refuses a record header cut short, and takes a whole one with no data', () => {
    refused(GLOBAL + rec(AT_EPOCH, '00000000', '00000000', '00000000').slice(0, 30), /truncated record header/); // 15 of 16 bytes
    refused(GLOBAL + '00', /truncated record header/);
    expect(readPcap(fromHex(GLOBAL + rec(AT_EPOCH, '00000000', '00000000', '3c000000'))).frames).toEqual([{ bytes: new Uint8Array(0), tUs: 0, origLen: 60 }]);
  });

  it('refuses a record whose data is shorter than its incl_len, and takes one exactly that long', () => {
    refused(GLOBAL + rec(AT_EPOCH, '00000000', '04000000', '04000000', 'aabbcc'), /readPcap: truncated record$/);
    const file = fromHex(GLOBAL + rec(AT_EPOCH, '07000000', '04000000', 'e8030000', 'aabbccdd'));
    expect(readPcap(file).frames).toEqual([{ bytes: fromHex('aabbccdd'), tUs: 7, origLen: 1000 }]);
  });

  it('reads records one after another, each at its own time and with its own lengths', () => {
    const file = fromHex(
      GLOBAL +
        rec(AT_EPOCH, '3f420f00', '02000000', '02000000', '0102') + // 0 s + 999999 µs
        rec('c2615669', '05000000', '03000000', '40000000', '030405'), // 1767268802 s + 5 µs, orig 64
    );
    expect(readPcap(file).frames).toEqual([
      { bytes: fromHex('0102'), tUs: 999_999, origLen: 2 },
      { bytes: fromHex('030405'), tUs: 2_000_005, origLen: 64 },
    ]);
  });

  it('refuses a time stamp before t = 0, one second before and with a clock start', () => {
    refused(GLOBAL + rec('bf615669', '3f420f00', '00000000', '00000000'), /a time stamp before the logical epoch/); // 1767268799.999999
    // starting at 13:00:00, t = 0 is 1767272400: noon is an hour early
    refused(GLOBAL + rec(AT_EPOCH, '00000000', '00000000', '00000000'), /a time stamp before the logical epoch/, '13:00:00');
  });

  it('counts time from the clock start it is given', () => {
    const file = fromHex(GLOBAL + rec('d26f5669', '05000000', '00000000', '00000000')); // 1767272402.000005
    expect(readPcap(file, '13:00:00').frames[0].tUs).toBe(2_000_005);
    expect(readPcap(file).frames[0].tUs).toBe(3602_000_005);
  });

  it('reads a file lying inside a larger buffer from its own first byte', () => {
    const whole = fromHex('ffffffffffffffff' + GLOBAL + rec(AT_EPOCH, '01000000', '01000000', '01000000', '2a') + 'eeee');
    const file = whole.subarray(8, whole.length - 2);
    expect(readPcap(file)).toEqual({ linktype: 1, snaplen: 262144, frames: [{ bytes: fromHex('2a'), tUs: 1, origLen: 1 }] });
  });
});

describe('writePcap: link types, lengths and clock start', () => {
  it('writes link type RAW (101) and takes bare IPv4 packets from 20 bytes', () => {
    const file = writePcap([{ bytes: new Uint8Array(20).fill(0x45), tUs: 0 }], { linktype: 101 });
    expect(toHex(file.subarray(20, 24))).toBe('65000000');
    expect(toHex(file.subarray(24, 40))).toBe(rec(AT_EPOCH, '00000000', '14000000', '14000000'));
    expect(file.length).toBe(24 + 16 + 20);
    const short = () => writePcap([{ bytes: new Uint8Array(19), tUs: 0 }], { linktype: 101 });
    expect(short).toThrow(WireError);
    expect(short).toThrow('writePcap: a 19-byte frame is shorter than an IPv4 header');
  });

  it('takes an Ethernet frame from 14 bytes and names the length it refuses', () => {
    expect(writePcap([{ bytes: new Uint8Array(14), tUs: 0 }]).length).toBe(24 + 16 + 14);
    const short = () => writePcap([{ bytes: new Uint8Array(13), tUs: 0 }]);
    expect(short).toThrow(WireError);
    expect(short).toThrow('writePcap: a 13-byte frame is shorter than an Ethernet header');
  });

  it('cuts a frame longer than the snaplen at 262144 bytes and keeps its real length', () => {
    const big = new Uint8Array(262_145).fill(7);
    const file = writePcap([{ bytes: big, tUs: 0 }, { bytes: new Uint8Array(14).fill(9), tUs: 1 }]);
    expect(file.length).toBe(24 + 16 + 262_144 + 16 + 14);
    expect(toHex(file.subarray(24, 40))).toBe(rec(AT_EPOCH, '00000000', '00000400', '01000400'));
    expect(file[40 + 262_143]).toBe(7);
    // the next record starts right after the cut data
    expect(toHex(file.subarray(40 + 262_144, 40 + 262_144 + 16))).toBe(rec(AT_EPOCH, '01000000', '0e000000', '0e000000'));
    expect(file[file.length - 1]).toBe(9);
  });

  it('stamps records from the clock start and drops fractions of a microsecond', () => {
    // 00:00:00 on the epoch's day is 1767225600; t = 1000002.7 µs → 1767225601 s + 2 µs
    const file = writePcap([{ bytes: new Uint8Array(14), tUs: 1_000_002.7 }], { clockStart: '00:00:00' });
    expect(toHex(file.subarray(24, 32))).toBe('01b95569' + '02000000');
  });
});

describe('segmentsToPcap: clock start and frames that are not written', () => {
  const seg = (frame: WireSegment['frame']): WireSegment => ({
    medium: 'lan',
    from: { ns: 'node2', dev: 'ens33' },
    to: { ns: 'node1', dev: 'ens33' },
    frame,
    length: frame.length ? serializeFrame(frame).length : 0,
  });

  it('stamps records from the scenario’s clock start', () => {
    // 08:30:00 on 2026-01-01 is 1767256200 = 0x69563088; t = 3 µs
    const file = segmentsToPcap([{ segment: seg(F.seedFlannelRequest()), tUs: 3 }], '08:30:00');
    expect(toHex(file.subarray(24, 32))).toBe('88305669' + '03000000');
    expect(readPcap(file, '08:30:00').frames.map((f) => f.tUs)).toEqual([3]);
    const hop: Hop = { index: 0, t: 3, ns: 'node2', kind: 'wire', packet: [], text: '', why: '', wire: seg(F.seedFlannelRequest()) };
    expect(toHex(hopsToPcap([hop], '08:30:00').subarray(24, 32))).toBe('88305669' + '03000000');
  });

  it('leaves out a segment with no headers at all, as it does a bare IP one', () => {
    const file = segmentsToPcap([
      { segment: seg([]), tUs: 1 },
      { segment: seg(F.seedFlannelReply()), tUs: 2 },
    ]);
    expect(readPcap(file).frames.map((f) => f.tUs)).toEqual([2]);
    expect(toHex(segmentsToPcap([{ segment: seg([]), tUs: 1 }]))).toBe(GLOBAL);
  });
});
