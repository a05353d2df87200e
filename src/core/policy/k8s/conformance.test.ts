// The upstream Kubernetes network-policy e2e cases (kubernetes test/e2e/network/netpol/
// network_policy.go), one `it` per upstream `f.It`, same pods, same policies, same expected truth
// tables. Policies are written as the e2e builders produce them: SetSpecIngressRules adds
// policyTypes [Ingress], SetSpecEgressRules adds [Egress].
import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../compile';
import { check, mismatches, namespaceOf, netpolPod, netpolWorld, np, Reachability } from '../../../../test/support/netpol-model';

const NSKEY = 'kubernetes.io/metadata.name';
const ml = (m: Record<string, string>) => ({ matchLabels: m });
const ingressPolicy = (podSelector: object, ...ingress: object[]) => ({ podSelector, policyTypes: ['Ingress'], ingress });
const egressPolicy = (podSelector: object, ...egress: object[]) => ({ podSelector, policyTypes: ['Egress'], egress });
const TCP80 = { protocol: 'TCP', port: 80 } as const;
const TCP81 = { protocol: 'TCP', port: 81 } as const;

describe('netpol e2e: NetworkPolicy between server and client (TCP)', () => {
  it("should support a 'default-deny-ingress' policy", () => {
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'y/b'], [np('x', 'deny-ingress', ingressPolicy({}))], TCP80, (r) => r.expectPeer({}, { ns: 'x' }, false));
    expect(mismatches).toEqual([]);
  });

  it("should support a 'default-deny-all' policy", () => {
    const p = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    const { mismatches } = check(['x/a', 'x/b', 'y/a'], [p], TCP80, (r) => r.expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
    const p = np('x', 'x-a-allows-x-b', ingressPolicy(ml({ pod: 'a' }), { from: [{ podSelector: ml({ pod: 'b' }) }] }));
    const { mismatches } = check(['x/a', 'x/b', 'x/c', 'y/a'], [p], TCP80, (r) => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy to allow ingress traffic for a target', () => {
    const deny = np('x', 'deny-all', ingressPolicy({}));
    const allow = np('x', 'allow-all-to-a', ingressPolicy(ml({ pod: 'a' }), { from: [{ podSelector: {}, namespaceSelector: {} }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a'], [deny, allow], TCP80, (r) => r.expectAllIngress('x/a', true).expectAllIngress('x/b', false));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy to allow ingress traffic from pods in all namespaces', () => {
    const p = np('x', 'allow-from-another-ns', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: { matchLabels: {} } }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, () => {});
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
    const p = np('x', 'allow-client-a-via-ns-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, (r) =>
      r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on PodSelector with MatchExpressions', () => {
    const p = np('x', 'x-a-allows-x-b', ingressPolicy(ml({ pod: 'a' }), { from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a'], [p], TCP80, (r) => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on NamespaceSelector with MatchExpressions', () => {
    const p = np('x', 'allow-ns-y-match-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: { matchExpressions: [{ key: NSKEY, operator: 'In', values: ['y'] }] } }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, (r) =>
      r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on PodSelector or NamespaceSelector (separate peers = OR)', () => {
    const p = np(
      'x',
      'allow-ns-y-match-selector',
      ingressPolicy(ml({ pod: 'a' }), {
        from: [{ namespaceSelector: { matchExpressions: [{ key: NSKEY, operator: 'NotIn', values: ['x'] }] } }, { podSelector: ml({ pod: 'b' }) }],
      }),
    );
    const { mismatches } = check(['x/a', 'x/b', 'x/c', 'y/a'], [p], TCP80, (r) => r.expect('x/a', 'x/a', false).expect('x/c', 'x/a', false));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on PodSelector and NamespaceSelector (one peer = AND)', () => {
    const p = np(
      'x',
      'allow-ns-y-podselector-and-nsselector',
      ingressPolicy(ml({ pod: 'a' }), {
        from: [{ namespaceSelector: { matchExpressions: [{ key: NSKEY, operator: 'NotIn', values: ['x'] }] }, podSelector: ml({ pod: 'b' }) }],
      }),
    );
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'y/b', 'z/b'], [p], TCP80, (r) =>
      r.expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on Multiple PodSelectors and NamespaceSelectors', () => {
    const p = np(
      'x',
      'allow-ns-y-z-pod-b-c',
      ingressPolicy(ml({ pod: 'a' }), {
        from: [
          {
            namespaceSelector: { matchExpressions: [{ key: NSKEY, operator: 'NotIn', values: ['x'] }] },
            podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
          },
        ],
      }),
    );
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'y/b', 'y/c'], [p], TCP80, (r) =>
      r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expect('y/a', 'x/a', false),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on any PodSelectors', () => {
    const p = np('x', 'allow-ns-x-pod-b-c', ingressPolicy(ml({ pod: 'a' }), { from: [{ podSelector: ml({ pod: 'b' }) }, { podSelector: ml({ pod: 'c' }) }] }));
    const { mismatches } = check(['x/a', 'x/b', 'x/c'], [p], TCP80, (r) => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', () => {
    const p = np('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }), podSelector: ml({ pod: 'a' }) }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], [p], TCP80, (r) => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true));
    expect(mismatches).toEqual([]);
  });

  it('should enforce policy based on Ports', () => {
    const p = np('x', 'allow-client-a-via-ns-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }], ports: [{ port: 81, protocol: 'TCP' }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], [p], TCP81, (r) =>
      r
        .expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false)
        .expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true)
        .expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce multiple, stacked policies with overlapping podSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    const allow81 = np('x', 'allow-client-a-via-ns-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }], ports: [{ port: 81, protocol: 'TCP' }] }));
    const allowRule = (r: Reachability) =>
      r
        .expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false)
        .expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true)
        .expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
    expect(check(pods, [allow81], TCP81, allowRule).mismatches).toEqual([]);
    expect(check(pods, [allow81], TCP80, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
    const allow80 = np('x', 'allow-client-a-via-ns-selector-80', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }], ports: [{ port: 80, protocol: 'TCP' }] }));
    expect(check(pods, [allow81, allow80], TCP80, allowRule).mismatches).toEqual([]);
  });

  it('should support allow-all policy', () => {
    const p = np('x', 'allow-all', ingressPolicy({ matchLabels: {} }, {}));
    for (const probe of [TCP80, TCP81]) expect(check(['x/a', 'x/b', 'y/a'], [p], probe, () => {}).mismatches).toEqual([]);
  });

  it('should allow ingress access on one named port', () => {
    const p = np('x', 'allow-all', ingressPolicy({ matchLabels: {} }, { ports: [{ port: 'serve-81-tcp' }] }));
    const pods = ['x/a', 'x/b', 'y/a'];
    expect(check(pods, [p], TCP81, () => {}).mismatches).toEqual([]);
    expect(check(pods, [p], TCP80, (r) => r.expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
  });

  it('should allow ingress access from namespace on one named port', () => {
    const p = np(
      'x',
      'allow-client-a-via-ns-selector-80',
      ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }], ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] }),
    );
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    expect(
      check(pods, [p], TCP80, (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false)).mismatches,
    ).toEqual([]);
    expect(check(pods, [p], TCP81, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
  });

  it('should allow egress access on one named port', () => {
    const p = np('x', 'allow-egress', egressPolicy({ matchLabels: {} }, { ports: [{ port: 'serve-80-tcp' }] }));
    expect(check(['x/a', 'y/a'], [p], TCP80, () => {}).mismatches).toEqual([]);
    expect(check(['x/a', 'y/a'], [p], TCP81, (r) => r.expectPeer({ ns: 'x' }, {}, false)).mismatches).toEqual([]);
  });

  it('should enforce updated policy (allow-all mutated to deny-all)', () => {
    expect(check(['x/a', 'y/a'], [np('x', 'p', ingressPolicy({ matchLabels: {} }, {}))], TCP81, () => {}).mismatches).toEqual([]);
    expect(check(['x/a', 'y/a'], [np('x', 'p', ingressPolicy({ matchLabels: {} }))], TCP81, (r) => r.expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
  });

  it('should allow ingress access from updated namespace', () => {
    const p = np('x', 'allow-client-a-via-ns-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ ns2: 'updated' }) }] }));
    expect(check(['x/a', 'y/a'], [p], TCP80, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
    const namespaces = [namespaceOf('x'), namespaceOf('y', { ns2: 'updated' })];
    expect(check(['x/a', 'y/a'], [p], TCP80, (r) => r.expectAllIngress('x/a', false).expectPeer({ ns: 'y' }, {}, true), { namespaces }).mismatches).toEqual([]);
  });

  it('should allow ingress access from updated pod', () => {
    const p = np('x', 'allow-client-a-via-pod-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ podSelector: ml({ pod: 'b', pod2: 'updated' }) }] }));
    const before = check(['x/a', 'x/b'], [p], TCP80, (r) => r.expectAllIngress('x/a', false));
    expect(before.mismatches).toEqual([]);
    // relabel x/b and recompile
    const pods = [netpolPod('x/a'), netpolPod('x/b')];
    pods[1].labels = { pod: 'b', pod2: 'updated' };
    const c = compilePolicies(netpolWorld(pods, { policies: [p] }));
    const r = new Reachability(['x/a', 'x/b']).expectAllIngress('x/a', false).expect('x/b', 'x/a', true);
    expect(mismatches(c, pods, TCP80, r)).toEqual([]);
  });

  it('should deny ingress from pods on other namespaces', () => {
    const p = np('x', 'deny-empty-policy', ingressPolicy({}, { from: [{ podSelector: { matchLabels: {} } }] }));
    const { mismatches } = check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, (r) => r.expectPeer({ ns: 'y' }, { ns: 'x' }, false).expectPeer({ ns: 'z' }, { ns: 'x' }, false));
    expect(mismatches).toEqual([]);
  });

  it('should deny ingress access to updated pod', () => {
    const p = np('x', 'deny-ingress-via-label-selector', ingressPolicy(ml({ target: 'isolated' })));
    expect(check(['x/a', 'y/a'], [p], TCP80, () => {}).mismatches).toEqual([]);
    const pods = [netpolPod('x/a'), netpolPod('y/a')];
    pods[0].labels = { pod: 'a', target: 'isolated' };
    const c = compilePolicies(netpolWorld(pods, { policies: [p] }));
    expect(mismatches(c, pods, TCP80, new Reachability(['x/a', 'y/a']).expectAllIngress('x/a', false))).toEqual([]);
  });

  it('should deny egress from pods based on PodSelector', () => {
    const p = np('x', 'deny-egress-pod-a', egressPolicy(ml({ pod: 'a' })));
    expect(check(['x/a', 'x/b', 'y/a'], [p], TCP80, (r) => r.expectAllEgress('x/a', false)).mismatches).toEqual([]);
  });

  it('should deny egress from all pods in a namespace', () => {
    const p = np('x', 'deny-egress-ns-x', egressPolicy({}));
    expect(check(['x/a', 'x/b', 'y/a'], [p], TCP80, (r) => r.expectPeer({ ns: 'x' }, {}, false)).mismatches).toEqual([]);
  });

  it('should work with Ingress, Egress specified together', () => {
    const p = np('x', 'allow-client-a-via-pod-selector', {
      podSelector: ml({ pod: 'a' }),
      policyTypes: ['Egress', 'Ingress'],
      ingress: [{ from: [{ podSelector: ml({ pod: 'b' }) }] }],
      egress: [{ ports: [{ port: 80 }] }],
    });
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    expect(check(pods, [p], TCP80, (r) => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true)).mismatches).toEqual([]);
    expect(
      check(pods, [p], TCP81, (r) => r.expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true)).mismatches,
    ).toEqual([]);
  });

  it('should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', () => {
    const egress = np('x', 'allow-to-ns-y-pod-a', egressPolicy(ml({ pod: 'a' }), { to: [{ namespaceSelector: ml({ [NSKEY]: 'y' }), podSelector: ml({ pod: 'a' }) }] }));
    const rule = { from: [{ namespaceSelector: ml({ [NSKEY]: 'x' }), podSelector: ml({ pod: 'a' }) }] };
    const inA = np('y', 'allow-from-xa-on-ya-match-selector', ingressPolicy(ml({ pod: 'a' }), rule));
    const inB = np('y', 'allow-from-xa-on-yb-match-selector', ingressPolicy(ml({ pod: 'b' }), rule));
    const { mismatches } = check(['x/a', 'y/a', 'y/b'], [egress, inA, inB], TCP80, (r) =>
      r
        .expectPeer({ ns: 'x', pod: 'a' }, {}, false)
        .expectPeer({}, { ns: 'y', pod: 'a' }, false)
        .expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y', pod: 'a' }, true)
        .expectPeer({}, { ns: 'y', pod: 'b' }, false),
    );
    expect(mismatches).toEqual([]);
  });

  it('should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector', () => {
    const p = np('x', 'allow-to-ns-y-pod-a', egressPolicy(ml({ pod: 'a' }), { to: [{ namespaceSelector: ml({ [NSKEY]: 'y' }), podSelector: ml({ pod: 'a' }) }] }));
    expect(check(['x/a', 'y/a', 'y/b'], [p], TCP80, (r) => r.expectAllEgress('x/a', false).expect('x/a', 'y/a', true)).mismatches).toEqual([]);
  });

  it('should enforce ingress policy allowing any port traffic to a server on a specific protocol', () => {
    const p = np('x', 'allow-ingress-by-proto', ingressPolicy(ml({ pod: 'a' }), { ports: [{ protocol: 'TCP' }] }));
    const o = { ports: [80], protocols: ['TCP', 'UDP'] as ('TCP' | 'UDP')[] };
    expect(check(['x/a', 'y/a'], [p], TCP80, () => {}, o).mismatches).toEqual([]);
    expect(check(['x/a', 'y/a'], [p], { protocol: 'UDP', port: 80 }, (r) => r.expectPeer({}, { ns: 'x', pod: 'a' }, false), o).mismatches).toEqual([]);
  });

  it('should enforce multiple ingress policies with ingress allow-all policy taking precedence', () => {
    const only80 = np('x', 'allow-ingress-port-80', ingressPolicy({ matchLabels: {} }, { ports: [{ port: 80 }] }));
    expect(check(['x/a', 'y/a'], [only80], TCP81, (r) => r.expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
    const all = np('x', 'allow-ingress', ingressPolicy({ matchLabels: {} }, {}));
    expect(check(['x/a', 'y/a'], [only80, all], TCP81, () => {}).mismatches).toEqual([]);
  });

  it('should enforce multiple egress policies with egress allow-all policy taking precedence', () => {
    const only80 = np('x', 'allow-egress-port-80', egressPolicy({ matchLabels: {} }, { ports: [{ port: 80 }] }));
    expect(check(['x/a', 'y/a'], [only80], TCP81, (r) => r.expectPeer({ ns: 'x' }, {}, false)).mismatches).toEqual([]);
    const all = np('x', 'allow-egress', egressPolicy({ matchLabels: {} }, {}));
    expect(check(['x/a', 'y/a'], [only80, all], TCP81, () => {}).mismatches).toEqual([]);
  });

  it('should stop enforcing policies after they are deleted', () => {
    const p = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
    expect(check(['x/a', 'y/a'], [p], TCP80, (r) => r.expectPeer({ ns: 'x' }, {}, false).expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
    expect(check(['x/a', 'y/a'], [], TCP80, () => {}).mismatches).toEqual([]);
  });

  it('should allow egress access to server in CIDR block', () => {
    // y/b is 10.244.2.12 in the test model
    const p = np('x', 'allow-client-a-via-cidr-egress-rule', egressPolicy(ml({ pod: 'a' }), { to: [{ ipBlock: { cidr: '10.244.2.12/32' } }] }));
    expect(check(['x/a', 'y/a', 'y/b'], [p], TCP80, (r) => r.expectAllEgress('x/a', false).expect('x/a', 'y/b', true)).mismatches).toEqual([]);
  });

  it('should enforce except clause while egress access to server in CIDR block', () => {
    // makeLargeCIDRForIP: the pod IP masked to /4; x/b is 10.244.1.12
    const p = np('x', 'allow-client-a-via-cidr-egress-rule', egressPolicy(ml({ pod: 'a' }), { to: [{ ipBlock: { cidr: '0.0.0.0/4', except: ['10.244.1.12/32'] } }] }));
    expect(check(['x/a', 'x/b', 'x/c'], [p], TCP80, (r) => r.expect('x/a', 'x/b', false)).mismatches).toEqual([]);
  });

  it('should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed (after update)', () => {
    const first = np('x', 'allow-client-a-via-cidr-egress-rule', egressPolicy(ml({ pod: 'a' }), { to: [{ ipBlock: { cidr: '0.0.0.0/4', except: ['10.244.1.12/32'] } }] }));
    expect(check(['x/a', 'x/b', 'x/c'], [first], TCP80, (r) => r.expect('x/a', 'x/b', false)).mismatches).toEqual([]);
    const updated = np('x', 'allow-client-a-via-cidr-egress-rule', egressPolicy(ml({ pod: 'a' }), { to: [{ ipBlock: { cidr: '10.244.1.12/32' } }] }));
    expect(check(['x/a', 'x/b', 'x/c'], [updated], TCP80, (r) => r.expectAllEgress('x/a', false).expect('x/a', 'x/b', true)).mismatches).toEqual([]);
  });

  it('should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector', () => {
    const allowEgress = np('x', 'allow-egress-for-target', egressPolicy(ml({ pod: 'a' }), {}));
    expect(check(['x/a', 'x/b', 'y/a'], [allowEgress], TCP80, () => {}).mismatches).toEqual([]);
    const denyIngress = np('x', 'deny-ingress-via-label-selector', ingressPolicy(ml({ pod: 'a' })));
    expect(check(['x/a', 'x/b', 'y/a'], [allowEgress, denyIngress], TCP80, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
  });

  it("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP'", () => {
    const deny = np('x', 'deny-ingress', ingressPolicy({}));
    const sctp = np('x', 'allow-only-sctp-ingress-on-port-81', ingressPolicy(ml({ pod: 'a' }), { ports: [{ port: 81, protocol: 'SCTP' }] }));
    expect(check(['x/a', 'y/a'], [deny, sctp], TCP81, (r) => r.expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
  });

  it('should properly isolate pods that are selected by a policy allowing SCTP', () => {
    const sctp = np('x', 'allow-only-sctp-ingress-on-port-80', ingressPolicy(ml({ pod: 'a' }), { ports: [{ port: 80, protocol: 'SCTP' }] }));
    expect(check(['x/a', 'y/a'], [sctp], TCP81, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
  });

  it('should not allow access by TCP when a policy specifies only UDP', () => {
    const udp = np('x', 'allow-only-udp-ingress-on-port-81', ingressPolicy(ml({ pod: 'a' }), { ports: [{ port: 81, protocol: 'UDP' }] }));
    expect(check(['x/a', 'y/a'], [udp], TCP81, (r) => r.expectAllIngress('x/a', false)).mismatches).toEqual([]);
  });

  it('should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label', () => {
    const p = np('x', 'allow-client-a-via-ns-selector-for-immutable-ns-label', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }] }));
    expect(
      check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false)).mismatches,
    ).toEqual([]);
  });

  it('should enforce policy based on NamespaceSelector with MatchExpressions using default ns label (egress NotIn)', () => {
    const p = np('x', 'allow-ns-y-match-selector-for-immutable-ns-label', egressPolicy(ml({ pod: 'a' }), { to: [{ namespaceSelector: { matchExpressions: [{ key: NSKEY, operator: 'NotIn', values: ['y'] }] } }] }));
    expect(check(['x/a', 'x/b', 'y/a', 'z/a'], [p], TCP80, (r) => r.expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y' }, false)).mismatches).toEqual([]);
  });
});

describe('netpol e2e: UDP and SCTP variants', () => {
  for (const protocol of ['UDP', 'SCTP'] as const) {
    it(`${protocol}: should support a 'default-deny-ingress' policy`, () => {
      const p = np('x', 'deny-all', ingressPolicy({}));
      expect(check(['x/a', 'x/b', 'y/a', 'y/b'], [p], { protocol, port: 80 }, (r) => r.expectPeer({}, { ns: 'x' }, false)).mismatches).toEqual([]);
    });
    it(`${protocol}: should enforce policy based on Ports`, () => {
      const p = np('x', 'allow-ingress-on-port-81-ns-x', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }) }], ports: [{ port: 81, protocol }] }));
      expect(
        check(['x/a', 'x/b', 'y/a', 'z/a'], [p], { protocol, port: 81 }, (r) =>
          r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
        ).mismatches,
      ).toEqual([]);
    });
    it(`${protocol}: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector`, () => {
      const p = np('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', ingressPolicy(ml({ pod: 'a' }), { from: [{ namespaceSelector: ml({ [NSKEY]: 'y' }), podSelector: ml({ pod: 'a' }) }] }));
      expect(check(['x/a', 'x/b', 'y/a'], [p], { protocol, port: 80 }, (r) => r.expectAllIngress('x/a', false).expect('y/a', 'x/a', true)).mismatches).toEqual([]);
    });
  }
});

describe('the harness itself', () => {
  it('reports a pair whose expectation is wrong', () => {
    const p = np('x', 'deny-ingress', ingressPolicy({}));
    // claim (wrongly) that y/a can still reach x/a
    const { mismatches } = check(['x/a', 'y/a'], [p], TCP80, (r) => r.expectPeer({}, { ns: 'x' }, false).expect('y/a', 'x/a', true));
    expect(mismatches).toEqual(['y/a>x/a: expected true']);
  });
});
