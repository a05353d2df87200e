// TCP options in the order and padding Linux writes them (net/ipv4/tcp_output.c, tcp_options_write):
//
//   MSS                02 04 <mss>
//   timestamps         04 02 08 0a <tsval> <tsecr>   when SACK is also offered (SACK_PERM rides in front)
//                      01 01 08 0a <tsval> <tsecr>   otherwise (two NOPs align the block)
//   SACK without TS    01 01 04 02
//   window scale       01 03 03 <shift>
//
// so a Linux SYN is `02 04 05 82 04 02 08 0a ... ... 01 03 03 07` (20 bytes) and tcpdump prints it as
// `options [mss 1410,sackOK,TS val … ecr 0,nop,wscale 7]`; data segments carry `nop,nop,TS val … ecr …`.

import type { TcpHeader } from '../model/packet';
import { tcpOptionsLength } from '../model/headers';
import { put16, put32, u16, u32, WireError } from './bytes';

export { tcpOptionsLength };

export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MSS = 2;
export const TCPOPT_WSCALE = 3;
export const TCPOPT_SACK_PERM = 4;
export const TCPOPT_SACK = 5;
export const TCPOPT_TIMESTAMP = 8;

type Options = TcpHeader['options'];

export function writeTcpOptions(o: Options): Uint8Array {
  const b = new Uint8Array(tcpOptionsLength(o));
  let at = 0;
  if (o.mss !== undefined) {
    b.set([TCPOPT_MSS, 4], at);
    put16(b, at + 2, checkRange('mss', o.mss, 0xffff));
    at += 4;
  }
  if (o.tsVal !== undefined) {
    b.set(o.sackOk ? [TCPOPT_SACK_PERM, 2, TCPOPT_TIMESTAMP, 10] : [TCPOPT_NOP, TCPOPT_NOP, TCPOPT_TIMESTAMP, 10], at);
    put32(b, at + 4, checkRange('tsVal', o.tsVal, 0xffffffff));
    put32(b, at + 8, checkRange('tsEcr', o.tsEcr ?? 0, 0xffffffff));
    at += 12;
  } else if (o.sackOk) {
    b.set([TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK_PERM, 2], at);
    at += 4;
  }
  if (o.wscale !== undefined) {
    b.set([TCPOPT_NOP, TCPOPT_WSCALE, 3, checkRange('wscale', o.wscale, 14)], at);
    at += 4;
  }
  return b;
}

/**
 * Reads an option block back into fields. Refuses blocks a header cannot describe (other options,
 * another order or padding), so that writing the fields again gives the same bytes.
 */
export function readTcpOptions(b: Uint8Array): Options {
  const o: Options = {};
  let at = 0;
  while (at < b.length) {
    const kind = b[at];
    if (kind === TCPOPT_NOP || kind === TCPOPT_EOL) {
      at += 1;
      continue;
    }
    const len = b[at + 1];
    if (len === undefined || len < 2 || at + len > b.length) throw new WireError(`TCP option ${kind} has a bad length`);
    if (kind === TCPOPT_MSS && len === 4) o.mss = u16(b, at + 2);
    else if (kind === TCPOPT_SACK_PERM && len === 2) o.sackOk = true;
    else if (kind === TCPOPT_TIMESTAMP && len === 10) {
      o.tsVal = u32(b, at + 2);
      o.tsEcr = u32(b, at + 6);
    } else if (kind === TCPOPT_WSCALE && len === 3) o.wscale = b[at + 2];
    else throw new WireError(`TCP option ${kind} (length ${len}) is not one a TcpHeader can describe`);
    at += len;
  }
  const again = writeTcpOptions(o);
  if (again.length !== b.length || again.some((x, i) => x !== b[i])) {
    throw new WireError('TCP options are not in the layout Linux writes; a TcpHeader cannot reproduce them');
  }
  return o;
}

function checkRange(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new WireError(`TCP option ${name} must be 0..${max}, got ${v}`);
  return v;
}
