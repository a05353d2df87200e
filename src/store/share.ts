// Share links: the scenario (as the YAML scenarioToYaml writes) and the packet selection in the URL hash,
// `#s=<lz-string compressToEncodedURIComponent of JSON>`. Every payload carries a schemaVersion; migrate()
// brings older payloads forward, so links made by an older build keep opening.
//
// lz-string: its compressToEncodedURIComponent output is URL-safe as is (no base64url glue), it is small
// (~1.5 KB gzip, no dependencies) and it is what e.g. the TypeScript playground uses for the same job.

import { compressToEncodedURIComponent } from 'lz-string';
import type { PacketSpec } from './labStore';
import { SCENARIO_LIMITS } from '../core/scenario/parse';
import { formatError } from '../core/model/errors';
import { inflateLink, InflateLimitError } from './inflate';

/** the longest `s=` value read; a scenario at the size limit compresses well below it */
export const MAX_LINK_CHARS = 1_000_000;

/** the most a link may inflate to: a scenario at its size limit and the payload's JSON around it. Inflating
 *  stops as soon as the output would pass it (inflate.ts), so a link spelling gigabytes costs milliseconds. */
export const MAX_INFLATED_CHARS = SCENARIO_LIMITS.bytes + 4096;

export const SCHEMA_VERSION = 2;

export interface SharePayload {
  schemaVersion: typeof SCHEMA_VERSION;
  /** the scenario as YAML (scenarioToYaml) */
  yaml: string;
  /** preset the lab started from, if any (shown in the picker) */
  preset?: string;
  packet?: Partial<PacketSpec>;
  /** hop cursor */
  cursor?: number;
}

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/**
 * Older payloads → the current one.
 *   v1: { schemaVersion: 1, y: yaml, p?: preset, sel?: { from, to, proto, port, size, hop } }
 *   v2: { schemaVersion: 2, yaml, preset?, packet?, cursor? }
 */
export function migrate(raw: unknown): SharePayload {
  if (!raw || typeof raw !== 'object') throw new ShareError('the shared link holds no lab');
  const o = raw as Record<string, unknown>;
  const v = o.schemaVersion;
  if (v === 1) {
    const sel = (o.sel ?? {}) as Record<string, unknown>;
    return migrate({
      schemaVersion: 2,
      yaml: o.y,
      ...(typeof o.p === 'string' ? { preset: o.p } : {}),
      packet: {
        ...(typeof sel.from === 'string' ? { from: sel.from } : {}),
        ...(typeof sel.to === 'string' ? { to: sel.to } : {}),
        ...(sel.proto === 'icmp' || sel.proto === 'tcp' || sel.proto === 'udp' ? { protocol: sel.proto } : {}),
        ...(typeof sel.port === 'number' ? { port: sel.port } : {}),
        ...(typeof sel.size === 'number' ? { size: sel.size } : {}),
      },
      ...(typeof sel.hop === 'number' ? { cursor: sel.hop } : {}),
    });
  }
  if (v === 2) {
    if (typeof o.yaml !== 'string') throw new ShareError('the shared link has no scenario');
    const packet = o.packet === undefined ? undefined : checkPacket(o.packet);
    if (o.cursor !== undefined && !(Number.isInteger(o.cursor) && (o.cursor as number) >= 0 && (o.cursor as number) <= 100_000)) {
      throw new ShareError(`the shared link's cursor is ${brief(o.cursor)}; it must be a hop number (a whole number from 0)`);
    }
    return {
      schemaVersion: 2,
      yaml: o.yaml,
      ...(typeof o.preset === 'string' ? { preset: o.preset } : {}),
      ...(packet ? { packet } : {}),
      ...(typeof o.cursor === 'number' ? { cursor: o.cursor } : {}),
    };
  }
  if (typeof v === 'number' && v > SCHEMA_VERSION) throw new ShareError(`the shared link was made by a newer CNI Lab (schema ${v}; this one reads up to ${SCHEMA_VERSION})`);
  throw new ShareError('the shared link has no schemaVersion');
}

/** A value quoted back in a message: short, and never an object dump. */
function brief(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * The packet selection, field by field against its schema: a link is text anyone can edit, and a field of the
 * wrong type used to reach the UI as "t.includes is not a function". A bad field is named, never passed on.
 */
function checkPacket(raw: unknown): Partial<PacketSpec> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ShareError(`the shared link's packet is ${brief(raw)}; it must be an object`);
  const o = raw as Record<string, unknown>;
  const out: Partial<PacketSpec> = {};
  for (const [k, v] of Object.entries(o)) {
    const bad = (want: string) => new ShareError(`the shared link's packet.${k} is ${brief(v)}; it must be ${want}`);
    switch (k) {
      case 'from':
      case 'to':
        if (typeof v !== 'string' || v.length > 300) throw bad('an endpoint: namespace/pod, a node name or an IP');
        out[k] = v;
        break;
      case 'protocol':
        if (v !== 'icmp' && v !== 'tcp' && v !== 'udp') throw bad('icmp, tcp or udp');
        out.protocol = v;
        break;
      case 'port':
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 65535) throw bad('a port number 0-65535');
        out.port = v as number;
        break;
      case 'size':
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 65507) throw bad('a payload size 0-65507');
        out.size = v as number;
        break;
      default:
        throw new ShareError(`the shared link's packet has an unknown field ${brief(k)} (known: from, to, protocol, port, size)`);
    }
  }
  return out;
}

export function encodeShare(p: Omit<SharePayload, 'schemaVersion'>): string {
  return compressToEncodedURIComponent(JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...p }));
}

/** Whether a location hash carries a shared lab (`s=`), without reading it. */
/** The raw value of `key=` in a location hash ("#s=…&edits=…"), undefined when the hash has no such key. */
export function hashParam(hash: string, key: 's' | 'edits'): string | undefined {
  return new RegExp(`(?:^#|&)${key}=([^&]*)`).exec(hash)?.[1];
}

export function hasShareLink(hash: string): boolean {
  return hashParam(hash, 's') !== undefined;
}

/** The payload in a location hash ("#s=..."), undefined when the hash holds none; throws ShareError when
 *  it holds a broken one. */
export function decodeShareHash(hash: string): SharePayload | undefined {
  const link = hashParam(hash, 's');
  if (link === undefined) return undefined;
  // lz-string expands at most ~16x here; a link far past any real scenario is refused before it is inflated
  if (link.length > MAX_LINK_CHARS) throw new ShareError(`the shared link is ${link.length} characters long, more than the ${MAX_LINK_CHARS} a lab can need`);
  let json: string | null;
  try {
    json = link ? inflateLink(link, MAX_INFLATED_CHARS) : null;
  } catch (e) {
    if (!(e instanceof InflateLimitError)) throw e;
    const n = (v: number) => v.toLocaleString('en-US');
    throw new ShareError(formatError('E122', `the shared link inflates to over ${n(e.reached)} characters, more than the limit of ${n(e.limit)}`, undefined, `at most ${n(e.limit)} characters inflated`));
  }
  if (!json) throw new ShareError('the shared link is damaged (it does not decompress)');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ShareError('the shared link is damaged (not JSON)');
  }
  return migrate(raw);
}
