// Policy text in the panel goes through the core's parser and validation; errors point into the text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../core/session/load';
import { applyPoliciesEdit, listPolicies, parsePolicyText, policyYaml, removePolicyEdit } from './policyYaml';

const lab = loadLab(readFileSync('presets/seed002-policy.yaml', 'utf8'), 'seed002-policy.yaml');
const s = lab.scenario!;
const denyAll = readFileSync('presets/policies/seed002-05-deny-all.yaml', 'utf8');

describe('policy text', () => {
  it('parses the seed 002 examples and applies/removes them as edits', () => {
    for (const f of ['05-deny-all', '07-same-namespace', '10-namespace-selector', '11-global-order']) {
      const p = parsePolicyText(s, readFileSync(`presets/policies/seed002-${f}.yaml`, 'utf8'));
      expect(p.problems, f).toEqual([]);
      expect(p.keys.length, f).toBeGreaterThan(0);
    }
    const p = parsePolicyText(s, denyAll);
    expect(p.keys).toEqual(['NetworkPolicy/develop/deny-all-ingress']);
    const s2 = applyPoliciesEdit(p, 'apply').apply(s);
    expect(listPolicies(s2).map((x) => x.key)).toContain('NetworkPolicy/develop/deny-all-ingress');
    // applying again replaces, as kubectl apply does
    expect(applyPoliciesEdit(p, 'apply').apply(s2).networkPolicies.length).toBe(s2.networkPolicies.length);
    // the YAML written back parses to the same thing
    expect(parsePolicyText(s2, policyYaml(s2, 'NetworkPolicy/develop/deny-all-ingress')).networkPolicies).toEqual(p.networkPolicies);
    expect(removePolicyEdit('NetworkPolicy/develop/deny-all-ingress', 'rm').apply(s2).networkPolicies).toEqual(s.networkPolicies);
  });

  it('reports errors with the line in the text and the field path; nothing is applied', () => {
    const bad = denyAll.replace('policyTypes: ["Ingress", "Egress"]', 'policyTypes: ["Ingress", "Egress"]\n  ingress:\n  - ports:\n    - port: 80\n      endPort: 79');
    const p = parsePolicyText(s, bad);
    expect(p.keys).toEqual([]);
    expect(p.problems[0]).toMatchObject({ code: 'E801', path: 'spec.ingress[0].ports[0].endPort' });
    expect(p.problems[0].line).toBe(bad.split('\n').findIndex((l) => l.includes('endPort')) + 1);
    const typo = parsePolicyText(s, denyAll.replace('  podSelector: {}', '  podSelectr: {}'));
    expect(typo.problems.length).toBeGreaterThan(0);
    expect(typo.problems.every((x) => x.line > 0)).toBe(true);
    expect(parsePolicyText(s, 'kind: Pod\nmetadata: {name: x}\n').problems[0].message).toMatch(/only NetworkPolicy/);
  });
});
