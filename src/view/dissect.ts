// A Wireshark-like dissection of a header stack for the packet inspector: one layer per header (outermost
// first), every field with its byte offset and length in the serialised frame, so a field can light its
// bytes and a byte can find its field. Values are the stack's; checksums are read from the bytes core/wire
// wrote. Pure: headers and bytes in, a tree out.

import type { Header } from '../core/model/packet';
import { headerSize } from '../core/wire';

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
const ICMP_TYPE: Record<number, string> = { 0: 'Echo (ping) reply', 3: 'Destination unreachable', 8: 'Echo (ping) request', 11: 'Time-to-live exceeded' };

export function dissect(stack: readonly Header[], bytes: Uint8Array, base = 0): Layer[] {
  const layers: Layer[] = [];
  let off = base;
  for (const h of stack) {
    if (off >= bytes.length) break;
    const size = Math.min(headerSize(h), bytes.length - off);
    const f = (name: string, value: string, o: number, length: number): Field => ({ name, value, offset: off + o, length });
    const csum = (o: number) => {
      const v = read16(bytes, off + o);
      return v === undefined ? 'n/a' : hex(v, 4);
    };
    switch (h.type) {
      case 'eth':
        layers.push({
          title: `Ethernet II, Src: ${h.src}, Dst: ${h.dst}`,
          short: 'Eth',
          offset: off,
          length: size,
          fields: [f('Destination', h.dst, 0, 6), f('Source', h.src, 6, 6), f('Type', `IPv4 (${hex(h.ethertype, 4)})`, 12, 2)],
        });
        break;
      case 'ipv4': {
        const flags = [h.df ? "Don't fragment" : '', h.mf ? 'More fragments' : ''].filter(Boolean).join(', ') || 'none';
        layers.push({
          title: `Internet Protocol Version 4, Src: ${h.src}, Dst: ${h.dst}`,
          short: 'IPv4',
          offset: off,
          length: size,
          fields: [
            f('Version / Header Length', '4 / 20 bytes (5)', 0, 1),
            f('Differentiated Services', hex(h.tos, 2), 1, 1),
            f('Total Length', String(h.totalLength), 2, 2),
            f('Identification', `${hex(h.id, 4)} (${h.id})`, 4, 2),
            f('Flags / Fragment Offset', `${flags}, offset ${h.fragOffset * 8}`, 6, 2),
            f('Time to Live', String(h.ttl), 8, 1),
            f('Protocol', `${PROTO[h.protocol] ?? 'unknown'} (${h.protocol})`, 9, 1),
            f('Header Checksum', csum(10), 10, 2),
            f('Source Address', h.src, 12, 4),
            f('Destination Address', h.dst, 16, 4),
          ],
        });
        break;
      }
      case 'udp':
        layers.push({
          title: `User Datagram Protocol, Src Port: ${h.srcPort}, Dst Port: ${h.dstPort}`,
          short: 'UDP',
          offset: off,
          length: size,
          fields: [
            f('Source Port', String(h.srcPort), 0, 2),
            f('Destination Port', String(h.dstPort), 2, 2),
            f('Length', String(h.length), 4, 2),
            f('Checksum', h.zeroChecksum ? '0x0000 (not used: VXLAN over IPv4)' : csum(6), 6, 2),
          ],
        });
        break;
      case 'vxlan':
        layers.push({
          title: `Virtual eXtensible Local Area Network, VNI: ${h.vni}`,
          short: 'VXLAN',
          offset: off,
          length: size,
          fields: [f('Flags', `${hex(h.flags, 2)}${h.flags & 0x08 ? ' (VNI valid)' : ''}`, 0, 1), f('Reserved', '0x000000', 1, 3), f('VXLAN Network Identifier (VNI)', String(h.vni), 4, 3), f('Reserved', '0x00', 7, 1)],
        });
        break;
      case 'icmp': {
        const rest =
          h.icmpType === 0 || h.icmpType === 8
            ? [f('Identifier', `${h.id ?? 0} (${hex(h.id ?? 0, 4)})`, 4, 2), f('Sequence Number', String(h.seq ?? 0), 6, 2)]
            : h.mtu !== undefined
              ? [f('Unused', '0x0000', 4, 2), f('MTU of next hop', String(h.mtu), 6, 2)]
              : [f('Unused', '0x00000000', 4, 4)];
        layers.push({
          title: 'Internet Control Message Protocol',
          short: 'ICMP',
          offset: off,
          length: size,
          fields: [f('Type', `${h.icmpType} (${ICMP_TYPE[h.icmpType] ?? 'other'})`, 0, 1), f('Code', String(h.code), 1, 1), f('Checksum', csum(2), 2, 2), ...rest],
        });
        break;
      }
      case 'tcp': {
        const flags = Object.entries(h.flags)
          .filter(([, v]) => v)
          .map(([k]) => k.toUpperCase())
          .join(', ');
        const fields = [
          f('Source Port', String(h.srcPort), 0, 2),
          f('Destination Port', String(h.dstPort), 2, 2),
          f('Sequence Number (raw)', String(h.seq), 4, 4),
          f('Acknowledgment Number (raw)', String(h.ack), 8, 4),
          f('Header Length / Flags', `${headerSize(h)} bytes, ${flags || 'none'}`, 12, 2),
          f('Window', String(h.window), 14, 2),
          f('Checksum', csum(16), 16, 2),
          f('Urgent Pointer', '0', 18, 2),
        ];
        if (headerSize(h) > 20) {
          const o = h.options;
          const parts = [o.mss !== undefined ? `MSS ${o.mss}` : '', o.sackOk ? 'SACK permitted' : '', o.tsVal !== undefined ? `TSval ${o.tsVal} TSecr ${o.tsEcr ?? 0}` : '', o.wscale !== undefined ? `WS ${o.wscale}` : '']
            .filter(Boolean)
            .join(', ');
          fields.push(f('Options', parts, 20, headerSize(h) - 20));
        }
        layers.push({ title: `Transmission Control Protocol, Src Port: ${h.srcPort}, Dst Port: ${h.dstPort}`, short: 'TCP', offset: off, length: size, fields });
        break;
      }
      case 'payload':
        layers.push({
          title: `Data (${h.length} bytes)`,
          short: 'Data',
          offset: off,
          length: size,
          fields: [f(h.pattern === 'ping' ? 'Data (timestamp, then bytes counting up)' : 'Data (zeros)', `${h.length} bytes`, 0, size)],
        });
        break;
      case 'quote':
        layers.push({
          title: `Quoted datagram (${size} bytes)`,
          short: 'Quote',
          offset: off,
          length: size,
          fields: [],
          children: dissect(h.headers, bytes.subarray(0, off + size), off),
        });
        break;
    }
    off += size;
  }
  if (base === 0 && off < bytes.length) {
    layers.push({ title: `Ethernet padding (${bytes.length - off} bytes)`, short: 'Pad', offset: off, length: bytes.length - off, fields: [{ name: 'Padding', value: `${bytes.length - off} bytes`, offset: off, length: bytes.length - off }] });
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
