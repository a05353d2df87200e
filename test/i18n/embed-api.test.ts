import { describe, expect, it } from 'vitest';
import { allowedOrigins, parseMessage } from '../../src/embed/api';

describe('embed API validation', () => {
  it('accepts well-formed messages and drops extra fields', () => {
    expect(parseMessage({ type: 'load-lab', v: 1, lab: 'ipip-vs-bgp', x: 1 })).toEqual({ type: 'load-lab', v: 1, lab: 'ipip-vs-bgp' });
    expect(parseMessage({ type: 'go-to-step', v: 1, step: 3 })).toEqual({ type: 'go-to-step', v: 1, step: 3 });
    expect(parseMessage({ type: 'set-mode', v: 1, ipipMode: 'Never' })).toEqual({ type: 'set-mode', v: 1, ipipMode: 'Never' });
    expect(parseMessage({ type: 'send-packet', v: 1, from: 'default/web', to: '10.0.0.1', protocol: 'tcp', port: 80 })).toEqual({ type: 'send-packet', v: 1, from: 'default/web', to: '10.0.0.1', protocol: 'tcp', port: 80 });
  });
  it('ignores unknown or malformed messages', () => {
    for (const bad of [null, 'load-lab', [], { type: 'load-lab', lab: 'x' }, { type: 'load-lab', v: 2, lab: 'x' }, { type: 'load-lab', v: 1, lab: '<img>' }, { type: 'go-to-step', v: 1, step: 0 }, { type: 'go-to-step', v: 1, step: '2' }, { type: 'set-mode', v: 1 }, { type: 'set-mode', v: 1, ipipMode: 'always' }, { type: 'send-packet', v: 1, from: 'a' }, { type: 'send-packet', v: 1, from: 'a', to: 'b', port: 70000 }, { type: 'eval', v: 1 }])
      expect(parseMessage(bad), JSON.stringify(bad)).toBeUndefined();
  });
  it('origins come from the build, else the page itself', () => {
    expect(allowedOrigins(undefined, 'http://a')).toEqual(['http://a']);
    expect(allowedOrigins('', 'http://a')).toEqual(['http://a']);
    expect(allowedOrigins('https://docs.example.org/, http://localhost:5173 , junk', 'http://a')).toEqual(['https://docs.example.org', 'http://localhost:5173']);
  });
});
