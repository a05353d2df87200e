// The modes table is the one list of CNI modes: the embed API accepts exactly its values, compare offers
// its presets, and each toggle's edit writes the field the table names.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODE_PRESETS, MODE_TOGGLES, modeEdit, modeToggle } from '../../src/core/session/modes';
import { openText } from '../../src/core/session/session';
import { parseMessage } from '../../src/embed/api';
import { modeChoices } from '../../src/view/compare';
import { setBgpTopology } from '../../src/core/session/edits';
import { parseScenario } from '../../src/core/scenario';

const open = (name: string) => openText(readFileSync(`presets/${name}.yaml`, 'utf8'), name).session!;

describe('modes table', () => {
  it('each toggle sets its field to each of its values', () => {
    const calico = open('seed000-ipip').scenario;
    expect(modeToggle('vxlanMode').edit('CrossSubnet').apply(calico).ippools[0].vxlanMode).toBe('CrossSubnet');
    expect(modeToggle('ipipMode').edit('Never').apply(calico).ippools[0].ipipMode).toBe('Never');
    const flannel = open('seed002-flannel-vxlan').scenario;
    expect(modeToggle('flannelBackend').edit('host-gw').apply(flannel).cluster.flannel.netConf.Backend).toEqual({ Type: 'host-gw' });
    for (const t of MODE_TOGGLES) {
      const s = t.cni === 'calico' ? calico : flannel;
      for (const v of t.values) expect(t.read(t.edit(v.value).apply(s))).toBe(v.value);
    }
  });

  it('"no encapsulation" turns both IPIP and VXLAN off', () => {
    const s = modeEdit({ vxlanMode: 'Always' }).apply(open('seed000-ipip').scenario);
    const none = modeEdit({ ipipMode: 'Never', vxlanMode: 'Never' }).apply(s);
    expect([none.ippools[0].ipipMode, none.ippools[0].vxlanMode]).toEqual(['Never', 'Never']);
  });

  it('the embed API accepts the values of the table and nothing else', () => {
    expect(parseMessage({ type: 'set-mode', v: 1, vxlanMode: 'CrossSubnet' })).toEqual({ type: 'set-mode', v: 1, vxlanMode: 'CrossSubnet' });
    expect(parseMessage({ type: 'set-mode', v: 1, flannelBackend: 'directrouting' })).toEqual({ type: 'set-mode', v: 1, flannelBackend: 'directrouting' });
    expect(parseMessage({ type: 'set-mode', v: 1, ipipMode: 'Sometimes' })).toBeUndefined();
    expect(parseMessage({ type: 'set-mode', v: 1, flannelBackend: 'udp' })).toBeUndefined();
    expect(parseMessage({ type: 'set-mode', v: 1 })).toBeUndefined();
  });

  it('compare offers the presets of the lab’s CNI (Calico also keeps the current lab)', () => {
    expect(modeChoices(open('seed000-ipip').scenario).map((c) => c.id)).toEqual(['current', 'ipip-always', 'ipip-cross', 'vxlan-always', 'vxlan-cross', 'none']);
    expect(modeChoices(open('seed002-flannel-vxlan').scenario).map((c) => c.id)).toEqual(['vxlan', 'directrouting', 'host-gw']);
    expect(MODE_PRESETS.every((p) => Object.keys(p.set).every((k) => MODE_TOGGLES.some((t) => t.id === k && t.cni === p.cni)))).toBe(true);
  });
});

describe('the BGP topology switch', () => {
  it("'rr' makes the last node the one reflector (as seed 001 does), 'mesh' clears every reflector", () => {
    const text = readFileSync(new URL('../../presets/seed001-ipip.yaml', import.meta.url), 'utf8');
    const s = parseScenario(text, 'seed001-ipip.yaml').scenario!;
    const names = s.topology.nodes.map((n) => n.name);
    expect(names).toEqual(['k8s-master', 'k8s-node1', 'k8s-node2']);
    const rr = setBgpTopology('rr', names).apply(s);
    expect(rr.topology.nodes.filter((n) => n.labels['route-reflector'] === 'true').map((n) => n.name)).toEqual(['k8s-node2']);
    const mesh = setBgpTopology('mesh', names).apply(rr);
    expect(mesh.topology.nodes.filter((n) => n.labels['route-reflector'] === 'true')).toEqual([]);
  });
});
