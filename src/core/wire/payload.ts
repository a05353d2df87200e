// Application bytes. 'ping' is what iputils ping puts after the ICMP echo header on x86_64 Linux:
// at start-up it fills the data with its own offsets (`for (i = 0; i < datalen; ++i) *p++ = i;`, so
// byte i is i & 0xff, "fill timestamp area too"), then, when datalen >= sizeof(struct timeval) = 16,
// every probe overwrites the first 16 bytes with gettimeofday(): tv_sec and tv_usec, 8 bytes each,
// little-endian. The time comes from PayloadHeader.t (logical µs, see clock.ts for the epoch).
// 'zero' is all zeros (UDP probes, TCP data we do not model).

import type { PayloadHeader } from '../model/packet';
import { WireError } from './bytes';
import { logicalTimeval, timevalToLogical } from './clock';

/** sizeof(struct timeval) on x86_64 (two 64-bit longs). */
export const TIMEVAL_LEN = 16;

export function payloadBytes(p: PayloadHeader): Uint8Array {
  if (!Number.isInteger(p.length) || p.length < 0) throw new WireError(`payload length must be a whole number ≥ 0, got ${p.length}`);
  const b = new Uint8Array(p.length);
  if (p.pattern === 'zero') return b;
  for (let i = 0; i < b.length; i++) b[i] = i & 0xff;
  if (b.length >= TIMEVAL_LEN) {
    // t absent on a timed ping: the epoch itself, so the bytes stay deterministic
    const tv = logicalTimeval(p.t ?? 0);
    putLe64(b, 0, tv.sec);
    putLe64(b, 8, tv.usec);
  }
  return b;
}

/**
 * Names the pattern `data` follows, or undefined when it is neither (the parser then refuses: a
 * header stack can only describe patterned payloads). `data` may be a prefix of the payload (a
 * quote in an ICMP error); the answer then describes that prefix.
 */
export function detectPayload(data: Uint8Array): PayloadHeader | undefined {
  if (data.every((x) => x === 0)) return { type: 'payload', length: data.length, pattern: 'zero' };
  const from = data.length >= TIMEVAL_LEN ? TIMEVAL_LEN : 0;
  for (let i = from; i < data.length; i++) if (data[i] !== (i & 0xff)) return undefined;
  if (from === 0) return { type: 'payload', length: data.length, pattern: 'ping' };
  const t = timevalToLogical({ sec: le64(data, 0), usec: le64(data, 8) });
  if (t === undefined) return undefined;
  return { type: 'payload', length: data.length, pattern: 'ping', t };
}

function putLe64(b: Uint8Array, at: number, v: number): void {
  let x = v;
  for (let i = 0; i < 8; i++) {
    b[at + i] = x % 256;
    x = Math.floor(x / 256);
  }
}

function le64(b: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 7; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
}
