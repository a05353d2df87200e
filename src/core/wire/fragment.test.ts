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

describe('fragment: edges (mutation testing, expected values by hand)', () => {
  const bigPing = (size: number, df = false): Header[] => [F.eth(F.MAC.podA, F.MAC.calicoGw), ...F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size, df })];

  it('cuts a bare IPv4 packet (tunl0 has no Ethernet) the same way as a frame', () => {
    const bare = bigPing(3000).slice(1);
    const frags = fragment(bare, 1500);
    expect(frags.map((f) => [f[0].type, ipOf(f).totalLength, ipOf(f).fragOffset])).toEqual([
      ['ipv4', 1500, 0],
      ['ipv4', 1500, 185],
      ['ipv4', 68, 370],
    ]);
  });

  it('refuses stacks that do not start with IPv4 or Ethernet + IPv4, with its own message', () => {
    const [eth, ip] = bigPing(100);
    const pay: Header = { type: 'payload', length: 4, pattern: 'zero' };
    for (const s of [[], [eth, pay], [pay, ip], [eth]]) expect(() => fragment(s as Header[], 1500)).toThrow(/must start with IPv4 or Ethernet \+ IPv4/);
  });

  it('sends a datagram of exactly the MTU whole, DF set or not (ping -M do -s 1472 on 1500: 1500 ≤ 1500)', () => {
    for (const df of [true, false]) {
      const s = bigPing(1472, df);
      expect(ipOf(s).totalLength).toBe(1500);
      expect(fragment(s, 1500)).toEqual([s]);
    }
    expect(() => fragment(bigPing(1473, true), 1500)).toThrow(/DF is set on a 1501-byte datagram/);
  });

  it('makes no empty last piece when the data is a whole number of pieces (2960 = 2 × 1480)', () => {
    const frags = fragment(bigPing(2952), 1500);
    expect(frags.map((f) => [ipOf(f).totalLength, ipOf(f).fragOffset, ipOf(f).mf])).toEqual([
      [1500, 0, true],
      [1500, 185, false],
    ]);
  });

  it('cuts a later window-form fragment again at absolute offsets, MF kept on the last piece', () => {
    const [, second] = fragment(bigPing(3000), 1500);
    // 1480 data bytes at 576: 552 (= ⌊556/8⌋·8) + 552 + 376; offsets 185, 185 + 69, 185 + 138
    const again = fragment(second, 576);
    expect(again.map((f) => [ipOf(f).fragOffset, ipOf(f).totalLength, ipOf(f).mf])).toEqual([
      [185, 572, true],
      [254, 572, true],
      [323, 396, true],
    ]);
    const direct = serializeFrame(second).subarray(34);
    const joined = Uint8Array.from(again.flatMap((f) => [...serializeFrame(f).subarray(34)]));
    expect(toHex(joined)).toBe(toHex(direct));
  });

  it('refuses to cut again a literal later fragment (its headers hold only its own bytes)', () => {
    const ip = { ...ipOf(bigPing(3000)), totalLength: 1500, mf: true, fragOffset: 185 };
    const literal: Header[] = [F.eth(F.MAC.podA, F.MAC.calicoGw), ip, { type: 'payload', length: 1480, pattern: 'zero' }];
    expect(() => fragment(literal, 576)).toThrow(/cannot cut again a literal fragment that does not start the datagram/);
    expect(() => fragment(literal.slice(1), 576)).toThrow(/cannot cut again a literal fragment/);
  });
});
