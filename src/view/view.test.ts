import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab, rebuild } from '../core/session/load';
import { runWalk } from '../core/tools';
import { buildTopoModel } from './model';
import { columnsFor, computeLayout, pointAlong, wirePath, anchorOf } from './layout';
import { frameFor, ringsOf, tunnelsOf } from './packet';
import { diffRoutes } from './routeDiff';
import { setEncap, setRouteReflectors } from '../store/edits';
import { stepsOf } from '../store/labStore';

const load = (name: string) => loadLab(readFileSync(`presets/${name}.yaml`, 'utf8'), name);

describe('topology model', () => {
  it('reads nodes, NICs, tunnel devices, blocks, pods and the mesh off the state', () => {
    const { state } = load('seed000-ipip');
    const m = buildTopoModel(state!);
    const n2 = m.nodes.find((n) => n.name === 'node-2')!;
    expect(n2.nics).toEqual([{ name: 'ens33', ip: '192.168.2.26/24', network: 'lan', mtu: 1500 }]);
    expect(n2.devices.map((d) => d.name)).toEqual(['docker0', 'tunl0']);
    expect(n2.devices[1]).toMatchObject({ kind: 'ipip', ip: '172.20.247.0/32', mtu: 1440 });
    expect(n2.blocks).toEqual(['172.20.247.0/26']);
    expect(n2.pods.map((p) => p.ip)).toEqual(['172.20.247.1', '172.20.247.2', '172.20.247.3', '172.20.247.4']);
    expect(m.sessions).toHaveLength(6);
    expect(m.sessions.every((s) => s.kind === 'mesh' && s.state === 'up')).toBe(true);
    expect(m.routers.map((r) => r.name)).toEqual(['lan-gateway']);
  });

  it('collapses many pods to "+N pods" but keeps the ones asked for', () => {
    const { state } = load('seed000-ipip');
    const keep = new Set([state!.pods[9].ns]);
    const m = buildTopoModel(state!, { maxPods: 3, keepPods: keep });
    const n1 = m.nodes.find((n) => n.name === 'node-1')!;
    // the "+N pods" row counts as one of the three rows
    expect(n1.pods).toHaveLength(2);
    expect(n1.hiddenPods).toHaveLength(4);
    expect(n1.pods.some((p) => p.ns === state!.pods[9].ns)).toBe(true);
  });

  it('shows reflector sessions differently from the mesh', () => {
    const { scenario, state } = load('seed001-ipip');
    const st = rebuild(setRouteReflectors(['k8s-node2']).apply(scenario!), state).state!;
    const m = buildTopoModel(st);
    expect(m.nodes.find((n) => n.name === 'k8s-node2')!.reflector).toBe(true);
    expect(m.sessions.map((s) => `${s.a}|${s.b}|${s.kind}|${s.state}`)).toEqual(['k8s-master|k8s-node2|reflector|up', 'k8s-node1|k8s-node2|reflector|up']);
  });
});

describe('layout', () => {
  it('is deterministic and stable across a mode toggle', () => {
    const { scenario, state } = load('seed000-ipip');
    const a = computeLayout(buildTopoModel(state!));
    const b = computeLayout(buildTopoModel(state!));
    expect([...a.anchors]).toEqual([...b.anchors]);
    const toggled = rebuild(setEncap('vxlan', 'Always').apply(scenario!), state).state!;
    const c = computeLayout(buildTopoModel(toggled));
    for (const n of ['master-1', 'node-2']) expect(c.nodes.get(n)!.x).toBe(a.nodes.get(n)!.x);
  });

  it('puts cards in rows with a bar per segment under each row, joined by a trunk', () => {
    expect(columnsFor(4)).toBe(4);
    expect(columnsFor(50)).toBe(10);
    expect(columnsFor(4, 1)).toBeLessThanOrEqual(2);
    const { state } = load('seed004-first-found');
    const l = computeLayout(buildTopoModel(state!));
    expect(l.bars.map((b) => b.network).sort()).toEqual(['net26', 'net30']);
    expect(l.trunks.map((t) => t.network).sort()).toEqual(['net26', 'net30']);
    for (const n of l.nodes.values()) expect(n.x + n.w).toBeLessThanOrEqual(l.width);
  });

  it('routes a frame down to the bar, along it and up; a veth is a straight line', () => {
    const { state } = load('seed000-ipip');
    const l = computeLayout(buildTopoModel(state!));
    const p = wirePath(l, { medium: 'lan', from: { ns: 'node/node-2', dev: 'ens33' }, to: { ns: 'node/node-1', dev: 'ens33' } });
    const bar = l.bars.find((b) => b.network === 'lan')!;
    expect(p[0]).toEqual(anchorOf(l, 'node/node-2', 'ens33'));
    expect(p[1].y).toBe(bar.y);
    expect(p[p.length - 1]).toEqual(anchorOf(l, 'node/node-1', 'ens33'));
    expect(pointAlong([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }], 0.75)).toEqual({ x: 10, y: 5 });
  });
});

