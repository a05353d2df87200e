// A big lab's edits in its address: `#s=<the lab's link>&edits=<lz-string JSON>`. The lab's YAML is the link
// it opened from (compressing a 2 MiB YAML again on every edit would take the page seconds); what changed
// since is a short list kept beside it, so a reload, a bookmark or Back rebuilds the same lab. A step is
// written as what the user did, not as the actions it became: an IPIP/VXLAN mode, or a terminal line and
// where it ran (the worker replays it, and the core is deterministic). Read back field by field, since a link
// is text anyone can edit, and inflated with the same bound as the link (inflate.ts).

import { compressToEncodedURIComponent } from 'lz-string';
import type { EncapMode } from '../core/model/scenario';
import { inflateLink, InflateLimitError } from './inflate';
import { hashParam } from './share';

export type EditStep = { encap: 'ipip' | 'vxlan'; mode: EncapMode } | { run: { node: string } | { pod: string }; line: string };

export interface Edits {
  steps: EditStep[];
  packet?: { from?: string; to?: string; protocol?: 'icmp' | 'tcp' | 'udp' };
}

/** the longest `edits=` value read, what it may inflate to, and the most steps: far past any session's */
export const EDITS_LIMITS = { chars: 200_000, inflated: 1_000_000, steps: 1_000, line: 10_000, name: 300 } as const;

export class EditsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditsError';
  }
}

export function encodeEdits(e: Edits): string {
  return compressToEncodedURIComponent(JSON.stringify({ v: 1, ...e }));
}

/** The `edits=` value of a location hash, undefined when it has none. */
export function editsValue(hash: string): string | undefined {
  return hashParam(hash, 'edits');
}

const MODES = ['Always', 'CrossSubnet', 'Never'];
const brief = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** Reads an `edits=` value; throws EditsError naming the field that is wrong. */
export function decodeEdits(value: string): Edits {
  const bad = (field: string, v: unknown, want: string) => new EditsError(`the shared link's edits${field} is ${brief(v)}; it must be ${want}`);
  if (value.length > EDITS_LIMITS.chars) throw new EditsError(`the shared link's edits are ${value.length} characters long, more than the ${EDITS_LIMITS.chars} a session can need`);
  let json: string | null;
  try {
    json = inflateLink(value, EDITS_LIMITS.inflated);
  } catch (e) {
    if (e instanceof InflateLimitError) throw new EditsError(`the shared link's edits inflate to over ${e.reached} characters, more than the limit of ${e.limit}`);
    throw e;
  }
  if (!json) throw new EditsError("the shared link's edits are damaged (they do not decompress)");
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new EditsError("the shared link's edits are damaged (not JSON)");
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('', raw, 'an object');
  const o = raw as Record<string, unknown>;
  if (o.v !== 1) throw bad('.v', o.v, '1');
  if (!Array.isArray(o.steps)) throw bad('.steps', o.steps, 'a list');
  if (o.steps.length > EDITS_LIMITS.steps) throw new EditsError(`the shared link has ${o.steps.length} edits, more than the limit of ${EDITS_LIMITS.steps}`);
  const name = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !v || v.length > EDITS_LIMITS.name) throw bad(field, v, `a name of at most ${EDITS_LIMITS.name} characters`);
    return v;
  };
  const steps = o.steps.map((s: unknown, i): EditStep => {
    const at = `.steps[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw bad(at, s, 'an object');
    const st = s as Record<string, unknown>;
    if ('encap' in st) {
      if (st.encap !== 'ipip' && st.encap !== 'vxlan') throw bad(`${at}.encap`, st.encap, 'ipip or vxlan');
      if (typeof st.mode !== 'string' || !MODES.includes(st.mode)) throw bad(`${at}.mode`, st.mode, MODES.join(', '));
      return { encap: st.encap, mode: st.mode as EncapMode };
    }
    if ('run' in st) {
      const r = st.run as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) throw bad(`${at}.run`, r, 'an object: {node} or {pod}');
      const target = 'node' in r ? { node: name(`${at}.run.node`, r.node) } : 'pod' in r ? { pod: name(`${at}.run.pod`, r.pod) } : undefined;
      if (!target) throw bad(`${at}.run`, r, 'an object: {node} or {pod}');
      if (typeof st.line !== 'string' || st.line.length > EDITS_LIMITS.line) throw bad(`${at}.line`, st.line, `a command line of at most ${EDITS_LIMITS.line} characters`);
      return { run: target, line: st.line };
    }
    throw bad(at, s, 'an IPIP/VXLAN mode {encap, mode} or a terminal line {run, line}');
  });
  let packet: Edits['packet'];
  if (o.packet !== undefined) {
    const p = o.packet as Record<string, unknown> | null;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad('.packet', p, 'an object');
    packet = {};
    for (const k of ['from', 'to'] as const) {
      const v = p[k];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length > EDITS_LIMITS.name) throw bad(`.packet.${k}`, v, 'an endpoint: namespace/pod, a node name or an IP');
      packet[k] = v;
    }
    if (p.protocol !== undefined) {
      if (p.protocol !== 'icmp' && p.protocol !== 'tcp' && p.protocol !== 'udp') throw bad('.packet.protocol', p.protocol, 'icmp, tcp or udp');
      packet.protocol = p.protocol;
    }
  }
  return { steps, ...(packet ? { packet } : {}) };
}
