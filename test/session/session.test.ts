// The session: one loader, one edit path. Typed edits and manifest actions both return the new session and
// a diff of resource identities tagged with their source; a failed change keeps the session it was given.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply, openText } from '../../src/core/session/session';
import { addPod, setEncap } from '../../src/core/session/edits';
import { toggleFault } from '../../src/ui/bgp/faultEdits';
import type { Session } from '../../src/core/session/types';

const open = (name: string): Session => {
  const o = openText(readFileSync(`presets/${name}.yaml`, 'utf8'), `presets/${name}.yaml`);
  expect(o.errors).toEqual([]);
  return o.session!;
};
const ipOf = (s: Session, pod: string) => s.state.pods.find((p) => `${p.namespace}/${p.name}` === pod)?.ip;
const text = (t: string) => ({ text: t, file: 'terminal', line: 1, path: '' });

describe('typed edits', () => {
  it('a mode toggle updates the pool, says who asked, and the pods keep their addresses', () => {
    const s0 = open('seed000-ipip');
    const pod = `${s0.state.pods[0].namespace}/${s0.state.pods[0].name}`;
    const o = apply(s0, { kind: 'edit', edit: setEncap('ipip', 'Never'), source: 'ui' });
    expect(o.ok).toBe(true);
    expect(o.source).toBe('ui');
    expect(o.label).toBe('ipipMode: Never');
    expect(o.diff).toEqual({ added: [], updated: ['IPPool/default-ipv4-ippool'], removed: [] });
    expect(o.session.scenario.ippools[0].ipipMode).toBe('Never');
    expect(ipOf(o.session, pod)).toBe(ipOf(s0, pod));
    // the input session is a value: untouched
    expect(s0.scenario.ippools[0].ipipMode).toBe('Always');
  });

  it('a fault and a pod are added resources; toggling the fault again removes it', () => {
    const s0 = open('seed000-ipip');
    const f = { type: 'nodeDown' as const, node: 'node-1' };
    const on = apply(s0, { kind: 'edit', edit: toggleFault(f), source: 'ui' });
    expect(on.diff).toEqual({ added: ['Fault/node-down-node-1'], updated: [], removed: [] });
    const off = apply(on.session, { kind: 'edit', edit: toggleFault(f), source: 'embed' });
    expect(off.diff).toEqual({ added: [], updated: [], removed: ['Fault/node-down-node-1'] });
    expect(off.source).toBe('embed');
    const pod = apply(s0, { kind: 'edit', edit: addPod('node-2'), source: 'ui' });
    expect(pod.diff.added).toEqual(['Pod/default/pod-1']);
  });

  it('an edit that throws or does not build is refused and the session stays', () => {
    const s0 = open('seed000-ipip');
    const bad = apply(s0, { kind: 'edit', edit: { label: 'boom', apply: () => { throw new Error('no way'); } }, source: 'ui' });
    expect(bad.ok).toBe(false);
    expect(bad.session).toBe(s0);
    expect(bad.errors.map((e) => e.detail)).toEqual(['no way']);
  });
});

describe('manifest actions', () => {
  it('`calicoctl apply -f` after a toggle: one line, validated like a file, diffed by identity', () => {
    const s0 = open('seed000-ipip');
    const s1 = apply(s0, { kind: 'edit', edit: setEncap('ipip', 'CrossSubnet'), source: 'ui' }).session;
    const o = apply(s1, { kind: 'manifests', text: text('apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata: {name: default}\nspec: {nodeToNodeMeshEnabled: false}\n'), source: 'terminal' });
    expect(o.errors).toEqual([]);
    expect(o.source).toBe('terminal');
    expect(o.diff).toEqual({ added: ['BGPConfiguration/default'], updated: [], removed: [] });
    // the toggle before it is kept: the manifests were written from the typed scenario
    expect(o.session.scenario.ippools[0].ipipMode).toBe('CrossSubnet');
    expect(o.session.scenario.bgpConfigurations.find((c) => c.name === 'default')?.nodeToNodeMeshEnabled).toBe(false);
  });

  it('a policy the API server refuses is refused with its line in the applied text', () => {
    const s0 = open('seed000-ipip');
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: range, namespace: default}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 8080\n      endPort: 80\n';
    const o = apply(s0, { kind: 'manifests', text: text(policy), source: 'terminal' });
    expect(o.ok).toBe(false);
    expect(o.session).toBe(s0);
    expect(o.errors.map((e) => [e.code, e.loc])).toEqual([['E801', { file: 'terminal', line: 9, path: 'spec.ingress[0].ports[0].endPort' }]]);
  });

  it('kubectl label node: the Topology is the updated resource', () => {
    const s0 = open('seed000-ipip');
    const o = apply(s0, { kind: 'label', node: 'node-1', key: 'route-reflector', value: 'true', loc: { file: 'terminal', line: 1, path: '' }, source: 'terminal' });
    expect(o.errors).toEqual([]);
    expect(o.diff).toEqual({ added: [], updated: ['Topology/seed000'], removed: [] });
    expect(o.session.scenario.topology.nodes.find((n) => n.name === 'node-1')?.labels['route-reflector']).toBe('true');
  });
});

describe('loads', () => {
  it('an import is an action too: it replaces the lab and everything in the file is added', () => {
    const s0 = open('seed000-ipip');
    const o = apply(s0, { kind: 'load', text: readFileSync('presets/seed002-flannel-vxlan.yaml', 'utf8'), file: 'flannel.yaml', source: 'import' });
    expect(o.ok).toBe(true);
    expect([o.label, o.source]).toEqual(['load flannel.yaml', 'import']);
    expect(o.session.scenario.cluster.cni).toBe('flannel');
    expect(o.diff.updated).toEqual([]);
    expect(o.diff.removed).toEqual([]);
    expect(o.diff.added).toContain(`Topology/${o.session.scenario.topology.name}`);
    const bad = apply(s0, { kind: 'load', text: 'kind: [', file: 'bad.yaml', source: 'import' });
    expect(bad.ok).toBe(false);
    expect(bad.session).toBe(s0);
    expect(bad.errors[0].loc?.file).toBe('bad.yaml');
  });
});
