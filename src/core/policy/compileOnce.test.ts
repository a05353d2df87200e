// Policies are compiled once per policy set: states that differ in anything but their policies (a mode
// toggle, a rebuild) share the compiled set, counted by policySetCompilations().
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab, rebuild } from '../session/load';
import type { Scenario } from '../model';
import { policyRuntime } from './cluster';
import { compilePolicies, policySetCompilations } from './compile';
import { policyWorldOf } from './cluster';
import { validatePolicies } from './validate';

const file = 'presets/seed002-policy.yaml';
const policies = ['seed002-07-same-namespace.yaml', 'seed002-11-global-order.yaml'].map((f) => readFileSync(`presets/policies/${f}`, 'utf8'));
const text = [readFileSync(file, 'utf8'), ...policies].join('\n---\n');

/** A copy whose policy resources are new objects with the same content, and whose pools no longer use IPIP. */
function toggled(s: Scenario): Scenario {
  return {
    ...s,
    ippools: s.ippools.map((p) => ({ ...p, ipipMode: 'Never' as const })),
    networkPolicies: JSON.parse(JSON.stringify(s.networkPolicies)),
    calicoPolicies: JSON.parse(JSON.stringify(s.calicoPolicies)),
    tiers: JSON.parse(JSON.stringify(s.tiers)),
  };
}

describe('compilePolicySet cache', () => {
  // counted from before the load: the loader validates the policies, which compiles the set
  const start = policySetCompilations();
  const a = loadLab(text, file).state!;
  const b = rebuild(toggled(a.scenario), a).state!;

  it('the scenario holds the policies and the two states differ', () => {
    expect(a.scenario.networkPolicies.length).toBe(1);
    expect(a.scenario.calicoPolicies.length).toBe(1);
    expect(b).not.toBe(a);
    expect(b.scenario.networkPolicies).not.toBe(a.scenario.networkPolicies);
  });

  it('two states built from the same policy set compile it once', () => {
    const ra = policyRuntime(a);
    const rb = policyRuntime(b);
    expect(rb).not.toBe(ra);
    expect(policySetCompilations() - start).toBe(1);
    // each state's compiled policies point at its own resources
    const calicoA = ra.compiled.policies.find((p) => p.resource.kind === 'GlobalNetworkPolicy')!;
    const calicoB = rb.compiled.policies.find((p) => p.resource.kind === 'GlobalNetworkPolicy')!;
    expect(calicoA.resource).toBe(a.scenario.calicoPolicies[0]);
    expect(calicoB.resource).toBe(b.scenario.calicoPolicies[0]);
    expect(rb.compiled.policies.map((p) => p.policy.ref)).toEqual(ra.compiled.policies.map((p) => p.policy.ref));
  });

  it('a different policy set compiles again, and a hit gives what a fresh compile gives', () => {
    const before = policySetCompilations();
    const world = policyWorldOf(a);
    const fewer = { ...world, calicoPolicies: [] };
    const c1 = compilePolicies(fewer);
    expect(policySetCompilations() - before).toBe(1);
    const c2 = compilePolicies({ ...fewer, networkPolicies: JSON.parse(JSON.stringify(fewer.networkPolicies)) });
    expect(policySetCompilations() - before).toBe(1);
    expect(c2.policies.map((p) => p.policy.ref)).toEqual(c1.policies.map((p) => p.policy.ref));
    expect(c2.policies.length).toBe(1);
    expect(c2.endpoints.map((e) => [e.key, e.ingress.length, e.egress.length])).toEqual(c1.endpoints.map((e) => [e.key, e.ingress.length, e.egress.length]));
  });

  it('loading, validating and the first state parse a policy set once between them', () => {
    const denyAll = readFileSync('presets/policies/seed002-05-deny-all.yaml', 'utf8');
    const before = policySetCompilations();
    const st = loadLab([readFileSync(file, 'utf8'), denyAll].join('\n---\n'), file).state!;
    expect(validatePolicies(st.scenario)).toEqual([]);
    expect(policyRuntime(st).compiled.policies.length).toBe(1);
    expect(policySetCompilations() - before).toBe(1);
  });

  it('validation still refuses what the API server refuses, from the cached set too', () => {
    const bad = { ...a.scenario.networkPolicies[0], spec: { ...(a.scenario.networkPolicies[0].spec as object), podSelectr: {} } };
    const scenario = { networkPolicies: [bad], calicoPolicies: [], tiers: [] };
    const first = validatePolicies(scenario);
    expect(first.map((p) => p.path)).toEqual(['spec.podSelectr']);
    expect(validatePolicies(JSON.parse(JSON.stringify(scenario)))).toEqual(first);
  });
});
