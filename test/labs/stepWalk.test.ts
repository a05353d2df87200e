// The packet a lab step plays on the picture: its first walk check as written (size, DF), else the traffic
// its capture watches, else its traceroute's pair; walked on the cluster after the step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyStep, loadLabFile, startLab, stepPacket, stepTraffic, type Lab, type LabRun } from '../../src/core/labs';
import { presetSource } from '../../src/cli/lab';

function play(name: string): { lab: Lab; runs: LabRun[] } {
  const lab = loadLabFile(readFileSync(`labs/${name}.yaml`, 'utf8'), `labs/${name}.yaml`).lab!;
  const runs = [startLab(lab, presetSource)];
  lab.steps.forEach((_, i) => runs.push(applyStep(runs[i], i)));
  return { lab, runs };
}

describe('stepPacket', () => {
  const { lab, runs } = play('crosssubnet');
  const at = (id: string) => lab.steps.findIndex((s) => s.id === id);

  it("takes the step's first walk check (ipipMode Always: the same-rack ping is encapsulated)", () => {
    const i = at('always');
    expect(stepTraffic(lab.steps[i])).toEqual({ from: 'default/a1', to: 'default/a2', protocol: 'icmp', reply: true });
    const p = stepPacket(runs[i + 1].state!, lab.steps[i])!;
    expect(p.walk.verdict.kind).toBe('delivered');
    expect(p.walk.hops.some((h) => h.kind === 'encap')).toBe(true);
  });

  it("else the traffic a capture watches, else a traceroute's pair", () => {
    const base = { ...lab.steps[0], checks: [] };
    const capture = { ...base, show: [{ node: 'node-a2', command: 'tcpdump -n -i eth0', during: { from: 'default/a1', to: 'default/b1', protocol: 'udp' as const, port: 53 }, line: 1 }] };
    expect(stepTraffic(capture)).toEqual({ from: 'default/a1', to: 'default/b1', protocol: 'udp', port: 53, reply: true });
    const trace = { ...base, show: [], checks: [{ kind: 'traceroute' as const, from: 'default/b1', to: 'default/a2', hops: [], id: 'x#1', line: 1, srcPath: 'steps[0].checks[0]' }] };
    expect(stepTraffic(trace)).toEqual({ from: 'default/b1', to: 'default/a2', protocol: 'icmp', reply: true });
    expect(stepTraffic({ ...base, show: [] })).toBeUndefined();
  });

  it('plays the drop the step checks, where it happens (plain BGP dies at the router)', () => {
    const i = at('never');
    const p = stepPacket(runs[i + 1].state!, lab.steps[i])!;
    expect(p.args).toMatchObject({ from: 'default/a1', to: 'default/b1' });
    expect(p.walk.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route' });
    expect(p.walk.verdict.at).toMatch(/tor$/);
  });

  it('walks the check as written: size and DF decide an MTU drop', () => {
    const mtu = play('gym-mtu-blackhole');
    const i = mtu.lab.steps.findIndex((s) => s.id === 'diagnose');
    const p = stepPacket(mtu.runs[i + 1].state!, mtu.lab.steps[i])!;
    expect(p.args).toMatchObject({ size: 1400, pmtudisc: 'do' });
    expect(p.walk.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu' });
  });

  it('has nothing to play for a step about sessions only', () => {
    const rr = play('mesh-to-rr');
    const quiet = rr.lab.steps.filter((s) => !s.checks.some((c) => c.kind === 'walk' || c.kind === 'traceroute') && !s.show.some((x) => x.during) && !s.checks.some((c) => c.kind === 'output' && c.during));
    for (const s of quiet) expect(stepTraffic(s)).toBeUndefined();
  });
});
