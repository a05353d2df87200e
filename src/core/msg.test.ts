import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fill, type Msg, type MsgArg } from './msg';

// The rule as first written (one regex replace per call): the compiled fill must give the same text.
function fillByRegex(template: string, args: Record<string, MsgArg>, render: (m: Msg) => string): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => {
    if (!(k in args)) return whole;
    const v = args[k];
    return typeof v === 'object' ? render(v) : String(v);
  });
}

describe('fill', () => {
  it('fills holes, keeps unknown ones and renders nested messages', () => {
    const render = (m: Msg) => `<${m.id}>`;
    expect(fill('{ns}: {line}', { ns: 'node-1', line: '10.0.0.0/8 dev eth0' }, render)).toBe('node-1: 10.0.0.0/8 dev eth0');
    expect(fill('a {missing} b {x}', { x: 3 }, render)).toBe('a {missing} b 3');
    expect(fill('{inner}.', { inner: { id: 'walk.x', args: {} } }, render)).toBe('<walk.x>.');
    expect(fill('no holes', {}, render)).toBe('no holes');
    expect(fill('{a}{a}{ b}{}', { a: '$&' }, render)).toBe('$&$&{ b}{}');
  });

  it('agrees with a regex replace on random templates and arguments', () => {
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{a}', '{b}', '{c_1}', '{', '}', '{}', '{ a}', '{{a}}', '$1', '$&'));
    const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant({ id: 'nested', args: {} } as Msg));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.dictionary(fc.constantFrom('a', 'b', 'c_1', 'd'), value), (pieces, args) => {
        const t = pieces.join('');
        const render = (m: Msg) => `[${m.id}]`;
        expect(fill(t, args, render)).toBe(fillByRegex(t, args, render));
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});
