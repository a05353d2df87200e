import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../core/session/load';
import { runWalk } from '../core/tools';
import { serializeFrame } from '../core/wire';
import { allFields, dissect, fieldAt, hexRowsOf } from './dissect';

describe('dissect', () => {
  const state = loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'x').state!;
  const w = runWalk(state, { from: `default/${state.pods[0].name}`, to: `default/${state.pods[5].name}` });
  const hop = w.hops.find((h) => h.wire?.medium === 'lan')!;
  const bytes = serializeFrame(hop.wire!.frame);
  const layers = dissect(hop.wire!.frame, bytes);

  it('gives every layer outermost first, covering the frame exactly', () => {
    expect(layers.map((l) => l.short)).toEqual(['Eth', 'IPv4', 'IPv4', 'ICMP', 'Data']);
    expect(layers.reduce((n, l) => n + l.length, 0)).toBe(bytes.length);
    for (const l of layers) for (const f of l.fields) expect(f.offset + f.length).toBeLessThanOrEqual(l.offset + l.length);
  });

  it('field offsets point at the bytes that hold the value', () => {
    const proto = layers[1].fields.find((f) => f.name === 'Protocol')!;
    expect(bytes[proto.offset]).toBe(4);
    const src = layers[2].fields.find((f) => f.name === 'Source Address')!;
    expect(Array.from(bytes.subarray(src.offset, src.offset + 4))).toEqual([172, 20, 247, 1]);
    expect(fieldAt(layers, src.offset + 2)).toBe(src);
    const csum = layers[3].fields.find((f) => f.name === 'Checksum')!;
    expect(csum.value).toBe('0x' + ((bytes[csum.offset] << 8) | bytes[csum.offset + 1]).toString(16).padStart(4, '0'));
    expect(allFields(layers).length).toBeGreaterThan(20);
  });

  it('hex rows of 16', () => {
    const rows = hexRowsOf(bytes);
    expect(rows).toHaveLength(Math.ceil(bytes.length / 16));
    expect(rows[1].offset).toBe(16);
  });
});
