// The one-line summaries (tcpdump -n's wording) and what the tools print on errors (iputils ping's
// lines; connect/sendmsg errno text for TCP and UDP).
import { describe, expect, it } from 'vitest';
import { icmpErrorText, localError, summarize } from './text';
import { echo, eth, ipv4, udp, vxlanHeader } from './headers';
import type { Header, IPv4Header, TcpHeader } from '../model/packet';

const ip = (protocol: number, inner: Header[], extra: Partial<IPv4Header> = {}): Header[] => {
  const [h, ...rest] = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol, ttl: 64, id: 77, df: false }, inner);
  return [{ ...(h as IPv4Header), ...extra }, ...rest];
};
const tcp = (flags: TcpHeader['flags']): TcpHeader => ({ type: 'tcp', srcPort: 40000, dstPort: 80, seq: 1, ack: 0, flags, window: 0, options: {} });
const data = (n: number): Header => ({ type: 'payload', length: n, pattern: 'zero' });

describe('summarize', () => {
  it('TCP flags in tcpdump order, the data length after the header', () => {
    expect(summarize(ip(6, [tcp({ syn: true })]))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], length 0');
    expect(summarize(ip(6, [tcp({ syn: true, ack: true })]))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S.], length 0');
    expect(summarize(ip(6, [tcp({ fin: true, ack: true })]))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [F.], length 0');
    expect(summarize(ip(6, [tcp({ rst: true }), data(3)]))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [R], length 3');
    expect(summarize(ip(6, [tcp({ psh: true, ack: true }), data(10)]))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], length 10');
  });

  it('UDP with its data length; VXLAN nested; an Ethernet header skipped', () => {
    expect(summarize(ip(17, udp(40000, 53, [data(20)])))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.53: UDP, length 20');
    const inner = ip(1, echo(8, 7, 1, { type: 'payload', length: 56, pattern: 'ping' }));
    const vx = ip(17, udp(50000, 4789, [vxlanHeader(4096), eth('a', 'b'), ...inner], true));
    expect(summarize([eth('c', 'd'), ...vx])).toBe('IP 10.0.0.1.50000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 4096 | IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64');
  });

  it('ICMP: names, ids only for echo, a numbered type otherwise', () => {
    expect(summarize(ip(1, echo(0, 7, 2, { type: 'payload', length: 8, pattern: 'ping' })))).toBe('IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 7, seq 2, length 16');
    expect(summarize(ip(1, [{ type: 'icmp', icmpType: 3, code: 3 }, { type: 'quote', headers: [] }]))).toBe('IP 10.0.0.1 > 10.0.0.2: ICMP unreachable, length 8');
    expect(summarize(ip(1, [{ type: 'icmp', icmpType: 11, code: 0 }]))).toBe('IP 10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 8');
    expect(summarize(ip(1, [{ type: 'icmp', icmpType: 5, code: 1 }]))).toBe('IP 10.0.0.1 > 10.0.0.2: ICMP type 5, length 8');
    expect(summarize(ip(1, [{ type: 'icmp', icmpType: 8, code: 0, id: 3 }]))).toBe('IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 3, seq 0, length 8');
  });

  it('fragments say so, with MF on all but the last', () => {
    expect(summarize(ip(1, echo(8, 7, 1, { type: 'payload', length: 1472, pattern: 'ping' }), { mf: true }))).toBe(
      'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 1480 (frag id 77, more fragments)',
    );
    expect(summarize(ip(17, [data(40)], { fragOffset: 185 }))).toBe('IP 10.0.0.1 > 10.0.0.2: proto 17, length 60 (frag id 77)');
    expect(summarize(ip(17, udp(1, 2, [data(4)]), { mf: true }))).toBe('IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 4 (frag id 77, more fragments)');
    expect(summarize(ip(6, [tcp({ syn: true })], { fragOffset: 1 }))).toBe('IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], length 0 (frag id 77)');
  });

  it('IPIP nests the inner packet; another protocol shows its number; nothing but Ethernet is empty', () => {
    const inner = ip(1, echo(8, 7, 1, { type: 'payload', length: 56, pattern: 'ping' }));
    const outer = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', protocol: 4, ttl: 63, id: 1, df: true }, inner);
    expect(summarize(outer)).toBe('IP 1.1.1.1 > 2.2.2.2: IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64 (ipip-proto-4)');
    expect(summarize(ip(47, [data(10)]))).toBe('IP 10.0.0.1 > 10.0.0.2: proto 47, length 30');
    // a bare IP header, and protocol 4 with something else than IPv4 behind it (a cut quote)
    expect(summarize([ip(17, [])[0]])).toBe('IP 10.0.0.1 > 10.0.0.2: proto 17, length 20');
    expect(summarize(ip(4, [data(20)]))).toBe('IP 10.0.0.1 > 10.0.0.2: proto 4, length 40');
    expect(summarize([ip(4, [])[0]])).toBe('IP 10.0.0.1 > 10.0.0.2: proto 4, length 20');
    expect(summarize([eth('a', 'b')])).toBe('');
    expect(summarize([data(4)])).toBe('');
  });
});

describe('tool messages', () => {
  it('a local refusal: ping prefixes its name', () => {
    expect(localError('icmp', 'connect', 'Network is unreachable')).toBe('ping: connect: Network is unreachable');
    expect(localError('tcp', 'sendmsg', 'Message too long')).toBe('sendmsg: Message too long');
    expect(localError('udp', 'connect', 'Invalid argument')).toBe('connect: Invalid argument');
  });

  it("ping's lines for each ICMP error, the MTU only for Frag needed", () => {
    expect(icmpErrorText('icmp', 'ttl', '10.0.0.9', 3)).toBe('From 10.0.0.9 icmp_seq=3 Time to live exceeded');
    expect(icmpErrorText('icmp', 'frag', '10.0.0.9', 1, 1450)).toBe('From 10.0.0.9 icmp_seq=1 Frag needed and DF set (mtu = 1450)');
    expect(icmpErrorText('icmp', 'net', '10.0.0.9', 1)).toBe('From 10.0.0.9 icmp_seq=1 Destination Net Unreachable');
    expect(icmpErrorText('icmp', 'host', '10.0.0.9', 1)).toBe('From 10.0.0.9 icmp_seq=1 Destination Host Unreachable');
    expect(icmpErrorText('icmp', 'filtered', '10.0.0.9', 1)).toBe('From 10.0.0.9 icmp_seq=1 Packet filtered');
    expect(icmpErrorText('icmp', 'port', '10.0.0.9', 1)).toBe('From 10.0.0.9 icmp_seq=1 Destination Port Unreachable');
    expect(icmpErrorText('icmp', 'protocol', '10.0.0.9', 1)).toBe('From 10.0.0.9 icmp_seq=1 Destination Protocol Unreachable');
  });

  it('TCP refuses on port unreachable; otherwise the error is reported in lower case', () => {
    expect(icmpErrorText('tcp', 'port', '10.0.0.9', 1)).toBe('connect: Connection refused (ICMP port unreachable from 10.0.0.9)');
    expect(icmpErrorText('udp', 'port', '10.0.0.9', 1)).toBe('ICMP destination port unreachable from 10.0.0.9');
    expect(icmpErrorText('tcp', 'frag', '10.0.0.9', 1, 1400)).toBe('ICMP frag needed and df set (mtu = 1400) from 10.0.0.9');
    expect(icmpErrorText('udp', 'ttl', '10.0.0.9', 1)).toBe('ICMP time to live exceeded from 10.0.0.9');
  });
});
