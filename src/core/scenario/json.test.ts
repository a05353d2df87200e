import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseScenario } from './index';
import { BASE, errs, lineOf } from '../../../test/support/diagnostics';

const topology = parseYaml(BASE) as Record<string, unknown>;
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'n2', containers: [{ name: 'c' }] } };

describe('JSON input', () => {
  it('reads a single JSON object', () => {
    const r = parseScenario(JSON.stringify(topology), 'lab.json');
    expect(r.errors).toEqual([]);
    expect(r.scenario!.topology.nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
  });

  it('reads a JSON array of objects (each item one resource)', () => {
    const r = parseScenario(JSON.stringify([topology, pod], null, 2), 'lab.json');
    expect(r.errors).toEqual([]);
    expect(r.scenario!.pods.map((p) => p.name)).toEqual(['p']);
    expect(r.scenario!.refs['Pod/default/p']).toEqual({ kind: 'Pod', name: 'default/p', doc: 1 });
  });

  it('reads a kind: List with items (JSON or YAML)', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [topology, pod] };
    const r = parseScenario(JSON.stringify(list, null, 2), 'lab.json');
    expect(r.errors).toEqual([]);
    expect(r.scenario!.pods).toHaveLength(1);
    const y = parseScenario(`apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify(topology)}\n  - ${JSON.stringify(pod)}\n`, 'lab.yaml');
    expect(y.errors).toEqual([]);
  });

  it('locates errors in pretty JSON by line, with the item in the path', () => {
    const bad = { ...pod, spec: { nodeName: 'n9', containers: [{ name: 'c' }] } };
    const text = JSON.stringify([topology, bad], null, 2);
    expect(errs(text)).toEqual([['E208', lineOf(text, '"nodeName": "n9"'), '[1].spec.nodeName']]);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [topology, bad] }, null, 2);
    expect(errs(list)).toEqual([['E208', lineOf(list, '"nodeName": "n9"'), 'items[1].spec.nodeName']]);
  });

  it('reports a JSON syntax error with its line', () => {
    // (a trailing comma is accepted: JSON is read as YAML, where it is legal)
    const text = '{\n  "apiVersion": "cnilab/v1",\n  "kind": "Topology",\n  "metadata": {"name": "t"\n}\n';
    const e = errs(text);
    expect(e.length).toBeGreaterThan(0);
    expect(e.every(([c]) => c === 'E101')).toBe(true);
    expect(e[0][1]).toBeGreaterThanOrEqual(4);
  });

  it('rejects array items that are not objects', () => {
    expect(errs(JSON.stringify([topology, 'x', 3]))).toEqual([
      ['E102', 1, '[1]'],
      ['E102', 1, '[2]'],
    ]);
  });

  it('rejects a List whose items is not a list', () => {
    expect(errs('{"apiVersion": "v1", "kind": "List", "items": {"a": 1}}')).toEqual([['E107', 1, 'items']]);
  });
});
