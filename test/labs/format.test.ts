// The lab file validator: good files load into a typed Lab; bad ones give every error with file, line and
// field path (the scenario diagnostics' style), never a throw.

import { describe, expect, it } from 'vitest';
import { loadLabFile } from '../../src/core/labs';

/** A small valid lab; `patch` replaces one line of it by text (tests break one thing at a time). */
const GOOD = `apiVersion: cnilab/v1
kind: Lab
metadata:
  name: demo
spec:
  title: {en: Demo, zh: 演示}
  summary: {en: A demo lab, zh: 演示实验}
  start:
    preset: seed001-ipip
  steps:
    - id: look
      title: {en: Look, zh: 看}
      do: {en: Look at the routes, zh: 看路由}
      show:
        - {node: k8s-master, command: ip route}
      checks:
        - route: {node: k8s-master, lineIncludes: [dev tunl0]}
        - walk: {from: default/a, to: 10.244.0.1, expect: delivered, via: [tunl0]}
    - id: never
      title: {en: Never, zh: 关闭}
      do: {en: Turn IPIP off, zh: 关闭 IPIP}
      action:
        patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: Never}
      checks:
        - route: {node: k8s-master, line: "10.244.36.64/26 via 192.168.179.103 dev ens32 proto bird", present: true}
        - session: {node: k8s-master, peer: 192.168.179.103, state: Established}
        - matrix: {from: default/a, to: default/b, probe: TCP/80, allowed: true}
`;

function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

const load = (text: string) => loadLabFile(text, 'labs/demo.yaml');

describe('loadLabFile: a good file', () => {
  it('reads every field into the typed Lab', () => {
    const r = load(GOOD);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const lab = r.lab!;
    expect(lab.name).toBe('demo');
    expect(lab.title).toEqual({ en: 'Demo', zh: '演示' });
    expect(lab.start).toEqual({ preset: 'seed001-ipip' });
    expect(lab.steps.map((s) => s.id)).toEqual(['look', 'never']);
    expect(lab.steps[0].show).toEqual([{ node: 'k8s-master', command: 'ip route', line: 15 }]);
    expect(lab.steps[0].checks[0]).toMatchObject({ kind: 'route', node: 'k8s-master', lineIncludes: ['dev tunl0'], present: true, format: 'ip-route', id: 'look#1', line: 17 });
    expect(lab.steps[0].checks[1]).toMatchObject({ kind: 'walk', from: 'default/a', to: '10.244.0.1', expect: 'delivered', via: ['tunl0'] });
    expect(lab.steps[1].actions).toEqual([{ type: 'patch', target: { kind: 'IPPool', name: 'default-ipv4-ippool' }, path: 'spec.ipipMode', value: 'Never', srcLine: 22, srcPath: 'spec.steps[1].action' }]);
    expect(lab.steps[1].checks[0]).toMatchObject({ kind: 'route', exact: '10.244.36.64/26 via 192.168.179.103 dev ens32 proto bird' });
    expect(lab.steps[1].checks[2]).toMatchObject({ kind: 'matrix', probe: { protocol: 'TCP', port: 80 }, allowed: true });
  });

  it('locates an embedded apply block at its first content line, and accepts a list of actions', () => {
    const text = edit(
      GOOD,
      '      action:\n        patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: Never}\n',
      '      action:\n        - label: {node: k8s-node2, key: route-reflector, value: "true"}\n        - apply: |\n            apiVersion: projectcalico.org/v3\n            kind: BGPPeer\n            metadata: {name: p}\n            spec: {peerSelector: has(route-reflector)}\n',
    );
    const r = load(text);
    expect(r.errors).toEqual([]);
    const [label, apply] = r.lab!.steps[1].actions;
    expect(label).toMatchObject({ type: 'label', node: 'k8s-node2', key: 'route-reflector', value: 'true' });
    expect(apply.type).toBe('apply');
    if (apply.type !== 'apply') return;
    expect(apply.source.line).toBe(25);
    expect(apply.source.text.split('\n')[0]).toBe('apiVersion: projectcalico.org/v3');
    expect(apply.source.path).toBe('spec.steps[1].action[1].apply');
  });

  it('an inline scenario instead of a preset', () => {
    const r = load(edit(GOOD, '    preset: seed001-ipip\n', '    scenario: |\n      apiVersion: cnilab/v1\n      kind: Topology\n'));
    expect(r.errors).toEqual([]);
    expect(r.lab!.start.scenario).toMatchObject({ line: 10, path: 'spec.start.scenario', text: 'apiVersion: cnilab/v1\nkind: Topology\n' });
  });
});