describe('packet frames', () => {
  it('wraps the inner packet in an outer IP header between the tunnels (IPIP)', () => {
    const { state } = load('seed000-ipip');
    const l = computeLayout(buildTopoModel(state!));
    const w = runWalk(state!, { from: `default/${state!.pods[0].name}`, to: `default/${state!.pods[5].name}`, reply: true });
    const steps = stepsOf(w);
    const wire = steps.findIndex((s) => s.hop.wire?.medium === 'lan');
    const f = frameFor(l, steps, wire)!;
    expect(f.rings.map((r) => r.kind)).toEqual(['outer-eth', 'outer-ip', 'ip', 'l4']);
    expect(f.path.length).toBeGreaterThan(2);
    expect(tunnelsOf(l, steps)).toHaveLength(1);
    expect(tunnelsOf(l, steps)[0].kind).toBe('ipip');
  });

  it('rests beside what it is at, never on a card\'s text: the badge in a gap between cards at the element\'s height, its leader from inside the element', () => {
    const { state } = load('seed000-ipip');
    const l = computeLayout(buildTopoModel(state!), { aspect: 2 });
    const w = runWalk(state!, { from: `default/${state!.pods[0].name}`, to: `default/${state!.pods[5].name}`, reply: true });
    const steps = stepsOf(w);
    const cards = [...l.nodes.values()];
    // where a card draws text: from 10 px inside its left edge to 10 px inside its right edge
    const onText = (p: { x: number; y: number }) => cards.some((c) => p.x > c.x + 10 && p.x < c.x + c.w - 10 && p.y > c.y && p.y < c.y + c.h);
    let devices = 0;
    steps.forEach((s, i) => {
      const f = frameFor(l, steps, i)!;
      expect(f.rest, `hop ${i + 1}`).toBeDefined();
      const { on, badge } = f.rest!;
      expect(on.y, `hop ${i + 1}: leader is level`).toBe(badge.y);
      // the badge is 40 px wide at most: all of it clear of every card's text
      for (const dx of [-20, 0, 20]) expect(onText({ x: badge.x + dx, y: badge.y }), `hop ${i + 1} ${s.hop.text}`).toBe(false);
      if (s.hop.dev && !s.hop.wire && /^(tunl0|docker0)$/.test(s.hop.dev)) {
        devices++;
        // the leader starts on the device's chip (inside the card, between the chip's ends)
        const card = cards.find((c) => c.ns === s.hop.ns)!;
        expect(on.x).toBeGreaterThan(card.x + 10);
        expect(on.x).toBeLessThan(card.x + card.w - 10);
        expect(f.path.every((p) => !onText(p)), `hop ${i + 1}: the step's trail stays in the gaps`).toBe(true);
      }
    });
    expect(devices).toBeGreaterThanOrEqual(2);
  });

  it('marks VXLAN outer Eth+IP+UDP+VXLAN as encapsulation', () => {
    const { state } = load('seed002-flannel-vxlan');
    const pods = state!.pods;
    const b = pods.find((p) => p.node !== pods[0].node)!;
    const w = runWalk(state!, { from: `${pods[0].namespace}/${pods[0].name}`, to: `${b.namespace}/${b.name}` });
    const hop = w.hops.find((h) => h.wire && h.wire.frame.some((x) => x.type === 'vxlan'))!;
    const rings = ringsOf(hop.wire!.frame);
    expect(rings.map((r) => r.kind)).toEqual(['outer-eth', 'outer-ip', 'udp', 'vxlan', 'eth', 'ip', 'l4']);
    expect(rings.filter((r) => r.encap).length).toBe(4);
  });
});

describe('route diff', () => {
  it('lists lines added and removed by IPIP → Never', () => {
    const { scenario, state } = load('seed000-ipip');
    const next = rebuild(setEncap('ipip', 'Never').apply(scenario!), state).state!;
    const d = diffRoutes(state!.netns['node/node-1'], next.netns['node/node-1']);
    expect(d.removed.every((r) => r.dev === 'tunl0')).toBe(true);
    expect(d.removed).toHaveLength(3);
    expect([...d.added].map((i) => next.netns['node/node-1'].routes[i].dev)).toEqual(['ens33', 'ens33', 'ens33']);
  });
});
