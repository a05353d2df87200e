// Seed 002's NetworkPolicy YAML, verbatim with its typos: each mistake must come back as an error or
// a warning that names its line and says what to do.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './index';
import { lineOf, withDocs } from '../../../test/support/diagnostics';

const fixture = (name: string) => withDocs(readFileSync(join(__dirname, '../../../test/fixtures/scenario', name), 'utf8'));
const run = (text: string) => {
  const r = parseScenario(text, 'np.yaml');
  return {
    errors: r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.detail]),
    warnings: r.warnings.filter((w) => w.code !== 'W104').map((w) => [w.code, w.loc?.line, w.loc?.path, w.message]),
  };
};

describe("seed 002's broken policy snippets", () => {
  it('05: unindented name:/namespace: under metadata: → metadata.name required, and where the fields belong', () => {
    const text = fixture('seed002-05-unindented-name.yaml');
    expect(run(text)).toEqual({
      errors: [['E106', lineOf(text, 'metadata:', 2), 'metadata.name', 'metadata.name is required: `metadata:` is empty (are its fields indented under it?)']],
      warnings: [
        ['W101', lineOf(text, 'name: deny-all-ingress'), 'name', 'unknown field name is ignored (it belongs under metadata: indent it)'],
        ['W101', lineOf(text, 'namespace: develop'), 'namespace', 'unknown field namespace is ignored (it belongs under metadata: indent it)'],
      ],
    });
  });

  it('namespacesSelector (typo) → unknown field, did you mean namespaceSelector', () => {
    const text = fixture('seed002-np-example-indented.yaml');
    expect(run(text)).toEqual({
      errors: [],
      warnings: [
        [
          'W101',
          lineOf(text, '- namespacesSelector'),
          'spec.ingress[0].from[1].namespacesSelector',
          'unknown field spec.ingress[0].from[1].namespacesSelector is ignored (did you mean namespaceSelector?)',
        ],
      ],
    });
  });

  it('the same example as printed (two code blocks joined) → a syntax error at the stray `- Egress`', () => {
    const text = fixture('seed002-np-example-joined.yaml');
    const r = run(text);
    expect(r.errors).toEqual([['E101', lineOf(text, '- Egress'), '', expect.stringContaining('must be indented under the key of its list')]]);
  });

  it('08: ports: at the spec level → unknown spec.ports, belongs inside an ingress/egress rule', () => {
    const text = fixture('seed002-08-misplaced-ports.yaml');
    expect(run(text)).toEqual({
      errors: [],
      warnings: [
        ['W101', lineOf(text, '  ports:'), 'spec.ports', 'unknown field spec.ports is ignored (ports belongs inside an ingress/egress rule, next to from:/to: indent it under the `- from:`/`- to:` item)'],
      ],
    });
  });

  it('09: ports: inside a peer → unknown field, outdent it to the rule', () => {
    const text = fixture('seed002-09-ports-in-peer.yaml');
    expect(run(text).warnings).toEqual([
      ['W101', lineOf(text, '      ports:'), 'spec.egress[1].to[0].ports', 'unknown field spec.egress[1].to[0].ports is ignored (ports belongs to the rule, next to from:/to:, not inside a peer: outdent it)'],
    ]);
    expect(run(text).errors).toEqual([]);
  });

  it('10: the stray }} → a syntax error on its line', () => {
    const text = fixture('seed002-10-stray-braces.yaml');
    const r = run(text);
    expect(r.errors.map(([c, l]) => [c, l])).toEqual([
      ['E101', lineOf(text, 'values:', 2)],
      ['E101', lineOf(text, '["default"]}}')],
    ]);
    expect(r.errors[1][3]).toBe('YAML syntax: Unexpected flow-map-end token in YAML stream: "}" (column 12); look for an unbalanced or stray bracket');
  });

  it('10 with one brace: matchExpressions next to namespaceSelector → belongs under it', () => {
    const text = fixture('seed002-10-one-brace.yaml');
    expect(run(text)).toEqual({
      errors: [],
      warnings: [
        ['W101', lineOf(text, 'matchExpressions:'), 'spec.ingress[0].from[0].matchExpressions', 'unknown field spec.ingress[0].from[0].matchExpressions is ignored (it belongs under podSelector: or namespaceSelector: indent it)'],
        ['W101', lineOf(text, 'matchExpressions:', 2), 'spec.ingress[1].from[0].matchExpressions', 'unknown field spec.ingress[1].from[0].matchExpressions is ignored (it belongs under podSelector: or namespaceSelector: indent it)'],
      ],
    });
  });

  it('11: the GlobalNetworkPolicy whose selectors wrap onto unindented lines → syntax errors on those lines', () => {
    const text = fixture('seed002-11-gnp-joined.yaml');
    const r = run(text);
    expect(r.errors.map(([c, l]) => [c, l])).toEqual([
      ['E101', lineOf(text, 'dashboard"')],
      ['E101', lineOf(text, 'dashboard"', 2)],
    ]);
    expect(r.errors[0][3]).toContain('must be indented more than its key');
  });

  it('11 with the wrapped selectors rejoined: spec fields at the top level → they belong under spec:', () => {
    const text = fixture('seed002-11-gnp-joined.yaml').replace(/kubernetes-\ndashboard/g, 'kubernetes-dashboard');
    expect(run(text)).toEqual({
      errors: [],
      warnings: ['namespaceSelector', 'types', 'ingress', 'egress'].map((k) => ['W101', lineOf(text, `${k}:`), k, `unknown field ${k} is ignored (it belongs under spec: indent it)`]),
    });
  });

  it('the corrected policies parse cleanly', () => {
    const fixed = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ingress-controller
  namespace: develop
spec:
  podSelector: {}
  policyTypes: ["Ingress"]
  ingress:
    - from:
      - namespaceSelector:
          matchExpressions:
            - key: kubernetes.io/metadata.name
              operator: In
              values: [develop, kube-system, logs]
      ports:
        - protocol: TCP
          port: 80
`;
    expect(run(withDocs(fixed))).toEqual({ errors: [], warnings: [] });
  });
});
