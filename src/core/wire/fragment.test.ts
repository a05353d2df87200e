import type { Header, IPv4Header } from '../model/packet';
import { fragment } from './fragment';
import { serializeFrame } from './serialize';
import { parseFragments } from './parse';
import { toHex } from './bytes';
import * as F from '../../../test/wire/fixtures';

const ipOf = (s: Header[]): IPv4Header => s.find((h) => h.type === 'ipv4') as IPv4Header;

describe('fragment', () => {
  const bigPing = (size: number): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size, df: false })];

  it('cuts ping -s 3000 -M dont on a 1500 link into 1500 + 1500 + 68, offsets 0/185/370, MF on all but the last', () => {
    const frags = fragment(bigPing(3000), 1500);
    expect(frags.map((f) => ipOf(f).totalLength)).toEqual([1500, 1500, 68]);
    expect(frags.map((f) => ipOf(f).fragOffset)).toEqual([0, 185, 370]);
    expect(frags.map((f) => ipOf(f).mf)).toEqual([true, true, false]);
    expect(frags.map((f) => serializeFrame(f).length)).toEqual([1514, 1514, 82]);
    // the same id on every fragment; the data joined again is the original datagram's
    expect(new Set(frags.map((f) => ipOf(f).id)).size).toBe(1);
    const whole = serializeFrame(bigPing(3000)).subarray(34);
    const joined = Uint8Array.from(frags.flatMap((f) => [...serializeFrame(f).subarray(34)]));
    expect(toHex(joined)).toBe(toHex(whole));
  });

  it('makes every fragment but the last carry a multiple of 8 bytes (mtu 1450: 1424, not 1430)', () => {
    const frags = fragment(bigPing(2000), 1450);
    expect(frags.map((f) => ipOf(f).totalLength)).toEqual([1444, 604]);
    for (const f of frags.slice(0, -1)) expect((ipOf(f).totalLength - 20) % 8).toBe(0);
  });

  it('leaves a datagram that fits alone, as a copy', () => {
    const s = bigPing(56);
    const out = fragment(s, 1500);
    expect(out).toEqual([s]);
    expect(out[0]).not.toBe(s);
  });

  it('refuses DF (Linux answers with EMSGSIZE or ICMP frag-needed instead) and impossible MTUs', () => {
    const df = [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 1600 })];
    expect(() => fragment(df, 1500)).toThrow(/DF is set on a 1628-byte datagram/);
    expect(() => fragment(bigPing(100), 27)).toThrow(/leaves no room/);
    expect(() => fragment([{ type: 'payload', length: 1, pattern: 'zero' }], 1500)).toThrow(/must start with IPv4/);
  });

  it('fragments a VXLAN packet at its outer header, the inner frame spread over the pieces', () => {
    const inner = [F.eth(F.MAC.vtep16, F.MAC.vtep15), ...F.ping('10.244.2.18', '10.244.1.56', { id: 1, seq: 1, size: 1472, df: false })];
    const frame = [F.eth(F.MAC.node16, F.MAC.node15), ...F.vxlan({ src: '10.0.0.16', dst: '10.0.0.15', sport: 38146, dport: 8472, vni: 1 }, inner)];
    const frags = fragment(frame, 1500);
    expect(frags.map((f) => ipOf(f).totalLength)).toEqual([1500, 70]);
    expect(parseFragments(frags.map(serializeFrame))).toEqual(frags);
  });

  it('cuts a fragment again with absolute offsets (a first piece meeting a smaller MTU)', () => {
    const [first] = fragment(bigPing(3000), 1500);
    const again = fragment(first, 576);
    expect(again.map((f) => [ipOf(f).fragOffset, ipOf(f).totalLength, ipOf(f).mf])).toEqual([
      [0, 572, true],
      [69, 572, true],
      [138, 396, true],
    ]);
    const direct = serializeFrame(first).subarray(34);
    const joined = Uint8Array.from(again.flatMap((f) => [...serializeFrame(f).subarray(34)]));
    expect(toHex(joined)).toBe(toHex(direct));
  });
});
