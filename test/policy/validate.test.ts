// validatePolicies(scenario) and its wiring into loadLab: every policy the API server or calicoctl
// would refuse becomes a LabError at the line of the offending field.
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import { validatePolicies } from '../../src/core/policy';
import { joinDocs, lineOf, PRESETS, read } from './support';
import { join } from 'node:path';

const base = read(join(PRESETS, 'seed002-policy.yaml'));

function load(...docs: string[]) {
  const text = joinDocs(base, ...docs);
  return { text, r: loadLab(text, 'lab.yaml') };
}

describe('validatePolicies', () => {
  it('names the resource by its scenario ref, the API field path and a catalogue code', () => {
    const problems = validatePolicies({
      networkPolicies: [
        { namespace: 'develop', name: 'p', spec: { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 79 }] }] } },
        { namespace: 'develop', name: 'Bad_Name', spec: { podSelector: { matchLabels: { 'a b': 'x' } } } },
        { namespace: 'develop', name: 'typo', spec: { podSelector: {}, ingress: [{ from: [{ namespacesSelector: {} }] }] } },
      ],
      calicoPolicies: [
        { kind: 'NetworkPolicy', namespace: 'develop', name: 'c', spec: { selector: 'all()', tier: 'nope', ingress: [{ action: 'Accept' }] } },
        { kind: 'GlobalNetworkPolicy', name: 'g', spec: { selector: "has(app", egress: [{ action: 'Allow', protocol: 'ICMP', destination: { ports: [80] } }] } },
      ],
      tiers: [{ name: 'default', defaultAction: 'Pass' }],
    });
    const rows = problems.map((p) => [p.ref, p.path, p.code]);
    expect(rows).toEqual([
      ['NetworkPolicy/develop/p', 'spec.ingress[0].ports[0].endPort', 'E801'],
      ['NetworkPolicy/develop/Bad_Name', 'metadata.name', 'E801'],
      ['NetworkPolicy/develop/Bad_Name', 'spec.podSelector.matchLabels', 'E801'],
      // strict decoding stops the server before validation: only the unknown field is reported
      ['NetworkPolicy/develop/typo', 'spec.ingress[0].from[0].namespacesSelector', 'E802'],
      ['Tier/default', 'spec.defaultAction', 'E804'],
      ['CalicoNetworkPolicy/develop/c', 'spec.tier', 'E803'],
      ['CalicoNetworkPolicy/develop/c', 'spec.ingress[0].action', 'E803'],
      ['GlobalNetworkPolicy/g', 'spec.selector', 'E803'],
      ['GlobalNetworkPolicy/g', 'spec.egress[0].destination.ports', 'E803'],
    ]);
    expect(problems[0].message).toBe('The NetworkPolicy "p" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`');
    expect(problems[3].message).toBe('NetworkPolicy develop/typo: strict decoding error: unknown field "spec.ingress[0].from[0].namespacesSelector"');
  });

  it('valid policies (the seed 002 corrected set) give nothing', () => {
    const r = loadLab(joinDocs(base, ...['05-deny-all', '09-egress-dns', '11-global-order', 'dns-egress', '10-namespace-selector'].map((n) => read(join(PRESETS, 'policies', `seed002-${n}.yaml`)))), 'lab.yaml');
    expect(r.errors).toEqual([]);
    expect(validatePolicies(r.scenario!)).toEqual([]);
  });
});

describe('loadLab refuses invalid policies at their line', () => {
  it('a Kubernetes endPort below port', () => {
    const doc = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: range, namespace: develop}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 8080
      endPort: 80
`;
    const { text, r } = load(doc);
    expect(r.state).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e.code).toBe('E801');
    expect(e.loc).toEqual({ file: 'lab.yaml', line: lineOf(text, 'endPort: 80'), path: 'spec.ingress[0].ports[0].endPort' });
    expect(e.message).toBe(`lab.yaml:${lineOf(text, 'endPort: 80')} spec.ingress[0].ports[0].endPort: E801 The NetworkPolicy "range" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to \`port\``);
  });

  it('a Calico selector syntax error, with the position Calico reports', () => {
    const doc = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: sel, namespace: develop}
spec:
  selector: app == 'web' &&
  types: [Ingress]
`;
    const { text, r } = load(doc);
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([['E803', lineOf(text, "selector: app == 'web' &&"), 'spec.selector']]);
    expect(r.errors[0].detail).toMatch(/^NetworkPolicy "develop\/sel" is invalid: spec\.selector: selector: .*position 15/);
  });

  it('the parser\'s unknown-field warning stays, and the policy is refused', () => {
    const doc = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: peer, namespace: develop}
spec:
  podSelector: {}
  egress:
  - to:
    - podSelector: {}
      ports: [{port: 80}]
`;
    const { text, r } = load(doc);
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([['E802', lineOf(text, 'ports: [{port: 80}]'), 'spec.egress[0].to[0].ports']]);
    expect(r.warnings.some((w) => w.code === 'W101')).toBe(true);
  });
});
