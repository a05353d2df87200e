import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { decodeShareHash, encodeShare, migrate, SCHEMA_VERSION, ShareError } from './share';
import { createLabStore } from './labStore';

const text = readFileSync('presets/seed000-ipip.yaml', 'utf8');

describe('share links', () => {
  it('round-trips a payload through the hash', () => {
    const hash = '#s=' + encodeShare({ yaml: text, preset: 'seed000-ipip', packet: { from: 'a/b', to: 'node-1', protocol: 'tcp', port: 443, size: 0 }, cursor: 4 });
    const p = decodeShareHash(hash)!;
    expect(p).toEqual({ schemaVersion: SCHEMA_VERSION, yaml: text, preset: 'seed000-ipip', packet: { from: 'a/b', to: 'node-1', protocol: 'tcp', port: 443, size: 0 }, cursor: 4 });
    expect(decodeShareHash('')).toBeUndefined();
    expect(decodeShareHash('#other=1')).toBeUndefined();
  });

  it('migrates schema 1 links', () => {
    const v1 = { schemaVersion: 1, y: 'yaml', p: 'seed001-ipip', sel: { from: 'x/y', to: 'z', proto: 'udp', port: 53, size: 10, hop: 2 } };
    expect(migrate(v1)).toEqual({ schemaVersion: 2, yaml: 'yaml', preset: 'seed001-ipip', packet: { from: 'x/y', to: 'z', protocol: 'udp', port: 53, size: 10 }, cursor: 2 });
    expect(decodeShareHash('#s=' + compressToEncodedURIComponent(JSON.stringify(v1)))!.yaml).toBe('yaml');
  });

  it('rejects damaged, foreign and future links with a ShareError', () => {
    expect(() => decodeShareHash('#s=!!!')).toThrow(ShareError);
    expect(() => decodeShareHash('#s=' + compressToEncodedURIComponent('not json'))).toThrow(/not JSON/);
    expect(() => migrate({ yaml: 'x' })).toThrow(/schemaVersion/);
    expect(() => migrate({ schemaVersion: 99, yaml: 'x' })).toThrow(/newer/);
  });

  it('two stores never share state', async () => {
    const a = createLabStore({ text, fileName: 'a.yaml', presetName: 'a' });
    const b = createLabStore({ text, fileName: 'b.yaml', presetName: 'b' });
    a.getState().setPacket({ protocol: 'udp' });
    await a.getState().send();
    expect(a.getState().walk).toBeDefined();
    expect(b.getState().walk).toBeUndefined();
    expect(b.getState().packet.protocol).toBe('icmp');
  });
});
