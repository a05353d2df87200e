import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../core/session/load';
import { modeChoices, routeDiffAB, runMode } from './compare';

describe('compare modes', () => {
  const { scenario, state } = loadLab(readFileSync('presets/seed000-ipip.yaml', 'utf8'), 'x');
  const args = { from: `default/${state!.pods[0].name}`, to: `default/${state!.pods[5].name}`, protocol: 'icmp' as const, size: 56 };
  const choices = modeChoices(scenario!);
  const run = (id: string) => runMode(scenario!, state!, choices.find((c) => c.id === id)!, args);

  it('shows the wire cost of each encapsulation for the same ping', () => {
    const ipip = run('ipip-always');
    const vxlan = run('vxlan-always');
    const none = run('none');
    expect([none.wireBytes, ipip.wireBytes, vxlan.wireBytes]).toEqual([98, 118, 148]);
    expect(ipip.perPayloadByte).toBe(2.11);
    expect(vxlan.headers.filter((h) => h.endsWith('(encap)'))).toHaveLength(4);
    expect(none.headers.some((h) => h.endsWith('(encap)'))).toBe(false);
    expect(run('current').walk!.verdict.kind).toBe('delivered');
  });

  it('diffs the source node routes between the modes', () => {
    const d = routeDiffAB(run('ipip-always').state, run('none').state, 'node/node-2');
    expect(d.onlyA.every((l) => l.includes('tunl0'))).toBe(true);
    expect(d.onlyB.every((l) => l.includes('ens33'))).toBe(true);
    expect(d.onlyA).toHaveLength(3);
  });
});
