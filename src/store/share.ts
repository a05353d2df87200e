// Share links: the scenario (as the YAML scenarioToYaml writes) and the packet selection in the URL hash,
// `#s=<lz-string compressToEncodedURIComponent of JSON>`. Every payload carries a schemaVersion; migrate()
// brings older payloads forward, so links made by an older build keep opening.
//
// lz-string: its compressToEncodedURIComponent output is URL-safe as is (no base64url glue), it is small
// (~1.5 KB gzip, no dependencies) and it is what e.g. the TypeScript playground uses for the same job.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { PacketSpec } from './labStore';

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
    const packet = o.packet && typeof o.packet === 'object' ? (o.packet as Partial<PacketSpec>) : undefined;
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

export function encodeShare(p: Omit<SharePayload, 'schemaVersion'>): string {
  return compressToEncodedURIComponent(JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...p }));
}

/** The payload in a location hash ("#s=..."), undefined when the hash holds none; throws ShareError when
 *  it holds a broken one. */
export function decodeShareHash(hash: string): SharePayload | undefined {
  const m = /(?:^#|&)s=([^&]*)/.exec(hash);
  if (!m) return undefined;
  const json = m[1] ? decompressFromEncodedURIComponent(m[1]) : null;
  if (!json) throw new ShareError('the shared link is damaged (it does not decompress)');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ShareError('the shared link is damaged (not JSON)');
  }
  return migrate(raw);
}
