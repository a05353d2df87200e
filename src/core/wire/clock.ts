// The logical clock turned into wall-clock values. The walk counts microseconds from 0; bytes need
// absolute times in two places (ping's struct timeval in the payload, pcap record headers) and
// tcpdump prints a time of day. One epoch serves all three so they agree with each other:
//
//   t = 0 µs  ==  2026-01-01T12:00:00Z  ==  tcpdump's "12:00:00.000000" (with TZ=UTC)
//
// so `TZ=UTC tcpdump -r lab.pcap` prints the same time stamps as tcpdumpLine with its defaults.

import { WireError } from './bytes';

/** 2026-01-01T12:00:00Z in seconds since the Unix epoch. */
export const LOGICAL_EPOCH_S = 1_767_268_800;
export const LOGICAL_EPOCH_ISO = '2026-01-01T12:00:00Z';
/** Time of day of the logical epoch, which is tcpdumpLine's default clock start. */
export const LOGICAL_EPOCH_CLOCK = '12:00:00';

export interface Timeval {
  sec: number;
  usec: number;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

/** Seconds since the Unix epoch at which t = 0 falls for a scenario starting at `start` (HH:MM:SS) on the
 *  logical epoch's day, so a pcap's time stamps read like the tcpdump text (TZ=UTC). */
function epochFor(start: string): number {
  const m = CLOCK.exec(start);
  if (!m) throw new WireError(`clock start must be HH:MM:SS, got ${start}`);
  return LOGICAL_EPOCH_S - 12 * 3600 + Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** Logical µs → struct timeval since the Unix epoch (t = 0 at `start` on 2026-01-01, UTC). */
export function logicalTimeval(tUs: number, start: string = LOGICAL_EPOCH_CLOCK): Timeval {
  if (!Number.isFinite(tUs) || tUs < 0) throw new WireError(`logical time must be ≥ 0 µs, got ${tUs}`);
  const us = Math.floor(tUs);
  return { sec: epochFor(start) + Math.floor(us / 1e6), usec: us % 1e6 };
}

/** Inverse of logicalTimeval; undefined when the timeval is before t = 0 or malformed. */
export function timevalToLogical(tv: Timeval, start: string = LOGICAL_EPOCH_CLOCK): number | undefined {
  const epoch = epochFor(start);
  if (tv.usec < 0 || tv.usec >= 1e6 || tv.sec < epoch) return undefined;
  return (tv.sec - epoch) * 1e6 + tv.usec;
}

/** tcpdump's default time stamp, "HH:MM:SS.uuuuuu": `start` ("HH:MM:SS") plus tUs, wrapping at midnight. */
export function clockText(tUs: number, start: string = LOGICAL_EPOCH_CLOCK): string {
  const m = CLOCK.exec(start);
  if (!m) throw new WireError(`clock start must be HH:MM:SS, got ${start}`);
  const { usec } = logicalTimeval(tUs);
  const startS = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const s = (startS + Math.floor(Math.floor(tUs) / 1e6)) % 86400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${String(usec).padStart(6, '0')}`;
}
