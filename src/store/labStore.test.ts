import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLabStore, stepsOf } from './labStore';
import { setEncap, removeNode } from './edits';
import { openText } from '../core/session/session';

const text = readFileSync('presets/seed000-ipip.yaml', 'utf8');
const mk = () => createLabStore({ text, fileName: 'presets/seed000-ipip.yaml', presetName: 'seed000-ipip' });

describe('lab store', () => {
  it('applies edits with undo, redo and reset', () => {
    const s = mk();
    expect(s.getState().apply(setEncap('ipip', 'Never'))).toBe(true);
    expect(s.getState().scenario.ippools[0].ipipMode).toBe('Never');
    expect(s.getState().change.label).toBe('ipipMode: Never');
    expect(s.getState().change.prev).toBeDefined();
    s.getState().undo();
    expect(s.getState().scenario.ippools[0].ipipMode).toBe('Always');
    s.getState().redo();
    expect(s.getState().scenario.ippools[0].ipipMode).toBe('Never');
    s.getState().apply(setEncap('vxlan', 'Always'));
    s.getState().reset();
    expect(s.getState().scenario.ippools[0]).toMatchObject({ ipipMode: 'Always', vxlanMode: 'Never' });
    expect(s.getState().past.length).toBe(3);
  });

  it('loading a preset over an edited lab is undoable; over an unedited one it replaces it', () => {
    const other = readFileSync('presets/seed001-ipip.yaml', 'utf8');
    const s = mk();
    // unedited: nothing to lose, no history entry
    expect(s.getState().loadText(other, 'presets/seed001-ipip.yaml', 'seed001-ipip')).toBe(true);
    expect(s.getState().past).toEqual([]);
    // edited: the edit survives the load, one Undo away, with its preset name and Reset target
    const t = mk();
    t.getState().apply(setEncap('ipip', 'Never'));
    expect(t.getState().loadText(other, 'presets/seed001-ipip.yaml', 'seed001-ipip')).toBe(true);
    expect(t.getState().presetName).toBe('seed001-ipip');
    expect(t.getState().state.nodes.map((n) => n.name)).not.toContain('node-1');
    t.getState().undo();
    expect(t.getState().presetName).toBe('seed000-ipip');
    expect(t.getState().scenario.ippools[0].ipipMode).toBe('Never');
    expect(t.getState().state.nodes.map((n) => n.name)).toContain('node-1');
    t.getState().undo();
    expect(t.getState().scenario.ippools[0].ipipMode).toBe('Always');
    // and forward again to the loaded preset
    t.getState().redo();
    t.getState().redo();
    expect(t.getState().presetName).toBe('seed001-ipip');
    t.getState().reset();
    expect(t.getState().presetName).toBe('seed001-ipip');
  });

  it('opening a guided lab over an edited lab is undoable; over an unedited one it starts a fresh history', () => {
    const labText = readFileSync('presets/seed001-ipip.yaml', 'utf8');
    const opened = () => {
      const o = openText(labText, 'labs/some-lab.yaml');
      return o.session!;
    };
    const meta = { label: 'lab some-lab', diff: { added: [], updated: [], removed: [] }, presetName: 'seed001-ipip', fileName: 'labs/some-lab.yaml' };
    const s = mk();
    s.getState().openRun(opened(), meta);
    expect(s.getState().past).toEqual([]);
    const t = mk();
    t.getState().apply(setEncap('ipip', 'Never'));
    t.getState().openRun(opened(), meta);
    expect(t.getState().fileName).toBe('labs/some-lab.yaml');
    expect(t.getState().state.nodes.map((n) => n.name)).not.toContain('node-1');
    expect(t.getState().past.map((h) => h.label)).toEqual(['ipipMode: Never', 'lab some-lab']);
    t.getState().undo();
    expect(t.getState().presetName).toBe('seed000-ipip');
    expect(t.getState().fileName).toBe('presets/seed000-ipip.yaml');
    expect(t.getState().scenario.ippools[0].ipipMode).toBe('Never');
    expect(t.getState().state.nodes.map((n) => n.name)).toContain('node-1');
    t.getState().redo();
    expect(t.getState().fileName).toBe('labs/some-lab.yaml');
    expect(t.getState().state.nodes.map((n) => n.name)).not.toContain('node-1');
  });

  it('keeps the lab and shows an error when an edit fails', () => {
    const s = mk();
    const before = s.getState().state;
    for (const n of ['master-1', 'master-2', 'node-1']) s.getState().apply(removeNode(n));
    expect(s.getState().apply(removeNode('node-2'))).toBe(false);
    expect(s.getState().errors[0]).toMatch(/at least one node/);
    expect(s.getState().state.nodes.map((n) => n.name)).toEqual(['node-2']);
    expect(before.nodes).toHaveLength(4);
  });

  it('a bad YAML import keeps the current lab', () => {
    const s = mk();
    const lab = s.getState().state;
    expect(s.getState().loadText('kind: [', 'bad.yaml')).toBe(false);
    expect(s.getState().errors.length).toBeGreaterThan(0);
    expect(s.getState().state).toBe(lab);
  });

  it('walks a packet, steps over request and reply, and re-walks after a toggle', async () => {
    const s = mk();
    await s.getState().send();
    const steps = stepsOf(s.getState().walk);
    expect(steps.length).toBeGreaterThan(20);
    expect(steps.some((x) => x.leg === 'reply')).toBe(true);
    s.getState().step(5);
    expect(s.getState().cursor).toBe(5);
    s.getState().step(-10);
    expect(s.getState().cursor).toBe(0);
    s.getState().setCursor(1e9);
    expect(s.getState().cursor).toBe(steps.length - 1);
    s.getState().apply(setEncap('ipip', 'Never'));
    const again = stepsOf(s.getState().walk);
    expect(again.some((x) => x.hop.kind === 'encap')).toBe(false);
    expect(steps.some((x) => x.hop.kind === 'encap')).toBe(true);
  });

  it('picks source then destination by clicks and sends', () => {
    const s = mk();
    const [a, b] = [s.getState().state.pods[0], s.getState().state.pods[6]];
    s.getState().pick(`${a.namespace}/${a.name}`);
    expect(s.getState().walk).toBeUndefined();
    s.getState().pick(`${b.namespace}/${b.name}`);
    expect(s.getState().walk?.verdict.kind).toBe('delivered');
    expect(s.getState().packet.to).toBe(`${b.namespace}/${b.name}`);
    s.getState().pick('node-1');
    expect(s.getState().packet).toMatchObject({ from: 'node-1', to: '' });
  });

  it('every change carries the session diff and its source; a manifest action is one call', () => {
    const s = mk();
    expect(s.getState().change.source).toBe('load');
    s.getState().apply(setEncap('ipip', 'Never'));
    expect(s.getState().change).toMatchObject({ label: 'ipipMode: Never', source: 'ui', diff: { added: [], updated: ['IPPool/default-ipv4-ippool'], removed: [] } });
    s.getState().undo();
    expect(s.getState().change).toMatchObject({ source: 'undo', diff: { updated: ['IPPool/default-ipv4-ippool'] } });
    const yaml = 'apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n';
    expect(s.getState().apply({ kind: 'manifests', text: { text: yaml, file: 'bgp.yaml', line: 1, path: '' }, label: 'calicoctl apply -f bgp.yaml', source: 'terminal' })).toBe(true);
    expect(s.getState().change).toMatchObject({ label: 'calicoctl apply -f bgp.yaml', source: 'terminal', diff: { added: ['BGPConfiguration/default'], updated: [], removed: [] } });
    expect(s.getState().scenario.bgpConfigurations[0].nodeToNodeMeshEnabled).toBe(false);
    // a located error keeps the lab and names the line
    expect(s.getState().apply({ kind: 'manifests', text: { text: 'kind: [', file: 'bad.yaml', line: 1, path: '' }, source: 'terminal' })).toBe(false);
    expect(s.getState().errors[0]).toMatch(/^apply: bad\.yaml:1: E702 YAML syntax/);
    undoAll(s);
    expect(s.getState().scenario.bgpConfigurations).toEqual([]);
  });
});

function undoAll(s: ReturnType<typeof mk>) {
  while (s.getState().past.length) s.getState().undo();
}
