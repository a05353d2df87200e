// A Wireshark-like dissection of a header stack for the packet inspector: one layer per header (outermost
// first), every field with its byte offset and length in the serialised frame, so a field can light its
// bytes and a byte can find its field. Values are the stack's; checksums are read from the bytes core/wire
// wrote. Pure: headers and bytes in, a tree out. Names and worded values come from the i18n dictionary
// ('dis.*' keys, English by default) so the inspector reads in the app's language; numbers, addresses
// and protocol abbreviations are the same in every language.

import type { Header } from '../core/model/packet';
import { headerSize } from '../core/wire';
import { translate, type MessageKey } from '../i18n';

/** The words of the dissection: t('dis.ip.ttl') etc. in some language. */
export type DissectWords = (key: MessageKey, params?: Record<string, string | number>) => string;
const ENGLISH: DissectWords = (key, params) => translate('en', key, params);

export interface Field {
  name: string;
  value: string;
  /** byte offset in the frame */
  offset: number;
  length: number;
}

export interface Layer {
  title: string;
  short: string;
  offset: number;
  length: number;
  fields: Field[];
  /** an ICMP error's quoted datagram */
  children?: Layer[];
}

const hex = (n: number, w: number) => '0x' + n.toString(16).padStart(w, '0');

function read16(b: Uint8Array, o: number): number | undefined {
  return o + 1 < b.length ? (b[o] << 8) | b[o + 1] : undefined;
}

const PROTO: Record<number, string> = { 1: 'ICMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP' };
const ICMP_TYPE: Record<number, MessageKey> = { 0: 'dis.icmp.echoReply', 3: 'dis.icmp.unreachable', 8: 'dis.icmp.echoRequest', 11: 'dis.icmp.timeExceeded' };

