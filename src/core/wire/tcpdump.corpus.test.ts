// The printer against what a real tcpdump prints for odd and damaged frames (test/wire/tcpdump-corpus.ts):
// truncations, length errors, flags, every unreachable code, option lengths. The expected lines come from
// tcpdump itself (test/wire/tcpdump-corpus.lines.ts), never from this printer.
import { tcpdumpLines } from './tcpdump';
import { tcpdumpCorpus } from '../../../test/wire/tcpdump-corpus';
import { CORPUS_LINES } from '../../../test/wire/tcpdump-corpus.lines';

describe('tcpdumpLines on the odd-frame corpus, as tcpdump prints it', () => {
  const frames = tcpdumpCorpus();
  it('has one expected line per frame, in the same order', () => {
    expect(frames.map((f) => f.name)).toEqual(CORPUS_LINES.map((l) => l.name));
  });
  for (const k of ['n', 'v', 'e'] as const) {
    it(`tcpdump -n${k === 'n' ? '' : ` -${k}`}`, () => {
      const printed = tcpdumpLines(
        frames.map((f) => ({ bytes: f.bytes, tUs: 0 })),
        { v: k === 'v', e: k === 'e' },
      );
      const stamp = '12:00:00.000000 ';
      expect(printed.map((line, i) => [frames[i].name, line])).toEqual(CORPUS_LINES.map((l) => [l.name, stamp + l[k]]));
    });
  }
  it('tcpdump -n -e -v: the Ethernet header, then -v on every IPv4 header', () => {
    const printed = tcpdumpLines(
      frames.map((f) => ({ bytes: f.bytes, tUs: 0 })),
      { e: true, v: true },
    );
    expect(printed.map((line, i) => [frames[i].name, line])).toEqual(CORPUS_LINES.map((l) => [l.name, `12:00:00.000000 ${l.ev}`]));
  });
});
