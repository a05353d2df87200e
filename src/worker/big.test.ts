import { describe, expect, it } from 'vitest';
import { BigLab } from './big';
import { isSmall, SMALL_LAB } from './protocol';
import type { Recipe } from './protocol';
import { bigLabYaml } from '../../test/support/bigLab';

// A 60-node lab: over SMALL_LAB, so it lives in the worker, and still quick to build in a test.
const yaml = bigLabYaml(60, 2);
const base: Recipe = { yaml, file: 'big.yaml', steps: [] };
const tunl = (text: string) => text.split('\n').filter((l) => l.endsWith(' tunl0')).length;

describe('a big lab held by the worker', () => {
  it('lives in the worker past 50 nodes or 400 pods', () => {
    expect(SMALL_LAB).toEqual({ nodes: 50, pods: 400 });
    expect(isSmall({ nodes: 50, pods: 400 })).toBe(true);
    expect(isSmall({ nodes: 51, pods: 0 })).toBe(false);
    expect(isSmall({ nodes: 4, pods: 401 })).toBe(false);
  });

  it('opens a recipe into a small view: counts per network, the first node’s routes, two pods on two nodes', () => {
    const o = new BigLab().open(base);
    if (!o.ok) throw new Error(o.message);
    expect(o.view).toMatchObject({ name: 'big', cni: 'calico', pods: 120, groups: [{ network: 'lan', cidr: '10.0.0.0/16', nodes: 60, first: 'node-1', last: 'node-60', pods: 120, blocks: 60 }] });
    expect(o.view.nodes).toHaveLength(60);
    // the picture's model is view/aggregate's: 60 nodes on one segment are 3 even runs (at most 25), no cards
    expect(o.view.model.groups?.map((g) => [g.id, g.members.length])).toEqual([
      ['group:lan:1', 20],
      ['group:lan:2', 20],
      ['group:lan:3', 20],
    ]);
    expect(o.view.model.nodes).toEqual([]);
    expect(Object.keys(o.view.routes)).toEqual(['node-1']);
    // one IPIP route per other node's block
    expect(tunl(o.view.routes['node-1'])).toBe(59);
    expect(o.view.samplePods.map((p) => p.split('/')[0])).toEqual(['default', 'default']);
    // plain data: what crosses to the page survives structured clone unchanged
    expect(structuredClone(o.view)).toEqual(o.view);
  });

  it('applies the steps a recipe adds, and rebuilds from the YAML for one that is not a continuation (undo)', () => {
    const lab = new BigLab();
    lab.open(base);
    const never: Recipe = { ...base, steps: [{ kind: 'encap', encap: 'ipip', mode: 'Never' }] };
    const o = lab.open(never, undefined, ['node-2']);
    if (!o.ok) throw new Error(o.message);
    expect(o.view.pools[0]).toMatchObject({ ipipMode: 'Never', vxlanMode: 'Never' });
    expect(tunl(o.view.routes['node-2'])).toBe(0);
    const stages: string[] = [];
    const back = lab.open(base, (s) => stages.push(s));
    if (!back.ok) throw new Error(back.message);
    expect(stages).toEqual(['build']);
    expect(tunl(back.view.routes['node-1'])).toBe(59);
    // a fresh worker (after a terminated build) reaches the same lab from the recipe alone
    const fresh = new BigLab().open(never, undefined, ['node-2']);
    expect(fresh.ok && fresh.view.routes).toEqual(o.view.routes);
    // two toggles in a row (a recipe replayed after an abandoned build) land together
    const both = new BigLab().open({ ...never, steps: [...never.steps, { kind: 'encap', encap: 'vxlan', mode: 'Always' }] });
    if (!both.ok) throw new Error(both.message);
    expect(both.view.pools[0]).toMatchObject({ ipipMode: 'Never', vxlanMode: 'Always' });
    expect(both.view.routes['node-1']).toMatch(/ vxlan\.calico$/m);
  });

  it('walks a packet into small hops, and a terminal write becomes a step the page can replay', () => {
    const lab = new BigLab();
    const o = lab.open(base);
    if (!o.ok) throw new Error(o.message);
    const [from, to] = o.view.samplePods;
    const w = lab.walk({ from, to, protocol: 'icmp', port: 0, size: 56 });
    // its path's nodes and pods, kept, become real cards; an opened group shows all its members
    const keep = [...new Set(w.hops.map((h) => h.ns))];
    expect(lab.model({ keep, open: [] }).nodes.map((n) => n.name)).toEqual(['node-1', 'node-2']);
    expect(lab.model({ keep: [], open: ['group:lan:3'] }).nodes.map((n) => n.name)).toEqual(Array.from({ length: 20 }, (_, i) => `node-${41 + i}`));
    expect(w.verdict).toBe(`delivered at pod/${from}`);
    expect(w.hops.some((h) => h.leg === 'reply')).toBe(true);
    expect(w.hops.some((h) => h.text.includes('tunl0'))).toBe(true);
    const r = lab.run({ node: 'node-1' }, 'kubectl label node node-2 zone=b');
    expect(r.exit).toBe(0);
    expect(r.step).toMatchObject({ kind: 'actions' });
    // the recipe with that step continues the session as it is (no rebuild)
    const stages: string[] = [];
    expect(lab.open({ ...base, steps: [r.step!] }, (s) => stages.push(s)).ok).toBe(true);
    expect(stages).toEqual([]);
  });
});
