// What the applications put in their packets and what the receiving stack answers, against Linux's
// numbers: SYN window 65535 rounded down to whole MSS (64240 for 1460), SYN-ACK window counted in segments
// of the effective MSS less 12 timestamp bytes (65160 for 1460 — what a Linux server advertises), MSS =
// route MTU − 40, 536 when the SYN carries none; ping's defaults (56 bytes, seq 1, pmtudisc want).
import { describe, expect, it } from 'vitest';
import { replyPacket, requestPacket, synWindow } from './apps';
import { ipv4, udp, echo } from './headers';
import type { Header, TcpHeader, WalkRequest } from '../model/packet';
import { walkEnglish } from './messages';

const req = (r: Partial<WalkRequest>): WalkRequest => ({ from: { node: 'a' }, to: { ip: '10.0.0.2' }, protocol: 'icmp', ...r });

describe('synWindow', () => {
  it('65535 rounded down to whole segments', () => {
    expect(synWindow(1460)).toBe(64240);
    expect(synWindow(1440)).toBe(64800);
    expect(synWindow(1448)).toBe(65160);
    expect(synWindow(536)).toBe(65392);
  });
});

describe('requestPacket', () => {
  it("ping: echo request of 56 bytes, seq 1, TTL 64, pmtudisc want, the id from the namespace", () => {
    const p = requestPacket(req({}), 'node/a', '10.0.0.2', undefined);
    expect(p.seq).toBe(1);
    expect(p.spec).toMatchObject({ dst: '10.0.0.2', protocol: 1, ttl: 64, pmtudisc: 'want' });
    expect(p.spec.bound).toBeUndefined();
    const l4 = p.spec.l4(1500, '10.0.0.1');
    expect(l4[0]).toMatchObject({ type: 'icmp', icmpType: 8, code: 0, seq: 1 });
    expect(l4[1]).toEqual({ type: 'payload', length: 56, pattern: 'ping', t: 0 });
    expect(walkEnglish(p.spec.what)).toBe('ping 10.0.0.2 (56 data bytes)');
    const other = requestPacket(req({}), 'node/b', '10.0.0.2', undefined).spec.l4(1500, '10.0.0.1')[0];
    expect(other).not.toEqual(l4[0]);
    const set = requestPacket(req({ icmpId: 77, icmpSeq: 5, size: 8, ttl: 3, pmtudisc: 'do' }), 'node/a', '10.0.0.2', '10.0.0.9');
    expect(set.seq).toBe(5);
    expect(set.spec).toMatchObject({ ttl: 3, pmtudisc: 'do', bound: '10.0.0.9' });
    expect(set.spec.l4(1500, '10.0.0.9')).toEqual([{ type: 'icmp', icmpType: 8, code: 0, id: 77, seq: 5 }, { type: 'payload', length: 8, pattern: 'ping', t: 0 }]);
  });

  it('TCP: a SYN to port 80 with MSS = MTU − 40, SACK, timestamps, window scale 7, no data', () => {
    const p = requestPacket(req({ protocol: 'tcp' }), 'node/a', '10.0.0.2', undefined);
    expect(p.seq).toBe(1);
    expect(p.spec).toMatchObject({ protocol: 6, ttl: 64, pmtudisc: 'want' });
    expect(walkEnglish(p.spec.what)).toBe('connect to 10.0.0.2:80');
    const [syn, ...rest] = p.spec.l4(1500, '10.0.0.1') as [TcpHeader, ...Header[]];
    expect(rest).toEqual([]);
    expect(syn).toMatchObject({ type: 'tcp', dstPort: 80, ack: 0, flags: { syn: true }, window: 64240 });
    expect(syn.options).toMatchObject({ mss: 1460, sackOk: true, tsEcr: 0, wscale: 7 });
    expect(syn.srcPort).toBeGreaterThanOrEqual(32768);
    expect(syn.srcPort).toBeLessThanOrEqual(60999);
    const vx = p.spec.l4(1450, '10.0.0.1')[0] as TcpHeader;
    expect(vx.options.mss).toBe(1410);
    expect(vx.window).toBe(64860); // 46 × 1410
    const withData = requestPacket(req({ protocol: 'tcp', port: 443, size: 10 }), 'node/a', '10.0.0.2', undefined);
    expect(withData.spec.l4(1500, '10.0.0.1')[1]).toEqual({ type: 'payload', length: 10, pattern: 'zero' });
    expect((withData.spec.l4(1500, '10.0.0.1')[0] as TcpHeader).dstPort).toBe(443);
  });

  it('UDP: 56 zero bytes to port 53 by default', () => {
    const p = requestPacket(req({ protocol: 'udp' }), 'node/a', '10.0.0.2', undefined);
    expect(p.spec).toMatchObject({ protocol: 17, pmtudisc: 'want' });
    expect(walkEnglish(p.spec.what)).toBe('send 56 bytes to 10.0.0.2:53/udp');
    const l4 = p.spec.l4(1500, '10.0.0.1');
    expect(l4[0]).toMatchObject({ type: 'udp', dstPort: 53, length: 64 });
    expect(l4[1]).toEqual({ type: 'payload', length: 56, pattern: 'zero' });
    expect(requestPacket(req({ protocol: 'udp', size: 0 }), 'node/a', '10.0.0.2', undefined).spec.l4(1500, '')).toHaveLength(1);
  });
});

