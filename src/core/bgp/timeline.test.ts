// convergenceTimeline on hand-written event lists: which step each FIB change joins, the labels and the
// narration, worked out from the rules in timeline.ts's header by hand.
import { describe, expect, it } from 'vitest';
import type { BgpEvent } from './events';
import { CONV_LIMIT, convergenceTimeline } from './timeline';

const addr = { fromAddress: '10.0.0.1', toAddress: '10.0.0.2' };
const upd = (t: number, from: string, to: string, prefixes: string[]): BgpEvent => ({ t, type: 'UPDATE', from, to, ...addr, originator: from, prefixes, nextHop: '10.0.0.1', asPath: [] });
const wd = (t: number, from: string, to: string, prefixes: string[]): BgpEvent => ({ t, type: 'WITHDRAW', from, to, ...addr, originator: from, prefixes });
const fib = (t: number, node: string, op: 'add' | 'del', dst: string): BgpEvent => ({ t, type: 'FIB', node, op, route: `${dst} via 10.0.0.9 dev tunl0 proto bird onlink`, originator: 'o' });
const P1 = '10.244.1.0/26';
const P2 = '10.244.2.0/26';
const P3 = '10.244.3.0/26';

/** each step as "kind from>to t: its FIB changes' nodes and ops" */
const shape = (events: BgpEvent[], limit?: number) =>
  convergenceTimeline(events, limit).steps.map((s) => `${s.i} ${s.kind} ${s.from ?? '-'}>${s.to ?? '-'} ${s.t}: ${s.fibChanges.map((f) => `${f.node}${f.op === 'add' ? '+' : '-'}${f.route.split(' ')[0]}`).join(',')}`);

