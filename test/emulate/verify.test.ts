// The kernel as the oracle: `verify` builds presets as real namespaces (root + `ip netns`) and every check must
// agree with the simulator. Skipped where namespaces are unavailable; under CI, a host that has them but lacks
// BIRD 2 fails instead of skipping (the test script installs bird2).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from '../../src/cli/commands';
import { loadLab } from '../../src/core/session/load';
import { normalisePing, normaliseTraceroute, verify } from '../../src/emulate/verify';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const netns = process.getuid?.() === 0 && has('ip') && spawnSync('ip', ['netns', 'list']).status === 0;
const bird = has('bird') && has('birdc');
const iptables = has('iptables-restore') && has('nc');

describe('normalisation keeps outcomes, drops timings', () => {
  it('ping: outcome lines stay, times go', () => {
    const kernel = 'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=62 time=0.311 ms\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.311/0.311/0.311/0.000 ms\n';
    expect(normalisePing(kernel)).toBe('PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=62\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss\n');
  });
  it('traceroute: hop numbers and addresses, "*" for a silent hop', () => {
    const out = 'traceroute to 10.1.0.5 (10.1.0.5), 16 hops max, 60 byte packets\n 1  192.168.1.1  0.04 ms\n 2  *\n 3  10.1.0.5  0.3 ms\n';
    expect(normaliseTraceroute(out)).toBe('traceroute to 10.1.0.5\n1 192.168.1.1\n2 *\n3 10.1.0.5\n');
  });
});

describe.skipIf(!netns || (!bird && !process.env.CI))('verify against the Linux kernel', () => {
  it('BIRD 2 is installed (the test script installs bird2)', () => {
    expect(bird).toBe(true);
  });
  for (const preset of ['seed000-no-encap', 'seed002-flannel-vxlan']) {
    it(`${preset}: every check agrees with the kernel`, () => {
      const { state } = load([], { preset });
      const lines: string[] = [];
      const r = verify(state, `preset:${preset}:test`, { out: (s) => lines.push(s) });
      expect(r.skipped).toBeUndefined();
      expect(r.total).toBeGreaterThan(20);
      expect(r.diffs).toEqual([]);
      expect(lines.at(-1)).toBe(`${r.total}/${r.total} checks agree with the kernel\n`);
    }, 180_000);
  }
});

// kube-proxy's rules in the kernel: test/fixtures/services/seed002-flannel-vxlan.yaml's NodePort (Cluster and
// Local), clusterIP and ClientIP-affinity Services; iptables-save must print the loaded rules back unchanged, and
// every connection must end as the simulator says (endpoint, source the pod sees, refused or silently dropped).
describe.skipIf(!netns || !bird || (!iptables && !process.env.CI))('Services against the Linux kernel', () => {
  it('iptables-restore and nc are installed (the test script installs iptables and netcat-openbsd)', () => {
    expect(iptables).toBe(true);
  });
  it('seed002-flannel-vxlan with Services: rules round-trip through iptables, every connection agrees', () => {
    const root = join(__dirname, '../..');
    const text = `${readFileSync(join(root, 'presets/seed002-flannel-vxlan.yaml'), 'utf8')}\n---\n${readFileSync(join(root, 'test/fixtures/services/seed002-flannel-vxlan.yaml'), 'utf8')}`;
    const state = loadLab(text, 'services.yaml').state!;
    const lines: string[] = [];
    const r = verify(state, 'services:seed002-flannel-vxlan:test', { out: (s) => lines.push(s) });
    expect(r.skipped).toBeUndefined();
    expect(lines.filter((l) => l.startsWith('PASS iptables-save -t nat '))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('PASS tcp ')).length).toBeGreaterThan(10);
    expect(r.diffs).toEqual([]);
  }, 240_000);
});
