import { describe, expect, it } from 'vitest';
import { connectEmbedApi, originAllowed, parentOriginHint, parentPolicy, parseMessage, type OutMessage } from '../../src/embed/api';

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
  it('any parent by default; the build and the URL each restrict, and the URL only narrows the build', () => {
    const any = parentPolicy(undefined, null);
    expect(any).toEqual({ any: true });
    expect(parentPolicy('', '  ')).toEqual({ any: true });
    expect(originAllowed(any, 'https://docs.example.org')).toBe(true);
    // an opaque origin ("null", a sandboxed page) cannot be answered without '*': never accepted
    expect(originAllowed(any, 'null')).toBe(false);
    const build = parentPolicy('https://docs.example.org/, http://localhost:5173 , junk', null);
    expect(build).toEqual({ any: false, origins: ['https://docs.example.org', 'http://localhost:5173'] });
    expect(originAllowed(build, 'https://evil.example')).toBe(false);
    expect(parentPolicy(undefined, 'https://a.example')).toEqual({ any: false, origins: ['https://a.example'] });
    expect(parentPolicy('https://docs.example.org,http://localhost:5173', 'http://localhost:5173,https://other.example')).toEqual({ any: false, origins: ['http://localhost:5173'] });
    // a setting that lists nothing valid allows nobody (it was meant to restrict)
    expect(parentPolicy('junk', null)).toEqual({ any: false, origins: [] });
  });
  it("the parent's origin: first ancestor, else the referrer's origin", () => {
    const loc = (anc?: string[]) => ({ ancestorOrigins: anc ? Object.assign([...anc], { contains: () => false, item: (i: number) => anc[i] }) : undefined }) as unknown as Location;
    expect(parentOriginHint(loc(['https://docs.example.org']), 'https://x.example/page')).toBe('https://docs.example.org');
    expect(parentOriginHint(loc(), 'https://docs.example.org/guide/cni.html?x=1')).toBe('https://docs.example.org');
    expect(parentOriginHint(loc([]), '')).toBeUndefined();
    expect(parentOriginHint(loc(), 'not a url')).toBeUndefined();
  });
});

/** a frame window and its parent, enough for connectEmbedApi: listeners and posted messages */
function frame() {
  const posted: { m: OutMessage; origin: string }[] = [];
  const listeners: ((e: MessageEvent) => void)[] = [];
  const parent = { postMessage: (m: OutMessage, origin: string) => posted.push({ m, origin }) };
  const win = {
    parent,
    addEventListener: (_: string, f: (e: MessageEvent) => void) => listeners.push(f),
    removeEventListener: (_: string, f: (e: MessageEvent) => void) => listeners.splice(listeners.indexOf(f), 1),
  };
  const deliver = (data: unknown, origin: string, source: unknown = parent) => listeners.forEach((f) => f({ data, origin, source } as MessageEvent));
  return { win: win as unknown as Window, parent, posted, deliver, listeners };
}

describe('embed API replies', () => {
  it("answers the parent at the origin it was loaded by, never '*'", () => {
    const f = frame();
    const got: string[] = [];
    const api = connectEmbedApi(f.win, { any: true }, { onMessage: (m) => got.push(m.type) }, 'https://docs.example.org');
    api.post({ type: 'ready', v: 1 });
    expect(f.posted).toEqual([{ m: { type: 'ready', v: 1 }, origin: 'https://docs.example.org' }]);
    f.deliver({ type: 'go-to-step', v: 1, step: 2 }, 'https://docs.example.org');
    expect(got).toEqual(['go-to-step']);
    api.stop();
    expect(f.listeners).toHaveLength(0);
  });
  it('without a hint, replies wait for the first message and go to its origin', () => {
    const f = frame();
    const got: string[] = [];
    const api = connectEmbedApi(f.win, { any: true }, { onMessage: (m) => got.push(m.type) });
    api.post({ type: 'ready', v: 1 });
    expect(f.posted).toEqual([]);
    f.deliver({ type: 'hello', v: 1 }, 'https://b.example');
    expect(f.posted.map((p) => [p.m.type, p.origin])).toEqual([
      ['ready', 'https://b.example'],
      ['ready', 'https://b.example'],
    ]);
    expect(got).toEqual([]);
  });
  it('ignores other windows, refused origins and malformed messages', () => {
    const f = frame();
    const got: string[] = [];
    connectEmbedApi(f.win, { any: false, origins: ['https://docs.example.org'] }, { onMessage: (m) => got.push(m.type) }, 'https://evil.example');
    f.deliver({ type: 'go-to-step', v: 1, step: 2 }, 'https://evil.example');
    f.deliver({ type: 'go-to-step', v: 1, step: 2 }, 'https://docs.example.org', f.win);
    f.deliver({ type: 'go-to-step', v: 1, step: 2 }, 'https://docs.example.org', {});
    f.deliver({ type: 'go-to-step', v: 1, step: 'two' }, 'https://docs.example.org');
    expect(got).toEqual([]);
    // the hint named a refused origin: nothing was ever sent to it
    expect(f.posted).toEqual([]);
    f.deliver({ type: 'go-to-step', v: 1, step: 2 }, 'https://docs.example.org');
    expect(got).toEqual(['go-to-step']);
  });
});
