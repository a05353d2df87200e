// Captures as tcpdump and tshark read them (issue 12, class 5): a capture on tunl0 is a raw-IP pcap
// (LINKTYPE_RAW, as `tcpdump -i tunl0 -w` writes it), pcap time stamps follow the scenario's clockStart like
// the tcpdump text, ping -M do's echo requests carry IP ID 0 (ip_select_ident_segs: DF without ignore_df on an
// unconnected socket), and the ICMP error a walk provokes is on the interfaces it crosses on its way back.
// Real tcpdump and tshark read the files; skipped with a note when missing, except in CI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import { pcapOf, runWalk, tcpdumpText } from '../../src/core/tools';
import { LINKTYPE_RAW, readPcap } from '../../src/core/wire';

const hasTcpdump = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).status === 0;
const hasTshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const CI = !!process.env.CI;

const RACKS = readFileSync(join(__dirname, '../fixtures/scenario/two-racks-small-core.yaml'), 'utf8');
const st = loadLab(RACKS, 'two-racks-small-core.yaml').state!;
const dir = mkdtempSync(join(tmpdir(), 'cnilab-captures-'));
// tcpdump 4.99 no longer prints the " (ipip-proto-4)" suffix the seeds' older tcpdump printed (see tcpdump-real.test.ts)
const asRead = (text: string) => text.replaceAll(' (ipip-proto-4)', '');
const tcpdumpRead = (file: string, flags: string[] = []) =>
  spawnSync('tcpdump', ['-n', ...flags, '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).stdout;

describe('captures', () => {
  const ping = runWalk(st, { from: 'default/a', to: 'default/b', protocol: 'icmp', reply: true });

  it('tunl0 is written as a raw-IP pcap with the inner packets', () => {
    const bytes = pcapOf(ping, { nsId: 'node/node-a', dev: 'tunl0' }, st.scenario.cluster.clockStart);
    const p = readPcap(bytes, st.scenario.cluster.clockStart);
    expect(p.linktype).toBe(LINKTYPE_RAW);
    expect(p.frames.length).toBe(2); // the request going in, the reply coming out
    expect(p.frames[0]!.bytes[0]).toBe(0x45); // an IPv4 header first, no Ethernet
  });

  it.skipIf(!hasTcpdump && !CI)('tcpdump -r prints the tcpdump text, time stamps included (tunl0 and eth0)', () => {
    for (const [nsId, dev] of [
      ['node/node-a', 'tunl0'],
      ['node/node-a', 'eth0'],
    ] as const) {
      const file = join(dir, `${dev}.pcap`);
      writeFileSync(file, pcapOf(ping, { nsId, dev }, st.scenario.cluster.clockStart));
      expect(asRead(tcpdumpRead(file))).toBe(asRead(tcpdumpText(st, ping, nsId, dev)));
      expect(tcpdumpText(st, ping, nsId, dev).startsWith('10:00:00.')).toBe(true);
    }
  });

  it.skipIf(!hasTshark && !CI)('tshark reads the tunl0 file as raw IP', () => {
    const file = join(dir, 'tunl0.pcap');
    writeFileSync(file, pcapOf(ping, { nsId: 'node/node-a', dev: 'tunl0' }, st.scenario.cluster.clockStart));
    const out = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.protocols'], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(out).toEqual(['raw:ip:icmp:data', 'raw:ip:icmp:data']);
  });

  it('ping -M do sends IP ID 0; the default (want) does not', () => {
    const id = (pmtudisc?: 'do' | 'want') => {
      const r = runWalk(st, { from: 'default/a', to: 'default/b', protocol: 'icmp', ...(pmtudisc ? { pmtudisc } : {}) });
      const ip = r.hops[0]!.packet[0]!;
      return ip.type === 'ipv4' ? ip.id : -1;
    };
    expect(id('do')).toBe(0);
    expect(id('want')).not.toBe(0);
  });

  it.skipIf(!hasTcpdump && !CI)("the router's Frag needed is on node-a's eth0, on its way to the outer source", () => {
    const big = runWalk(st, { from: 'default/a', to: 'default/b', protocol: 'icmp', size: 1452, pmtudisc: 'do' });
    const text = tcpdumpText(st, big, 'node/node-a', 'eth0');
    const lines = text.trim().split('\n');
    expect(lines.length).toBe(2);
    expect(lines[1]).toContain('IP 192.168.1.1 > 192.168.1.11: ICMP 192.168.2.11 unreachable - need to frag (mtu 1400)');
    const file = join(dir, 'frag.pcap');
    writeFileSync(file, pcapOf(big, { nsId: 'node/node-a', dev: 'eth0' }, st.scenario.cluster.clockStart));
    expect(asRead(tcpdumpRead(file))).toBe(asRead(text));
  });

  it.skipIf(!hasTcpdump && !CI)('every fragment is captured: the VXLAN outer packet cut for the 1400-byte core reaches node-b in two pieces', () => {
    const vx = loadLab(RACKS.replace('ipipMode: Always, vxlanMode: Never', 'ipipMode: Never, vxlanMode: Always'), 'vx.yaml').state!;
    const big = runWalk(vx, { from: 'default/a', to: 'default/b', protocol: 'icmp', size: 1422, pmtudisc: 'do', reply: true });
    const text = tcpdumpText(vx, big, 'node/node-b', 'eth0', { v: true });
    const heads = text.split('\n').filter((l) => /^\d\d:/.test(l));
    // 1500 bytes cut at ra for MTU 1400: 20 + 1376, then 20 + 104 at offset 1376; the reply (unfragmented here)
    expect(heads.map((l) => /offset (\d+), flags \[([^\]]*)\].*length (\d+)/.exec(l)!.slice(1).join(' '))).toEqual(['0 + 1396', '1376 none 124', '0 none 1500']);
    expect(text).toContain('192.168.1.11 > 192.168.2.11: ip-proto-17');
    const file = join(dir, 'frags.pcap');
    writeFileSync(file, pcapOf(big, { nsId: 'node/node-b', dev: 'eth0' }, vx.scenario.cluster.clockStart));
    expect(tcpdumpRead(file, ['-v'])).toBe(text);
  });
});