describe('replyPacket', () => {
  const ip = (protocol: number, inner: Header[]) => ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol, ttl: 60, id: 1, df: true }, inner);

  it('echo reply: same id, seq and data, TTL 64, DF clear (pmtudisc dont), from the address pinged', () => {
    const spec = replyPacket('node/b', ip(1, echo(8, 9, 4, { type: 'payload', length: 56, pattern: 'ping', t: 3 })))!;
    expect(spec).toMatchObject({ dst: '10.0.0.1', bound: '10.0.0.2', ttl: 64, protocol: 1, pmtudisc: 'dont' });
    expect(spec.l4(1500, '10.0.0.2')).toEqual([{ type: 'icmp', icmpType: 0, code: 0, id: 9, seq: 4 }, { type: 'payload', length: 56, pattern: 'ping', t: 3 }]);
    expect(walkEnglish(spec.what)).toBe('echo reply to 10.0.0.1');
    // an echo request without data gets a reply without data
    expect(replyPacket('node/b', ip(1, [{ type: 'icmp', icmpType: 8, code: 0, id: 9, seq: 4 }]))!.l4(1500, '')).toEqual([{ type: 'icmp', icmpType: 0, code: 0, id: 9, seq: 4 }]);
    // not an echo request: no answer
    expect(replyPacket('node/b', ip(1, echo(0, 9, 4, { type: 'payload', length: 56, pattern: 'ping' })))).toBeUndefined();
  });

  const syn = (o: TcpHeader['options'], seq = 1000): TcpHeader => ({ type: 'tcp', srcPort: 40000, dstPort: 443, seq, ack: 0, flags: { syn: true }, window: 64240, options: o });

  it('SYN-ACK: ports swapped, ack = seq + 1, options mirroring the SYN, window in segments of the effective MSS', () => {
    const spec = replyPacket('node/b', ip(6, [syn({ mss: 1460, sackOk: true, tsVal: 123, tsEcr: 0, wscale: 7 })]))!;
    expect(spec).toMatchObject({ dst: '10.0.0.1', bound: '10.0.0.2', ttl: 64, protocol: 6, pmtudisc: 'want' });
    expect(walkEnglish(spec.what)).toBe('SYN-ACK to 10.0.0.1:40000');
    const [sa] = spec.l4(1500, '10.0.0.2') as TcpHeader[];
    expect(sa).toMatchObject({ srcPort: 443, dstPort: 40000, ack: 1001, flags: { syn: true, ack: true }, window: 65160 });
    expect(sa.options).toMatchObject({ mss: 1460, sackOk: true, tsEcr: 123, wscale: 7 });
    expect(typeof sa.options.tsVal).toBe('number');
    // a bare SYN: no SACK, no timestamps, no window scale; MSS 536 assumed, so the window counts 536s
    const [bare] = replyPacket('node/b', ip(6, [syn({})]))!.l4(1500, '10.0.0.2') as TcpHeader[];
    expect(bare.options).toEqual({ mss: 1460 });
    expect(bare.window).toBe(65392);
    // MSS without timestamps: segments of the smaller MSS
    const [noTs] = replyPacket('node/b', ip(6, [syn({ mss: 1400 })]))!.l4(1500, '10.0.0.2') as TcpHeader[];
    expect(noTs.window).toBe(64400); // 46 × 1400
    // our MSS smaller than the peer's (a 1450 route): ours counts, less the timestamps
    const [small] = replyPacket('node/b', ip(6, [syn({ mss: 1460, tsVal: 5 })]))!.l4(1450, '10.0.0.2') as TcpHeader[];
    expect(small.options.mss).toBe(1410);
    expect(small.window).toBe(64308); // 46 × 1398
    // the sequence number wraps
    const [wrap] = replyPacket('node/b', ip(6, [syn({}, 0xffffffff)]))!.l4(1500, '') as TcpHeader[];
    expect(wrap.ack).toBe(0);
  });

  it('only a SYN gets a SYN-ACK', () => {
    expect(replyPacket('node/b', ip(6, [{ ...syn({}), flags: { syn: true, ack: true } }]))).toBeUndefined();
    expect(replyPacket('node/b', ip(6, [{ ...syn({}), flags: { ack: true } }]))).toBeUndefined();
  });

  it('UDP: an answer with the ports swapped and the same data', () => {
    const spec = replyPacket('node/b', ip(17, udp(40000, 53, [{ type: 'payload', length: 20, pattern: 'zero' }])))!;
    expect(spec).toMatchObject({ dst: '10.0.0.1', bound: '10.0.0.2', ttl: 64, protocol: 17, pmtudisc: 'want' });
    expect(walkEnglish(spec.what)).toBe('UDP reply to 10.0.0.1:40000');
    expect(spec.l4(1500, '')).toEqual([{ type: 'udp', srcPort: 53, dstPort: 40000, length: 28 }, { type: 'payload', length: 20, pattern: 'zero' }]);
  });
});
