import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { bomb } from '../../test/support/linkBomb';
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

  it('names the field of a link whose packet or cursor has the wrong type (it used to reach the UI as a TypeError)', () => {
    const v2 = (extra: Record<string, unknown>) => ({ schemaVersion: 2, yaml: 'y', ...extra });
    expect(() => migrate(v2({ packet: { from: 42 } }))).toThrow("the shared link's packet.from is 42; it must be an endpoint");
    expect(() => migrate(v2({ packet: { to: ['a'] } }))).toThrow("packet.to is a list");
    expect(() => migrate(v2({ packet: { protocol: 'sctp' } }))).toThrow('packet.protocol is "sctp"; it must be icmp, tcp or udp');
    expect(() => migrate(v2({ packet: { port: 70000 } }))).toThrow('packet.port is 70000; it must be a port number 0-65535');
    expect(() => migrate(v2({ packet: { size: 1.5 } }))).toThrow('packet.size is 1.5');
    expect(() => migrate(v2({ packet: { evil: 1 } }))).toThrow('unknown field "evil"');
    expect(() => migrate(v2({ packet: 'x' }))).toThrow("the shared link's packet is \"x\"; it must be an object");
    expect(() => migrate(v2({ cursor: '3' }))).toThrow('cursor is "3"');
    expect(() => migrate(v2({ cursor: -1 }))).toThrow('cursor is -1');
    expect(migrate(v2({ packet: { from: 'a/b', port: 0, size: 65507 }, cursor: 0 }))).toEqual({ schemaVersion: 2, yaml: 'y', packet: { from: 'a/b', port: 0, size: 65507 }, cursor: 0 });
  });

  it('refuses a link larger than any scenario before inflating it', () => {
    expect(() => decodeShareHash('#s=' + 'A'.repeat(1_000_001))).toThrow(/more than the 1000000 a lab can need/);
    const huge = compressToEncodedURIComponent(JSON.stringify({ schemaVersion: 2, yaml: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.length).toBeLessThan(1_000_000);
    expect(() => decodeShareHash('#s=' + huge)).toThrow(/^E122 the shared link inflates to over [\d,]+ characters, more than the limit of 2,101,248/);
    // lz-string's compressor takes seconds of CPU over 3 MB (the bounded inflate does not); on a loaded
    // machine that passed the suite's 30 s default
  }, 120_000);

  it('stops a link that inflates past the limit with the numbered error, naming the limit and the value', () => {
    // 45 KB that spell 200 million characters (test/support/linkBomb.ts); inflating stops at the limit
    expect(() => decodeShareHash('#s=' + bomb(20_000))).toThrow(new ShareError('E122 the shared link inflates to over 2,102,275 characters, more than the limit of 2,101,248 (allowed: at most 2,101,248 characters inflated)'));
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
