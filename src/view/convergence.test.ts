import { describe, expect, it } from 'vitest';
import type { BgpEvent } from '../core/bgp';
import { convergenceTimeline, fibMarks, messagePath } from './convergence';
import type { Layout } from './layout';

const msg = { fromAddress: '10.0.0.1', toAddress: '10.0.0.2' };
const events: BgpEvent[] = [
  { t: 1, type: 'NOTIFICATION', from: 'a', to: 'b', ...msg, error: 'Cease' },
  { t: 2000, type: 'OPEN', from: 'a', to: 'rr', ...msg, as: 64512, routerId: '1.1.1.1', holdTime: 240 },
  { t: 2001, type: 'WITHDRAW', from: 'a', to: 'b', ...msg, originator: 'a', prefixes: ['10.244.1.0/26'] },
  { t: 2001, type: 'FIB', node: 'b', op: 'del', route: '10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink', originator: 'a' },
  { t: 2002, type: 'UPDATE', from: 'a', to: 'rr', ...msg, originator: 'a', prefixes: ['10.244.1.0/26'], nextHop: '10.0.0.1', asPath: [] },
  { t: 2003, type: 'UPDATE', from: 'rr', to: 'b', ...msg, originator: 'a', prefixes: ['10.244.1.0/26'], nextHop: '10.0.0.1', asPath: [] },
  { t: 2003, type: 'FIB', node: 'b', op: 'add', route: '10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink', originator: 'a' },
  { t: 240000, type: 'FIB', node: 'c', op: 'del', route: '10.244.2.0/26 via 10.0.0.3 dev tunl0 proto bird onlink', originator: 'd' },
];

describe('convergenceTimeline', () => {
  it('turns messages into ordered steps, FIB changes joined to the message that caused them', () => {
    const { steps, more } = convergenceTimeline(events);
    expect(more).toBe(0);
    expect(steps.map((s) => [s.kind, s.from, s.to, s.t, s.fibChanges.length])).toEqual([
      ['WITHDRAW', 'a', 'b', 2001, 1],
      ['UPDATE', 'a', 'rr', 2002, 0],
      ['UPDATE', 'rr', 'b', 2003, 1],
      ['FIB', undefined, undefined, 240000, 1],
    ]);
    expect(steps[2].text).toBe('UPDATE rr → b 10.244.1.0/26');
    expect(steps[0].label).toBe('WITHDRAW 10.244.1.0/26');
    expect(steps.map((s) => s.i)).toEqual([0, 1, 2, 3]);
  });

  it('stops at the limit and counts the rest', () => {
    const { steps, more } = convergenceTimeline(events, 2);
    expect(steps).toHaveLength(2);
    expect(more).toBe(2);
  });

  it('fibMarks: route marks up to the cursor, the latest op wins, the cursor step is fresh', () => {
    const { steps } = convergenceTimeline(events);
    const line = '10.244.1.0/26 via 10.0.0.1 dev tunl0 proto bird onlink';
    let m = fibMarks(steps, 0);
    expect([...m.get('b')!.removed]).toEqual([line]);
    expect(m.get('b')!.fresh.has(line)).toBe(true);
    m = fibMarks(steps, 2);
    expect([...m.get('b')!.added]).toEqual([line]);
    expect(m.get('b')!.removed.size).toBe(0);
    expect(m.has('c')).toBe(false);
    m = fibMarks(steps, 3);
    expect(m.get('b')!.fresh.size).toBe(0);
    expect(m.get('c')!.fresh.size).toBe(1);
  });

  it('FIB changes no message caused, at one moment, are one step', () => {
    const fib = (node: string, route: string): BgpEvent => ({ t: 1, type: 'FIB', node, op: 'del', route, originator: 'x' });
    const { steps } = convergenceTimeline([fib('a', '10.1.0.0/26 via 1.1.1.1 dev tunl0'), fib('b', '10.1.0.0/26 via 1.1.1.1 dev tunl0')]);
    expect(steps).toHaveLength(1);
    expect(steps[0].text).toBe('FIB a −10.1.0.0/26, b −10.1.0.0/26');
    expect(steps[0].prefixes).toEqual(['10.1.0.0/26']);
  });
});

describe('messagePath', () => {
  it('runs from the top middle of the sender to the receiver, lifted above both', () => {
    const box = (x: number) => ({ ns: 'n', x, y: 100, w: 100, h: 50 });
    const layout = { nodes: new Map([['a', box(0)], ['b', box(300)]]), routers: new Map() } as unknown as Layout;
    const p = messagePath(layout, 'a', 'b', 8)!;
    expect(p[0]).toEqual({ x: 50, y: 100 });
    expect(p[8]).toEqual({ x: 350, y: 100 });
    expect(Math.min(...p.map((q) => q.y))).toBeLessThan(100);
    expect(messagePath(layout, 'a', 'zz')).toBeUndefined();
  });
});

describe('convergenceTimeline on core events', () => {
  it('a reflector re-sends to its clients; every FIB add rides on the UPDATE that reached its node', async () => {
    const { bgpEvents } = await import('../core/bgp');
    const { flat, reflector, reflectorPeer } = await import('../../test/support/bgp-labs');
    const st = flat(4, { mesh: false, calicoNodes: [reflector('node-04', '244.0.0.1', '10.0.0.14/24')], peers: [reflectorPeer] });
    const { steps } = convergenceTimeline(bgpEvents(undefined, st));
    const updates = steps.filter((s) => s.kind === 'UPDATE');
    expect(updates.some((s) => s.from === 'node-04' && s.to !== 'node-04')).toBe(true);
    expect(updates.some((s) => s.to === 'node-04')).toBe(true);
    for (const s of steps) for (const f of s.fibChanges) if (s.kind !== 'FIB') expect([f.node, s.prefixes.includes(f.route.split(' ')[0])]).toEqual([s.to, true]);
    expect(steps.filter((s) => s.kind === 'FIB')).toHaveLength(0);
  });
});
