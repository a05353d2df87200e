// Every lab in labs/ loads without errors and replays headlessly with every check passing, except the
// checks listed in PENDING_ON_UNFINISHED_WORK — checks that wait for another part of the simulator. The
// list must only shrink: a listed check that starts passing fails this test until it is removed.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabFile, replayLab } from '../../src/core/labs';
import { presetSource, runLabCli } from '../../src/cli/lab';

const LABS = join(__dirname, '../../labs');
const files = readdirSync(LABS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/**
 * lab file → check id (or "*": the lab cannot even start) → why it cannot pass yet. Empty it as the
 * dependencies land.
 */
const PENDING_ON_UNFINISHED_WORK: Record<string, Record<string, string>> = {};

describe('labs/', () => {
  it('holds the guided labs and the troubleshooting gym', () => {
    for (const lab of ['ipip-vs-bgp', 'crosssubnet', 'mesh-to-rr', 'which-nic', 'flannel-modes', 'overhead-mtu', 'policy']) expect(files).toContain(`${lab}.yaml`);
    expect(files.filter((f) => f.startsWith('gym-')).length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    describe(file, () => {
      const text = readFileSync(join(LABS, file), 'utf8');
      const loaded = loadLabFile(text, `labs/${file}`);

      it('is a valid lab file (no errors, no warnings) named after its file', () => {
        expect(loaded.errors.map((e) => e.message)).toEqual([]);
        expect(loaded.warnings.map((w) => `${w.loc?.line}: ${w.code} ${w.message}`)).toEqual([]);
        expect(`${loaded.lab!.name}.yaml`).toBe(file);
      });

      it('replays: every step applies, every check passes (or is pending on named work)', () => {
        const r = replayLab(loaded.lab!, presetSource);
        const pending = PENDING_ON_UNFINISHED_WORK[file] ?? {};
        if ('*' in pending) {
          // the whole lab waits: it must still fail to start (else remove it from the list)
          expect(r.start.errors.length, `${file} starts now — remove it from PENDING_ON_UNFINISHED_WORK`).toBeGreaterThan(0);
          return;
        }
        expect(r.start.errors.map((e) => e.message)).toEqual([]);
        expect(r.steps.length).toBe(loaded.lab!.steps.length);
        const failing: string[] = [];
        const nowPassing: string[] = [];
        for (const s of r.steps) {
          expect(s.errors.map((e) => e.message), `step ${s.id}`).toEqual([]);
          for (const c of s.checks) {
            if (!c.ok && !(c.id in pending)) failing.push(`${c.id} (line ${c.line}): ${c.detail}`);
            if (c.ok && c.id in pending) nowPassing.push(`${c.id}: passes now — remove it from PENDING_ON_UNFINISHED_WORK`);
          }
        }
        expect(failing).toEqual([]);
        expect(nowPassing).toEqual([]);
        expect(r.passed + r.failed).toBeGreaterThan(0);
      });
    });
  }
});

describe('cli lab', () => {
  it('prints each step and PASS/FAIL per check; exit 0 when the lab passes', () => {
    const r = runLabCli('labs/ipip-vs-bgp.yaml', {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^labs\/ipip-vs-bgp\.yaml: IPIP or plain BGP routing \(ipip-vs-bgp; starts from preset seed000-ipip\)\n/);
    expect(r.stdout).toContain('\nstep 4/5 ipip-never: Turn IPIP off\n  action: apply (1 document(s))\n  changed: ~IPPool/default-ipv4-ippool\n');
    expect(r.stdout).toContain('  PASS traceroute ipip-path#1: hops 192.168.2.26 → 172.20.84.128 → 172.20.84.129\n');
    expect(r.stdout).toMatch(/\n\d+ checks: \d+ passed, 0 failed\n$/);
  });

  it('--step N reports one step (after applying the ones before), --show adds the outputs, --lang zh the titles', () => {
    const r = runLabCli('labs/ipip-vs-bgp.yaml', { step: '5', show: true, lang: 'zh' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('step 4/5');
    expect(r.stdout).toContain('step 5/5 bgp-path: 没有隧道的路径\n');
    expect(r.stdout).toContain('  $ busybox traceroute 172.20.84.129   (in default/web-kbtv4l6gq8-xmgwx)\n    traceroute to 172.20.84.129');
    expect(() => runLabCli('labs/ipip-vs-bgp.yaml', { step: '9' })).toThrow(/--step must be 1 to 5/);
  });

  it('--format json, and exit 1 with the failing detail', () => {
    const js = JSON.parse(runLabCli('labs/which-nic.yaml', { format: 'json' }).stdout) as { ok: boolean; steps: { id: string; checks: { ok: boolean }[] }[] };
    expect(js.ok).toBe(true);
    expect(js.steps.map((s) => s.id)).toEqual(['first-found', 'interface-ens33-eth0', 'interface-ens32-eth1', 'skip-interface', 'can-reach', 'cidr']);
    const tmp = join(mkdtempSync(join(tmpdir(), 'lab-')), 'fail.yaml');
    writeFileSync(tmp, readFileSync(join(LABS, 'which-nic.yaml'), 'utf8').replace('10.244.5.192/26 via 192.168.26.72 dev tunl0 proto bird onlink}', '10.244.5.192/26 via 192.168.30.72 dev tunl0 proto bird onlink}'));
    const r = runLabCli(tmp, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/  FAIL route      first-found#1: expected "10\.244\.5\.192\/26 via 192\.168\.30\.72 dev tunl0 proto bird onlink" in `ip route` on vms71\.rhce\.cc; got "10\.244\.5\.192\/26 via 192\.168\.26\.72 dev tunl0 proto bird onlink"  \[.*fail\.yaml:\d+\]\n/);
    expect(r.stdout).toMatch(/checks: \d+ passed, 1 failed\n$/);
    expect(() => runLabCli(tmp.replace('fail', 'nope'), {})).toThrow(/cannot read/);
  });

  it('an invalid lab file prints its errors and exits 1', () => {
    const tmp = join(mkdtempSync(join(tmpdir(), 'lab-')), 'bad.yaml');
    writeFileSync(tmp, 'apiVersion: cnilab/v1\nkind: Lab\nmetadata: {name: x}\nspec: {}\n');
    const r = runLabCli(tmp, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(':4 spec: E603 spec: title is required');
  });
});
