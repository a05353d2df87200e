import type { Hop, WireSegment } from '../model/packet';
import { hopsToPcap, readPcap, segmentsToPcap, writePcap } from './pcap';
import { serializeFrame } from './serialize';
import { toHex } from './bytes';
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