describe('loadLabFile: errors with file, line and field path', () => {
  it('YAML syntax errors name the line and give a hint for texts with ": "', () => {
    const r = load(edit(GOOD, 'do: {en: Turn IPIP off, zh: 关闭 IPIP}', 'do:\n        en: Set ipipMode: Never'));
    expect(r.lab).toBeUndefined();
    expect(r.errors[0].code).toBe('E601');
    expect(r.errors[0].loc).toEqual({ file: 'labs/demo.yaml', line: 22, path: '' });
    expect(r.errors[0].message).toMatch(/^labs\/demo\.yaml:22: E601 YAML syntax: .*must be quoted/);
  });

  it('a scenario file is not a lab', () => {
    const r = load('apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: x}\nspec: {}\n');
    expect(r.errors.map((e) => e.code)).toEqual(['E602']);
    expect(r.errors[0].message).toContain('start a lab from it with spec.start.scenario');
    expect(r.errors[0].loc!.line).toBe(2);
  });

  it('a missing required field is reported at its parent', () => {
    const r = load(edit(GOOD, '      do: {en: Look at the routes, zh: 看路由}\n', ''));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe('labs/demo.yaml:11 spec.steps[0]: E603 spec.steps[0]: do is required (a mapping with en: and zh: texts)');
  });

  it('an unknown field in a check names the nearest known one, at its own line', () => {
    const r = load(edit(GOOD, 'present: true}', 'presnt: true}'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe('E606');
    expect(r.errors[0].loc).toEqual({ file: 'labs/demo.yaml', line: 25, path: 'spec.steps[1].checks[0].route.presnt' });
    expect(r.errors[0].message).toContain('did you mean present?');
  });

  it('an unknown check kind and an unknown action', () => {
    const r = load(edit(edit(GOOD, '- session: {node', '- sesion: {node'), '        patch: {kind', '        ptch: {kind'));
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([
      ['E606', 23, 'spec.steps[1].action.ptch'],
      ['E606', 26, 'spec.steps[1].checks[1].sesion'],
    ]);
    expect(r.errors[0].message).toContain('did you mean patch?');
    expect(r.errors[1].message).toContain('did you mean session?');
  });

  it('values out of their set, with the allowed ones', () => {
    const r = load(edit(GOOD, 'expect: delivered, via', 'expect: Delivered, via'));
    expect(r.errors[0].code).toBe('E605');
    expect(r.errors[0].loc!.path).toBe('spec.steps[0].checks[1].walk.expect');
    expect(r.errors[0].message).toContain('did you mean delivered?');
    expect(r.errors[0].allowed).toBe('delivered, dropped, left');
  });

  it('conflicting fields: node and pod, preset and scenario, two actions in one item', () => {
    expect(load(edit(GOOD, '{node: k8s-master, lineIncludes', '{node: k8s-master, pod: default/a, lineIncludes')).errors.map((e) => e.code)).toEqual(['E608']);
    expect(load(edit(GOOD, '    preset: seed001-ipip\n', '    preset: seed001-ipip\n    scenario: "x"\n')).errors.map((e) => [e.code, e.loc!.path])).toEqual([['E608', 'spec.start.scenario']]);
    const two = load(edit(GOOD, '        patch: {kind', '        set: {path: calico.vethMtu, value: 1400}\n        patch: {kind'));
    expect(two.errors.map((e) => e.code)).toEqual(['E608']);
    expect(two.errors[0].message).toContain('make action a list');
  });

  it('a bad probe, a bad path, a pod without a namespace, a duplicate step id', () => {
    const r = load(
      edit(
        edit(edit(edit(GOOD, 'probe: TCP/80', 'probe: TCP:80'), 'path: spec.ipipMode', 'path: "spec..ipipMode"'), '- id: never', '- id: look'),
        '{from: default/a, to: default/b, probe',
        '{from: a, to: default/b, probe',
      ),
    );
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([
      ['E607', 19, 'spec.steps[1].id'],
      ['E609', 23, 'spec.steps[1].action.patch.path'],
      ['E605', 27, 'spec.steps[1].checks[2].matrix.probe'],
    ]);
    // matrix pods are checked when the check runs (the pod list depends on the step); routes' pods here
    const pod = load(edit(GOOD, '{node: k8s-master, lineIncludes', '{pod: a, lineIncludes'));
    expect(pod.errors.map((e) => [e.code, e.loc!.path])).toEqual([['E605', 'spec.steps[0].checks[0].route.pod']]);
  });

  it('label values must be text (YAML reads true as a boolean)', () => {
    const r = load(edit(GOOD, '        patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: Never}', '        label: {node: k8s-node2, key: route-reflector, value: true}'));
    expect(r.errors.map((e) => e.code)).toEqual(['E604']);
    expect(r.errors[0].message).toContain('quote');
    const remove = load(edit(GOOD, '        patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: Never}', '        label: {node: k8s-node2, key: route-reflector, value: null}'));
    expect(remove.errors).toEqual([]);
    expect(remove.lab!.steps[1].actions[0]).toMatchObject({ type: 'label', value: null });
  });

  it('collects every error of the file, sorted by line', () => {
    const r = load(edit(edit(GOOD, 'name: demo', 'nam: demo'), 'expect: delivered, via', 'expect: maybe, via'));
    expect(r.errors.map((e) => e.loc!.line)).toEqual([...r.errors.map((e) => e.loc!.line)].sort((a, b) => a - b));
    expect(r.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['E603', 'E606', 'E605']));
  });
});

describe('loadLabFile: warnings', () => {
  it('a missing zh text and a step without checks are warnings, not errors', () => {
    const r = load(edit(edit(GOOD, 'title: {en: Look, zh: 看}', 'title: {en: Look}'), "      checks:\n        - route: {node: k8s-master, line: \"10.244.36.64/26 via 192.168.179.103 dev ens32 proto bird\", present: true}\n        - session: {node: k8s-master, peer: 192.168.179.103, state: Established}\n        - matrix: {from: default/a, to: default/b, probe: TCP/80, allowed: true}\n", ''));
    expect(r.errors).toEqual([]);
    expect(r.lab).toBeDefined();
    expect(r.warnings.map((w) => [w.code, w.loc!.line])).toEqual([
      ['W601', 12],
      ['W602', 19],
    ]);
  });
});
