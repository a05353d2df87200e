// One-line texts: a tcpdump-like summary of a stack, and what the sending tool prints when the kernel
// or an ICMP error stops its packet (iputils ping wording; a plain form for TCP/UDP).

import type { Header, Protocol } from '../model/packet';
import { stackLength } from './headers';

const ICMP_NAMES: Record<number, string> = { 0: 'echo reply', 8: 'echo request', 3: 'unreachable', 11: 'time exceeded in-transit' };

/** "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64", tunnels nested as tcpdump does. */
export function summarize(stack: readonly Header[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < stack.length) {
    const h = stack[i];
    if (h.type === 'eth') {
      i++;
      continue;
    }
    if (h.type !== 'ipv4') break;
    const l4 = stack[i + 1];
    const frag = h.mf || h.fragOffset > 0 ? ` (frag id ${h.id}${h.mf ? ', more fragments' : ''})` : '';
    if (l4?.type === 'udp') {
      const next = stack[i + 2];
      if (next?.type === 'vxlan') {
        parts.push(`IP ${h.src}.${l4.srcPort} > ${h.dst}.${l4.dstPort}: VXLAN, flags [I] (0x08), vni ${next.vni}${frag}`);
        i += 3;
        continue;
      }
      parts.push(`IP ${h.src}.${l4.srcPort} > ${h.dst}.${l4.dstPort}: UDP, length ${stackLength(stack.slice(i + 2))}${frag}`);
    } else if (l4?.type === 'tcp') {
      const f = l4.flags;
      const flags = `${f.syn ? 'S' : ''}${f.fin ? 'F' : ''}${f.rst ? 'R' : ''}${f.psh ? 'P' : ''}${f.ack ? '.' : ''}`;
      parts.push(`IP ${h.src}.${l4.srcPort} > ${h.dst}.${l4.dstPort}: Flags [${flags}], length ${stackLength(stack.slice(i + 2))}${frag}`);
    } else if (l4?.type === 'icmp') {
      const name = ICMP_NAMES[l4.icmpType] ?? `type ${l4.icmpType}`;
      const ids = l4.id !== undefined ? `, id ${l4.id}, seq ${l4.seq ?? 0}` : '';
      parts.push(`IP ${h.src} > ${h.dst}: ICMP ${name}${ids}, length ${stackLength(stack.slice(i + 1))}${frag}`);
    } else if (h.protocol === 4 && l4?.type === 'ipv4') {
      parts.push(`IP ${h.src} > ${h.dst}:`);
      i++;
      const inner = summarize(stack.slice(i));
      return `${parts.join(' | ')} ${inner} (ipip-proto-4)`;
    } else {
      parts.push(`IP ${h.src} > ${h.dst}: proto ${h.protocol}, length ${h.totalLength}${frag}`);
    }
    break;
  }
  return parts.join(' | ');
}

/** What the sending tool prints when its own kernel refuses (errno text from the route type). */
export function localError(protocol: Protocol, call: 'connect' | 'sendmsg', errno: string): string {
  return protocol === 'icmp' ? `ping: ${call}: ${errno}` : `${call}: ${errno}`;
}

export type IcmpErrorKind = 'ttl' | 'frag' | 'net' | 'host' | 'filtered' | 'port' | 'protocol';

const PING_TEXT: Record<IcmpErrorKind, string> = {
  ttl: 'Time to live exceeded',
  frag: 'Frag needed and DF set',
  net: 'Destination Net Unreachable',
  host: 'Destination Host Unreachable',
  filtered: 'Packet filtered',
  port: 'Destination Port Unreachable',
  protocol: 'Destination Protocol Unreachable',
};

/** ping's line for an ICMP error ("From 192.168.2.21 icmp_seq=1 Frag needed and DF set (mtu = 1450)"). */
export function icmpErrorText(protocol: Protocol, kind: IcmpErrorKind, from: string, seq: number, mtu?: number): string {
  // TCP in SYN-SENT takes port unreachable as a hard error (tcp_v4_err: ECONNREFUSED)
  if (kind === 'port' && protocol === 'tcp') return `connect: Connection refused (ICMP port unreachable from ${from})`;
  const what = PING_TEXT[kind] + (kind === 'frag' ? ` (mtu = ${mtu})` : '');
  return protocol === 'icmp' ? `From ${from} icmp_seq=${seq} ${what}` : `ICMP ${what.toLowerCase()} from ${from}`;
}