export function dissect(stack: readonly Header[], bytes: Uint8Array, base = 0, t: DissectWords = ENGLISH): Layer[] {
  const layers: Layer[] = [];
  let off = base;
  for (const h of stack) {
    if (off >= bytes.length) break;
    const size = Math.min(headerSize(h), bytes.length - off);
    const f = (name: MessageKey, value: string, o: number, length: number): Field => ({ name: t(name), value, offset: off + o, length });
    const csum = (o: number) => {
      const v = read16(bytes, off + o);
      return v === undefined ? t('dis.v.na') : hex(v, 4);
    };
    switch (h.type) {
      case 'eth':
        layers.push({
          title: t('dis.eth.title', { src: h.src, dst: h.dst }),
          short: 'Eth',
          offset: off,
          length: size,
          fields: [f('dis.eth.dst', h.dst, 0, 6), f('dis.eth.src', h.src, 6, 6), f('dis.eth.type', t('dis.v.ethType', { hex: hex(h.ethertype, 4) }), 12, 2)],
        });
        break;
      case 'ipv4': {
        const flags = [h.df ? t('dis.v.df') : '', h.mf ? t('dis.v.mf') : ''].filter(Boolean).join(t('dis.v.sep')) || t('dis.v.none');
        layers.push({
          title: t('dis.ip.title', { src: h.src, dst: h.dst }),
          short: 'IPv4',
          offset: off,
          length: size,
          fields: [
            f('dis.ip.verHl', t('dis.v.verHl'), 0, 1),
            f('dis.ip.dsf', hex(h.tos, 2), 1, 1),
            f('dis.ip.len', String(h.totalLength), 2, 2),
            f('dis.ip.id', t('dis.v.paren', { a: hex(h.id, 4), b: h.id }), 4, 2),
            f('dis.ip.flags', t('dis.v.flagsOffset', { flags, offset: h.fragOffset * 8 }), 6, 2),
            f('dis.ip.ttl', String(h.ttl), 8, 1),
            f('dis.ip.proto', t('dis.v.paren', { a: PROTO[h.protocol] ?? t('dis.v.unknown'), b: h.protocol }), 9, 1),
            f('dis.ip.csum', csum(10), 10, 2),
            f('dis.ip.src', h.src, 12, 4),
            f('dis.ip.dst', h.dst, 16, 4),
          ],
        });
        break;
      }
      case 'udp':
        layers.push({
          title: t('dis.udp.title', { src: h.srcPort, dst: h.dstPort }),
          short: 'UDP',
          offset: off,
          length: size,
          fields: [
            f('dis.sport', String(h.srcPort), 0, 2),
            f('dis.dport', String(h.dstPort), 2, 2),
            f('dis.udp.len', String(h.length), 4, 2),
            f('dis.csum', h.zeroChecksum ? t('dis.v.udpZero') : csum(6), 6, 2),
          ],
        });
        break;
      case 'vxlan':
        layers.push({
          title: t('dis.vxlan.title', { vni: h.vni }),
          short: 'VXLAN',
          offset: off,
          length: size,
          fields: [
            f('dis.vxlan.flags', h.flags & 0x08 ? t('dis.v.vniValid', { hex: hex(h.flags, 2) }) : hex(h.flags, 2), 0, 1),
            f('dis.reserved', '0x000000', 1, 3),
            f('dis.vxlan.vni', String(h.vni), 4, 3),
            f('dis.reserved', '0x00', 7, 1),
          ],
        });
        break;
      case 'icmp': {
        const rest =
          h.icmpType === 0 || h.icmpType === 8
            ? [f('dis.icmp.id', t('dis.v.paren', { a: h.id ?? 0, b: hex(h.id ?? 0, 4) }), 4, 2), f('dis.icmp.seq', String(h.seq ?? 0), 6, 2)]
            : h.mtu !== undefined
              ? [f('dis.icmp.unused', '0x0000', 4, 2), f('dis.icmp.mtu', String(h.mtu), 6, 2)]
              : [f('dis.icmp.unused', '0x00000000', 4, 4)];
        const typeName = ICMP_TYPE[h.icmpType];
        layers.push({
          title: t('dis.icmp.title'),
          short: 'ICMP',
          offset: off,
          length: size,
          fields: [f('dis.icmp.type', t('dis.v.paren', { a: h.icmpType, b: typeName ? t(typeName) : t('dis.icmp.other') }), 0, 1), f('dis.icmp.code', String(h.code), 1, 1), f('dis.csum', csum(2), 2, 2), ...rest],
        });
        break;
      }
      case 'tcp': {
        const flags = Object.entries(h.flags)
          .filter(([, v]) => v)
          .map(([k]) => k.toUpperCase())
          .join(', ');
        const fields = [
          f('dis.sport', String(h.srcPort), 0, 2),
          f('dis.dport', String(h.dstPort), 2, 2),
          f('dis.tcp.seq', String(h.seq), 4, 4),
          f('dis.tcp.ack', String(h.ack), 8, 4),
          f('dis.tcp.hlFlags', t('dis.v.tcpHl', { n: headerSize(h), flags: flags || t('dis.v.none') }), 12, 2),
          f('dis.tcp.window', String(h.window), 14, 2),
          f('dis.csum', csum(16), 16, 2),
          f('dis.tcp.urg', '0', 18, 2),
        ];
        if (headerSize(h) > 20) {
          const o = h.options;
          const parts = [o.mss !== undefined ? `MSS ${o.mss}` : '', o.sackOk ? t('dis.v.sackOk') : '', o.tsVal !== undefined ? `TSval ${o.tsVal} TSecr ${o.tsEcr ?? 0}` : '', o.wscale !== undefined ? `WS ${o.wscale}` : '']
            .filter(Boolean)
            .join(t('dis.v.sep'));
          fields.push(f('dis.tcp.options', parts, 20, headerSize(h) - 20));
        }
        layers.push({ title: t('dis.tcp.title', { src: h.srcPort, dst: h.dstPort }), short: 'TCP', offset: off, length: size, fields });
        break;
      }
      case 'payload':
        layers.push({
          title: t('dis.data.title', { n: h.length }),
          short: 'Data',
          offset: off,
          length: size,
          fields: [f(h.pattern === 'ping' ? 'dis.data.ping' : 'dis.data.zeros', t('dis.v.bytes', { n: h.length }), 0, size)],
        });
        break;
      case 'quote':
        layers.push({
          title: t('dis.quote.title', { n: size }),
          short: 'Quote',
          offset: off,
          length: size,
          fields: [],
          children: dissect(h.headers, bytes.subarray(0, off + size), off, t),
        });
        break;
    }
    off += size;
  }
  if (base === 0 && off < bytes.length) {
    const n = bytes.length - off;
    layers.push({ title: t('dis.pad.title', { n }), short: 'Pad', offset: off, length: n, fields: [{ name: t('dis.pad'), value: t('dis.v.bytes', { n }), offset: off, length: n }] });
  }
  return layers;
}

/** Every field of a tree, depth first (for byte → field lookups). */
export function allFields(layers: readonly Layer[]): Field[] {
  return layers.flatMap((l) => [...l.fields, ...allFields(l.children ?? [])]);
}

/** The innermost (smallest) field covering a byte. */
export function fieldAt(layers: readonly Layer[], offset: number): Field | undefined {
  let best: Field | undefined;
  for (const f of allFields(layers)) if (offset >= f.offset && offset < f.offset + f.length && (!best || f.length < best.length)) best = f;
  return best;
}

/** "0000  45 00 00 54 ..." rows of 16 bytes. */
export function hexRowsOf(bytes: Uint8Array): { offset: number; bytes: number[] }[] {
  const rows: { offset: number; bytes: number[] }[] = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push({ offset: o, bytes: Array.from(bytes.subarray(o, o + 16)) });
  return rows;
}
