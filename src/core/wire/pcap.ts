// Classic libpcap capture files (the format `tcpdump -w` writes, readable by tcpdump, tshark and
// Wireshark): a 24-byte global header — magic 0xa1b2c3d4 in the writer's byte order (little-endian
// here, so the file starts d4 c3 b2 a1), version 2.4, thiszone 0, sigfigs 0, snaplen 262144,
// link type 1 (Ethernet) — then per packet a 16-byte record header (ts_sec, ts_usec, incl_len,
// orig_len) and the bytes. Time stamps come from the logical clock (clock.ts: t = 0 is
// 2026-01-01T12:00:00Z).
//
// One link type per file: Ethernet, or RAW (101) for a capture on tunl0, which carries bare IP packets
// (tcpdump -i tunl0 -w writes LINKTYPE_RAW). Time stamps follow the scenario's clockStart when given, so
// `TZ=UTC tcpdump -r` prints what the tcpdump text prints.

import type { Hop, WireSegment } from '../model/packet';
import { WireError } from './bytes';
import { logicalTimeval, timevalToLogical } from './clock';
import { serializeFrame } from './serialize';

export const PCAP_MAGIC = 0xa1b2c3d4;
export const PCAP_VERSION = [2, 4] as const;
export const PCAP_SNAPLEN = 262144;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;

export interface PcapFrame {
  bytes: Uint8Array;
  /** logical time in µs */
  tUs: number;
}

export function writePcap(frames: readonly PcapFrame[], opts: { linktype?: number; clockStart?: string } = {}): Uint8Array {
  const linktype = opts.linktype ?? LINKTYPE_ETHERNET;
  let size = 24;
  for (const f of frames) size += 16 + Math.min(f.bytes.length, PCAP_SNAPLEN);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC, true);
  v.setUint16(4, PCAP_VERSION[0], true);
  v.setUint16(6, PCAP_VERSION[1], true);
  v.setInt32(8, 0, true); // thiszone: time stamps are UTC
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, PCAP_SNAPLEN, true);
  v.setUint32(20, linktype, true);
  let at = 24;
  for (const f of frames) {
    const min = linktype === LINKTYPE_RAW ? 20 : 14;
    if (f.bytes.length < min) throw new WireError(`writePcap: a ${f.bytes.length}-byte frame is shorter than ${linktype === LINKTYPE_RAW ? 'an IPv4' : 'an Ethernet'} header`);
    const tv = logicalTimeval(f.tUs, opts.clockStart);
    const incl = Math.min(f.bytes.length, PCAP_SNAPLEN);
    v.setUint32(at, tv.sec, true);
    v.setUint32(at + 4, tv.usec, true);
    v.setUint32(at + 8, incl, true);
    v.setUint32(at + 12, f.bytes.length, true);
    out.set(f.bytes.subarray(0, incl), at + 16);
    at += 16 + incl;
  }
  return out;
}

export interface PcapFile {
  linktype: number;
  snaplen: number;
  frames: { bytes: Uint8Array; tUs: number; origLen: number }[];
}

/** Reads what writePcap writes (little-endian, microsecond magic); for tests and round trips. */
export function readPcap(file: Uint8Array, clockStart?: string): PcapFile {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 24 || v.getUint32(0, true) !== PCAP_MAGIC) throw new WireError('readPcap: not a little-endian microsecond pcap file');
  const frames: PcapFile['frames'] = [];
  let at = 24;
  while (at < file.length) {
    if (at + 16 > file.length) throw new WireError('readPcap: truncated record header');
    const sec = v.getUint32(at, true);
    const usec = v.getUint32(at + 4, true);
    const incl = v.getUint32(at + 8, true);
    const orig = v.getUint32(at + 12, true);
    if (at + 16 + incl > file.length) throw new WireError('readPcap: truncated record');
    const tUs = timevalToLogical({ sec, usec }, clockStart);
    if (tUs === undefined) throw new WireError('readPcap: a time stamp before the logical epoch');
    frames.push({ bytes: file.slice(at + 16, at + 16 + incl), tUs, origLen: orig });
    at += 16 + incl;
  }
  return { linktype: v.getUint32(20, true), snaplen: v.getUint32(16, true), frames };
}

/**
 * Wire segments (each with its logical time) → pcap. Segments whose frame is not Ethernet (tunl0)
 * are skipped; a segment whose `length` disagrees with its serialised frame throws.
 */
export function segmentsToPcap(entries: readonly { segment: WireSegment; tUs: number }[], clockStart?: string): Uint8Array {
  const frames: PcapFrame[] = [];
  for (const { segment, tUs } of entries) {
    if (segment.frame[0]?.type !== 'eth') continue;
    const bytes = serializeFrame(segment.frame);
    if (bytes.length !== segment.length) {
      throw new WireError(
        `segmentsToPcap: ${segment.from.ns}/${segment.from.dev} → ${segment.to.ns}/${segment.to.dev} says ${segment.length} bytes but its frame serialises to ${bytes.length}`,
      );
    }
    frames.push({ bytes, tUs });
  }
  return writePcap(frames, { clockStart });
}

/** Every Ethernet wire segment of a walk's hops, at the hop's logical time, in hop order. */
export function hopsToPcap(hops: readonly Hop[], clockStart?: string): Uint8Array {
  const entries: { segment: WireSegment; tUs: number }[] = [];
  for (const h of hops) if (h.wire) entries.push({ segment: h.wire, tUs: h.t });
  return segmentsToPcap(entries, clockStart);
}
