// The scenarios `verify` draws for CI: the same seed gives the same files, every one loads without an error,
// and none asks for what this host cannot build (IPIP, BGP on routers).

import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import { generateScenario, generateScenarios } from '../../src/emulate/generate';

describe('generated scenarios', () => {
  const set = generateScenarios(1, 40);

  it('are fixed by their seed', () => {
    expect(generateScenario(7)).toEqual(generateScenario(7));
    expect(generateScenario(7).text).not.toBe(generateScenario(8).text);
  });

  it('all load, with 2 to 4 nodes and a pod per node plus one', () => {
    for (const g of set) {
      const r = loadLab(g.text, `${g.name}.yaml`);
      expect(r.errors, g.name).toEqual([]);
      const st = r.state!;
      expect(st.nodes.length, g.name).toBeGreaterThanOrEqual(2);
      expect(st.nodes.length, g.name).toBeLessThanOrEqual(4);
      expect(st.pods.length, g.name).toBe(st.nodes.length + 1);
    }
  });

  it('never use IPIP or a BGP-speaking router', () => {
    for (const g of set) {
      const st = loadLab(g.text, `${g.name}.yaml`).state!;
      expect(st.scenario.ippools.every((p) => p.ipipMode === 'Never'), g.name).toBe(true);
      expect(st.scenario.topology.routers.every((r) => r.bgp === undefined), g.name).toBe(true);
    }
  });

  it('cover Calico with BIRD and with Felix VXLAN, Flannel, several racks, a small core MTU and a reflector', () => {
    const names = set.map((g) => g.name).join(' ');
    for (const part of ['calico-bird', 'calico-vxlan', 'flannel', '3rack', 'core1300', '-rr']) expect(names).toContain(part);
  });
});
