// Cross-check tcpdumpLine against a real tcpdump reading the same frames from a pcap. The printer
// follows tcpdump 4.9 (what seed 002 was captured with); distributions now ship 4.99, which prints
// the same text for everything here except that it dropped the " (ipip-proto-4)" suffix. The test script
// installs tcpdump; under CI a missing tcpdump fails this file instead of skipping it, so the comparison
// can never go quiet. Elsewhere (a developer without tcpdump) it is skipped.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Header } from '../../src/core/model/packet';
import { fragment, linuxIcmpError, serializeFrame, tcpdumpLines, writePcap } from '../../src/core/wire';
import * as F from './fixtures';
import { asTcpdump49, tcpdumpCorpus } from './tcpdump-corpus';
import { CORPUS_LINES } from './tcpdump-corpus.lines';

const version = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
const hasTcpdump = version.status === 0;
const is499 = /tcpdump version 4\.99/.test(version.stdout ?? '');

describe.runIf(process.env.CI)('under CI', () => {
  it('tcpdump is installed (scripts/test.sh installs it), so the comparison below runs', () => {
    expect(version.error, 'tcpdump is missing: scripts/test.sh installs it with apt-get').toBeUndefined();
    expect(version.status).toBe(0);
  });
});

function frames(): { bytes: Uint8Array; tUs: number }[] {
  const E = (h: Header[]) => [F.eth(F.MAC.node16, F.MAC.node15), ...h];
  const probe: Header[] = [
    F.ip('10.244.0.5', '10.244.5.194', 17, 60, { id: 5555, ttl: 1 }),
    { type: 'udp', srcPort: 45000, dstPort: 33434, length: 40 },
    { type: 'payload', length: 32, pattern: 'zero' },
  ];
  const big = F.ping('10.244.1.5', '10.244.2.7', { id: 3, seq: 1, size: 1472 });
  const stacks: Header[][] = [
    F.seedFlannelRequest(),
    F.seedFlannelReply(),
    F.seedIpipRequest(),
    F.seedIpipReply(),
    ...F.seedTcp(),
    [
      F.eth('00:16:3e:11:22:33', '00:16:3e:44:55:66'),
      ...F.vxlan({ src: '10.238.74.112', dst: '10.238.74.108', sport: 42022, dport: 4789, vni: 4096 }, [
        F.eth('66:0f:2a:9b:41:07', '66:5d:18:e2:c3:90'),
        ...F.ping('10.255.0.31', '10.255.0.32', { id: 16, seq: 398 }),
      ]),
    ],
    E(linuxIcmpError({ src: '192.168.2.22', original: big, icmpType: 3, code: 4, mtu: 1450, id: 4711 })),
    E(linuxIcmpError({ src: '10.244.5.194', original: probe, icmpType: 3, code: 3, id: 1 })),
    E(linuxIcmpError({ src: '192.168.2.21', original: probe, icmpType: 11, code: 0, id: 2 })),
    E([probe[0], { ...(probe[1] as Header & { type: 'udp' }), dstPort: 5354 }, probe[2]]),
    ...fragment(E(F.ping('10.244.1.5', '10.244.2.7', { id: 9, seq: 2, size: 3000, df: false })), 1500),
  ];
  const out = stacks.map((s, i) => ({ bytes: serializeFrame(s), tUs: 1_000_000 * i + 1234 * i }));
  // checksum damage tcpdump -v reports
  const bad = serializeFrame(F.seedIpipRequest());
  bad[24] ^= 0x10;
  out.push({ bytes: bad, tUs: 99_000_000 });
  return out;
}

describe.skipIf(!hasTcpdump)(`tcpdumpLine agrees with the installed tcpdump (${(version.stdout || version.stderr || '').split('\n')[0]})`, () => {
  const flagSets: [string[], { e?: boolean; v?: boolean }][] = [
    [[], {}],
    [['-e'], { e: true }],
    [['-v'], { v: true }],
    [['-e', '-v'], { e: true, v: true }],
  ];
  for (const [flags, opts] of flagSets) {
    it(`tcpdump -n ${flags.join(' ')}`, () => {
      const fs = frames();
      const dir = mkdtempSync(join(tmpdir(), 'cni-lab-tcpdump-'));
      try {
        const file = join(dir, 'c.pcap');
        writeFileSync(file, writePcap(fs));
        const r = spawnSync('tcpdump', ['-n', ...flags, '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
        expect(r.status).toBe(0);
        let mine = tcpdumpLines(fs, opts).join('\n');
        if (is499) mine = mine.replaceAll(' (ipip-proto-4)', '');
        expect(r.stdout.trimEnd()).toBe(mine);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

// The odd-frame corpus's expected lines (tcpdump-corpus.lines.ts, which the unit tests hold the printer to)
// were taken from a real tcpdump: the installed one must still print them, in 4.9's words.
describe.skipIf(!hasTcpdump)('the odd-frame corpus as the installed tcpdump prints it', () => {
  for (const k of ['n', 'v', 'e', 'ev'] as const) {
    it(`tcpdump -n${k === 'n' ? '' : ` -${k}`}`, () => {
      const frames = tcpdumpCorpus();
      const dir = mkdtempSync(join(tmpdir(), 'cni-lab-corpus-'));
      try {
        const file = join(dir, 'corpus.pcap');
        writeFileSync(file, pcapOfAny(frames.map((f) => f.bytes)));
        const r = spawnSync('tcpdump', ['-n', ...(k === 'n' ? [] : k.split('').map((f) => `-${f}`)), '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
        expect(r.status).toBe(0);
        const printed = r.stdout.replace(/\n$/, '').split(/\n?12:00:00\.000000 /).slice(1);
        const as49 = is499 ? printed.map(asTcpdump49) : printed;
        expect(as49.map((l, i) => [frames[i]?.name, l])).toEqual(CORPUS_LINES.map((l) => [l.name, l[k]]));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/** A pcap of frames at t = 0, short ones included (writePcap refuses frames shorter than an Ethernet header). */
function pcapOfAny(frames: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [writePcap([])];
  for (const bytes of frames) {
    const rec = writePcap([{ bytes: new Uint8Array(14), tUs: 0 }]).slice(24, 40);
    new DataView(rec.buffer).setUint32(8, bytes.length, true);
    new DataView(rec.buffer).setUint32(12, bytes.length, true);
    parts.push(rec, bytes);
  }
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
