// IPv4 fragmentation as Linux does it (net/ipv4/ip_output.c, ip_do_fragment and ip_append_data's
// maxfraglen): every fragment but the last carries the largest multiple of 8 bytes that fits in
// mtu − 20; offsets count 8-byte units; MF is set on all but the last (the last keeps the MF of the
// datagram being cut, so a fragment can be cut again); id, TTL, TOS and addresses are copied.
// Linux only fragments when DF is clear: with DF it answers EMSGSIZE locally or sends ICMP
// "fragmentation needed" (see icmpError.ts), so a DF datagram here is an error.
//
// The fragments come out in window form (serialize.ts): each keeps the whole datagram's headers
// after its own IPv4 header, and its fragOffset/totalLength select its slice — so the bytes, the
// L4 checksum included, are exactly what Linux puts on the wire, and parseFragments inverts them.

import type { Header, IPv4Header } from '../model/packet';
import { IPV4_HLEN, WireError } from './bytes';
import { stackSize } from './serialize';

/** The fragments of `headers` (an Ethernet frame or a bare IPv4 packet) for a link of `mtu` bytes. */
export function fragment(headers: readonly Header[], mtu: number): Header[][] {
  const ipIndex = headers[0]?.type === 'ipv4' ? 0 : headers[0]?.type === 'eth' && headers[1]?.type === 'ipv4' ? 1 : -1;
  if (ipIndex < 0) throw new WireError('fragment: the stack must start with IPv4 or Ethernet + IPv4');
  const ip = headers[ipIndex] as IPv4Header;
  if (ip.totalLength <= mtu) return [clone(headers)];
  if (ip.df) {
    throw new WireError(`fragment: DF is set on a ${ip.totalLength}-byte datagram; Linux does not fragment it (EMSGSIZE or ICMP frag-needed, mtu ${mtu})`);
  }
  const per = Math.floor((mtu - IPV4_HLEN) / 8) * 8;
  if (per <= 0) throw new WireError(`fragment: mtu ${mtu} leaves no room for 8 data bytes`);
  const dataLen = ip.totalLength - IPV4_HLEN;
  // cutting a fragment again: offsets stay absolute, which a literal fragment past offset 0 cannot
  // express (its headers hold only its own bytes); window-form fragments and first pieces are fine
  if (ip.fragOffset > 0 && stackSize(headers, ipIndex + 1) === dataLen) {
    throw new WireError('fragment: cannot cut again a literal fragment that does not start the datagram; build it in window form');
  }
  const out: Header[][] = [];
  for (let o = 0; o < dataLen; o += per) {
    const len = Math.min(per, dataLen - o);
    const piece: IPv4Header = {
      ...ip,
      totalLength: IPV4_HLEN + len,
      mf: o + len < dataLen || ip.mf,
      fragOffset: ip.fragOffset + o / 8,
    };
    out.push([...clone(headers.slice(0, ipIndex)), piece, ...clone(headers.slice(ipIndex + 1))]);
  }
  return out;
}

/** Header stacks are plain JSON data; a deep copy keeps fragments independent of each other. */
function clone(hs: readonly Header[]): Header[] {
  return JSON.parse(JSON.stringify(hs)) as Header[];
}
