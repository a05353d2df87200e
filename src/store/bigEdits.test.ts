import { describe, expect, it } from 'vitest';
import lz from 'lz-string';
import { decodeEdits, EditsError, editsValue, encodeEdits, EDITS_LIMITS } from './bigEdits';
import { bomb } from '../../test/support/linkBomb';

const raw = (v: unknown) => lz.compressToEncodedURIComponent(JSON.stringify(v));

describe("a big lab's edits in its address", () => {
  it('round-trips modes, terminal lines and the packet, and is found beside the link', () => {
    const e = { steps: [{ encap: 'ipip' as const, mode: 'Never' as const }, { run: { node: 'node-1' }, line: 'kubectl label node node-2 zone=b' }, { run: { pod: 'default/a' }, line: 'ip route' }], packet: { from: 'default/a', to: 'default/b', protocol: 'udp' as const } };
    const v = encodeEdits(e);
    expect(editsValue(`#s=abc&edits=${v}`)).toBe(v);
    expect(editsValue('#s=abc')).toBeUndefined();
    // `s=` is not read as part of `edits=` (or the reverse)
    expect(editsValue('#s=edits=x')).toBeUndefined();
    expect(decodeEdits(v)).toEqual(e);
  });

  it('names the field that is wrong', () => {
    const bad = (v: unknown) => () => decodeEdits(raw(v));
    expect(bad({ v: 2, steps: [] })).toThrow(new EditsError("the shared link's edits.v is 2; it must be 1"));
    expect(bad({ v: 1, steps: {} })).toThrow("the shared link's edits.steps is an object; it must be a list");
    expect(bad({ v: 1, steps: [{ encap: 'gre', mode: 'Never' }] })).toThrow('edits.steps[0].encap is "gre"; it must be ipip or vxlan');
    expect(bad({ v: 1, steps: [{ encap: 'ipip', mode: 'Always' }, { encap: 'vxlan', mode: 'always' }] })).toThrow('edits.steps[1].mode is "always"; it must be Always, CrossSubnet, Never');
    expect(bad({ v: 1, steps: [{ run: { host: 'x' }, line: 'ls' }] })).toThrow('edits.steps[0].run is an object; it must be an object: {node} or {pod}');
    expect(bad({ v: 1, steps: [{ run: { node: 3 }, line: 'ls' }] })).toThrow('edits.steps[0].run.node is 3; it must be a name of at most 300 characters');
    expect(bad({ v: 1, steps: [{ run: { node: 'n' }, line: 'x'.repeat(EDITS_LIMITS.line + 1) }] })).toThrow(/edits\.steps\[0\]\.line is "x{39}…; it must be a command line of at most 10000 characters/);
    expect(bad({ v: 1, steps: [7] })).toThrow('edits.steps[0] is 7; it must be an object');
    expect(bad({ v: 1, steps: [{}] })).toThrow('edits.steps[0] is an object; it must be an IPIP/VXLAN mode {encap, mode} or a terminal line {run, line}');
    expect(bad({ v: 1, steps: [], packet: { protocol: 'sctp' } })).toThrow('edits.packet.protocol is "sctp"; it must be icmp, tcp or udp');
    expect(bad({ v: 1, steps: [], packet: { from: ['a'] } })).toThrow('edits.packet.from is a list; it must be an endpoint');
    expect(bad({ v: 1, steps: Array.from({ length: 1001 }, () => ({ encap: 'ipip', mode: 'Never' })) })).toThrow('the shared link has 1001 edits, more than the limit of 1000');
    expect(() => decodeEdits('%%%')).toThrow('damaged');
  });

  it('is inflated with the bound: a hostile value stops at its limit', () => {
    expect(() => decodeEdits(bomb(20_000))).toThrow(new EditsError("the shared link's edits inflate to over 1000405 characters, more than the limit of 1000000"));
    expect(() => decodeEdits('A'.repeat(EDITS_LIMITS.chars + 1))).toThrow('more than the 200000 a session can need');
  });
});