describe('convergenceTimeline', () => {
  it('labels a message with its first two prefixes and counts the rest', () => {
    const { steps } = convergenceTimeline([upd(5, 'a', 'b', [P1]), upd(6, 'a', 'b', [P1, P2]), wd(7, 'a', 'b', [P1, P2, P3]), wd(8, 'a', 'b', [P1, P2, P3, '10.244.4.0/26'])]);
    expect(steps.map((s) => s.label)).toEqual([`UPDATE ${P1}`, `UPDATE ${P1} ${P2}`, `WITHDRAW ${P1} ${P2} +1`, `WITHDRAW ${P1} ${P2} +2`]);
    expect(steps[2].text).toBe(`WITHDRAW a → b ${P1} ${P2} +1`);
    expect(steps[3].prefixes).toEqual([P1, P2, P3, '10.244.4.0/26']);
    expect(steps[0]).toMatchObject({ kind: 'UPDATE', t: 5, from: 'a', to: 'b', fibChanges: [] });
  });

  it('leaves OPEN, KEEPALIVE, NOTIFICATION and SESSION out', () => {
    const other: BgpEvent[] = [
      { t: 1, type: 'NOTIFICATION', from: 'a', to: 'b', ...addr, error: 'Cease' },
      { t: 2000, type: 'OPEN', from: 'a', to: 'b', ...addr, as: 64512, routerId: '10.0.0.1', holdTime: 240 },
      { t: 2000, type: 'KEEPALIVE', from: 'a', to: 'b', ...addr },
      { t: 2000, type: 'SESSION', node: 'a', nodeAddress: '10.0.0.1', peer: 'b', peerAddress: '10.0.0.2', state: 'Established' },
    ];
    expect(convergenceTimeline(other)).toEqual({ steps: [], more: 0 });
  });

  it('a FIB change joins the last message of its moment to its node that carried its prefix', () => {
    // two messages to b with P1: the later one caused it
    expect(shape([upd(9, 'x', 'b', [P1]), upd(9, 'y', 'b', [P1]), fib(9, 'b', 'add', P1)])).toEqual(['0 UPDATE x>b 9: ', `1 UPDATE y>b 9: b+${P1}`]);
    // the prefix decides before the order: x carried P1, y did not
    expect(shape([upd(9, 'x', 'b', [P1]), upd(9, 'y', 'b', [P2]), fib(9, 'b', 'add', P1)])).toEqual([`0 UPDATE x>b 9: b+${P1}`, '1 UPDATE y>b 9: ']);
    // a WITHDRAW causes a deletion the same way
    expect(shape([wd(9, 'x', 'b', [P1]), upd(9, 'y', 'c', [P1]), fib(9, 'b', 'del', P1)])).toEqual([`0 WITHDRAW x>b 9: b-${P1}`, '1 UPDATE y>c 9: ']);
  });

  it('without a message carrying its prefix, the last message to its node at that moment', () => {
    expect(shape([upd(9, 'x', 'b', [P2]), upd(9, 'y', 'b', [P3]), upd(9, 'z', 'c', [P1]), fib(9, 'b', 'add', P1)])).toEqual([
      '0 UPDATE x>b 9: ',
      `1 UPDATE y>b 9: b+${P1}`,
      '2 UPDATE z>c 9: ',
    ]);
    expect(shape([upd(9, 'x', 'b', [P2]), upd(9, 'z', 'c', [P1]), fib(9, 'b', 'add', P1)])).toEqual([`0 UPDATE x>b 9: b+${P1}`, '1 UPDATE z>c 9: ']);
  });

  it('a message of another moment causes nothing: the change is a step of its own', () => {
    expect(shape([upd(9, 'x', 'b', [P1]), fib(10, 'b', 'add', P1)])).toEqual(['0 UPDATE x>b 9: ', `1 FIB ->- 10: b+${P1}`]);
    // a message at t=10 to another node starts a new moment: the t=9 message to b is no longer a cause
    expect(shape([upd(9, 'x', 'b', [P1]), upd(10, 'y', 'c', [P1]), fib(10, 'b', 'add', P1)])).toEqual(['0 UPDATE x>b 9: ', '1 UPDATE y>c 10: ', `2 FIB ->- 10: b+${P1}`]);
    // nor is a message to a node the change is not on
    expect(shape([upd(9, 'x', 'c', [P1]), fib(9, 'b', 'add', P1)])).toEqual(['0 UPDATE x>c 9: ', `1 FIB ->- 9: b+${P1}`]);
  });

  it('changes no message caused at one moment are one step; another moment starts another', () => {
    const { steps } = convergenceTimeline([fib(240000, 'a', 'del', P1), fib(240000, 'b', 'del', P1), fib(240000, 'b', 'add', P2), fib(240001, 'c', 'del', P3)]);
    expect(steps.map((s) => [s.i, s.kind, s.t, s.fibChanges.length])).toEqual([
      [0, 'FIB', 240000, 3],
      [1, 'FIB', 240001, 1],
    ]);
    expect(steps[0].text).toBe(`FIB a −${P1}, b −${P1}, b +${P2}`);
    expect(steps[0].prefixes).toEqual([P1, P2]);
    expect(steps[0].label).toBe('FIB');
    expect(steps[1].text).toBe(`FIB c: − ${P3} via 10.0.0.9 dev tunl0 proto bird onlink`);
    expect(convergenceTimeline([fib(3, 'c', 'add', P3)]).steps[0].text).toBe(`FIB c: + ${P3} via 10.0.0.9 dev tunl0 proto bird onlink`);
    // after a message of the same moment, an uncaused change is still a step of its own, not the message's
    expect(shape([upd(9, 'x', 'c', [P1]), fib(9, 'b', 'add', P1), fib(9, 'd', 'add', P1)])).toEqual(['0 UPDATE x>c 9: ', `1 FIB ->- 9: b+${P1},d+${P1}`]);
  });

  it('a FIB change caused by a message keeps the step a message step (text and prefixes unchanged)', () => {
    const { steps } = convergenceTimeline([upd(9, 'x', 'b', [P1]), fib(9, 'b', 'add', P1)]);
    expect(steps[0].text).toBe(`UPDATE x → b ${P1}`);
    expect(steps[0].prefixes).toEqual([P1]);
  });

  it(`keeps at most ${CONV_LIMIT} steps by default, counting the rest; changes still join a step past the limit`, () => {
    const many = Array.from({ length: CONV_LIMIT + 3 }, (_, k) => upd(k + 1, 'x', 'b', [P1]));
    const all = convergenceTimeline(many);
    expect(all.steps).toHaveLength(300);
    expect(all.more).toBe(3);
    expect(all.steps[299].t).toBe(300);
    // limit 1: the second message is dropped, its FIB change joins it (not kept either) rather than counting
    const r = convergenceTimeline([upd(1, 'x', 'b', [P1]), upd(2, 'x', 'b', [P2]), fib(2, 'b', 'add', P2), fib(3, 'c', 'add', P3), fib(3, 'd', 'add', P3)], 1);
    expect(r.steps.map((s) => s.t)).toEqual([1]);
    expect(r.more).toBe(2);
    expect(r.steps[0].fibChanges).toEqual([]);
  });
});
