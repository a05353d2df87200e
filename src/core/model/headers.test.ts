import { describe, expect, it } from 'vitest';
import { ENCAP_OVERHEAD, headerLength, icmpQuoteRoom, stackLength, tcpOptionsLength } from './headers';

describe('header sizes', () => {
  it('tunnel overheads are the ones Calico and flannel subtract from the host MTU (cni-facts §11)', () => {
    expect(ENCAP_OVERHEAD.ipip).toBe(20);
    expect(ENCAP_OVERHEAD.vxlan).toBe(50);
  });

  it('an ICMP error quotes at most 548 bytes (576 − 20 − 8), less on a tiny route MTU', () => {
    expect(icmpQuoteRoom()).toBe(548);
    expect(icmpQuoteRoom(296)).toBe(268);
  });

  it('a Linux SYN carries 20 option bytes (mss, sackOK, TS, nop, wscale)', () => {
    expect(tcpOptionsLength({ mss: 1460, sackOk: true, tsVal: 1, tsEcr: 0, wscale: 7 })).toBe(20);
    expect(tcpOptionsLength({ tsVal: 1, tsEcr: 2 })).toBe(12);
    expect(tcpOptionsLength({ sackOk: true })).toBe(4);
  });

  it('a stack of an ICMP echo with 56 bytes of data in an Ethernet frame is 98 bytes', () => {
    const stack = [
      { type: 'eth', src: 'a', dst: 'b', ethertype: 0x0800 },
      { type: 'ipv4', src: '10.0.0.1', dst: '10.0.0.2', protocol: 1, ttl: 64, totalLength: 84, id: 0, tos: 0, df: true, mf: false, fragOffset: 0 },
      { type: 'icmp', icmpType: 8, code: 0, id: 1, seq: 1 },
      { type: 'payload', length: 56 },
    ] as unknown as Parameters<typeof stackLength>[0];
    expect(stackLength(stack)).toBe(98);
    expect(stackLength(stack, 1)).toBe(84);
    expect(headerLength(stack[3])).toBe(56);
  });
});
