// decide(): the cases the packet walk meets besides plain pod-to-pod traffic.
import { describe, expect, it } from 'vitest';
import { compilePolicies } from './compile';
import { decide, decideReply, reverseFlow } from './evaluate';
import { explain, matrix } from './matrix';
import { netpolPod, netpolWorld, np } from '../../../test/support/netpol-model';
import type { PolicyPod } from './types';

const xa = netpolPod('x/a');
const xb = netpolPod('x/b');
const ya = netpolPod('y/a');
const hostPod: PolicyPod = { ...netpolPod('y/h'), ip: '192.168.26.71', hostNetwork: true };
const denyAllX = np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const allowSameNs = np('x', 'allow-same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });

describe('decide', () => {
  const c = compilePolicies(netpolWorld([xa, xb, ya, hostPod], { policies: [allowSameNs] }));

  it('names the deciding rule for each direction', () => {
    const d = decide(c, { src: { ip: xb.ip, pod: 'x/b' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 });
    expect(d.allowed).toBe(true);
    expect(d.egress).toMatchObject({ direction: 'egress', endpoint: 'x/b', applicable: true, allowed: true, reason: 'no policy selects this pod: allowed by profile kns.x' });
    expect(d.ingress).toMatchObject({ direction: 'ingress', endpoint: 'x/a', allowed: true, reason: 'knp.default.allow-same-ns ingress rule 0 Allow' });
    expect(d.reason).toBe('allowed: egress no policy selects this pod: allowed by profile kns.x; ingress knp.default.allow-same-ns ingress rule 0 Allow');
    expect(d.ingress.decidedBy).toEqual({ policy: d.ingress.selectedBy[0], ruleIndex: 0, action: 'Allow' });
    expect(d.ingress.selectedBy).toEqual([{ kind: 'KubernetesNetworkPolicy', name: 'knp.default.allow-same-ns', namespace: 'x', tier: 'default', order: 1000 }]);
  });

  it('implicit deny at the end of the default tier', () => {
    const d = decide(c, { src: { ip: ya.ip, pod: 'y/a' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 });
    expect(d.allowed).toBe(false);
    expect(d.ingress.reason).toBe('default tier: no rule matched: implicit deny');
    expect(d.reason).toBe('denied at ingress of x/a: default tier: no rule matched: implicit deny');
  });

  it('a pod reaching itself never passes through policy', () => {
    const c2 = compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX] }));
    const d = decide(c2, { src: { ip: xa.ip, pod: 'x/a' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 });
    expect(d.allowed).toBe(true);
    expect(d.reason).toBe('x/a reaches itself over loopback: policy is not applied');
  });

  it('Flannel stores policies but does not enforce them', () => {
    const c2 = compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX], enforced: false }));
    const d = decide(c2, { src: { ip: ya.ip }, dst: { ip: xa.ip }, protocol: 'TCP', port: 80 });
    expect(d.allowed).toBe(true);
    expect(d.reason).toBe('Flannel does not enforce NetworkPolicy');
    expect(d.ingress.reason).toBe('Flannel does not enforce NetworkPolicy');
    expect(matrix(c2, [xa, ya], [{ protocol: 'TCP', port: 80 }])['TCP/80']['y/a']['x/a']).toBe(true);
  });

  it('a source that is not a pod (node, outside): egress not applicable, ingress still evaluated', () => {
    const d = decide(c, { src: { ip: '192.168.26.72' }, dst: { ip: xa.ip }, protocol: 'TCP', port: 80 });
    expect(d.egress).toMatchObject({ applicable: false, allowed: true, reason: '192.168.26.72 is not a pod (node or outside the cluster): no egress policy applies' });
    expect(d.ingress.endpoint).toBe('x/a');
    expect(d.allowed).toBe(false);
  });

  it('hostNetwork pods have no Calico endpoint', () => {
    const d = decide(c, { src: { ip: hostPod.ip, pod: 'y/h' }, dst: { ip: xb.ip, pod: 'x/b' }, protocol: 'TCP', port: 80 });
    expect(d.egress.applicable).toBe(false);
    expect(d.egress.reason).toBe('pod y/h has no Calico endpoint (hostNetwork or unknown): no egress policy applies');
    expect(d.allowed).toBe(false);
  });

  it('without a pod name, the pod owning the address is the endpoint', () => {
    const d = decide(c, { src: { ip: xb.ip }, dst: { ip: xa.ip }, protocol: 'TCP', port: 80 });
    expect(d.egress.endpoint).toBe('x/b');
    expect(d.allowed).toBe(true);
  });

  it('SNAT: the source pod\'s egress policy applies, but the peer sees the node address', () => {
    const d = decide(c, { src: { ip: '192.168.26.71', pod: 'x/b' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 });
    expect(d.egress.endpoint).toBe('x/b');
    expect(d.ingress.allowed).toBe(false);
  });
});

describe('connection tracking', () => {
  const c = compilePolicies(netpolWorld([xa, xb, ya], { policies: [denyAllX] }));
  it('a reply of an allowed connection passes without policy', () => {
    // y/a → x/a is denied at x/a's ingress; x/b → y/a is denied at x/b's egress; use y/a → (outside)
    const outside = { ip: '192.0.2.1' };
    const reply = { src: outside, dst: { ip: ya.ip, pod: 'y/a' }, protocol: 'TCP' as const, port: 40000, srcPort: 443 };
    const d = decideReply(c, reply);
    expect(d.allowed).toBe(true);
    expect(d.reason).toBe('reply of an allowed connection: conntrack ESTABLISHED, policy not evaluated');
  });
  it('a "reply" to a denied connection has no conntrack entry', () => {
    const reply = { src: { ip: xa.ip, pod: 'x/a' }, dst: { ip: ya.ip, pod: 'y/a' }, protocol: 'TCP' as const, port: 40000, srcPort: 80 };
    const d = decideReply(c, reply);
    expect(d.allowed).toBe(false);
    // the original y/a → x/a:80 was denied by deny-all at x/a's ingress
    expect(d.reason).toBe('no connection to reply to: the original packet was denied (denied at ingress of x/a: default tier: no rule matched: implicit deny)');
    expect(d.ingress.reason).toBe(d.reason);
  });
  it('reverseFlow swaps ends and ports; an echo reply becomes an echo request', () => {
    expect(reverseFlow({ src: { ip: 'a' }, dst: { ip: 'b' }, protocol: 'UDP', port: 5353, srcPort: 53 })).toEqual({ src: { ip: 'b' }, dst: { ip: 'a' }, protocol: 'UDP', port: 53, srcPort: 5353 });
    expect(reverseFlow({ src: { ip: 'a' }, dst: { ip: 'b' }, protocol: 'ICMP', icmp: { type: 0, code: 0 } }).icmp).toEqual({ type: 8, code: 0 });
  });
});

describe('matrix and explain', () => {
  const c = compilePolicies(netpolWorld([xa, xb, ya], { policies: [allowSameNs] }));
  it('every ordered pair including self', () => {
    const m = matrix(c, [xa, xb, ya], [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53 }]);
    expect(Object.keys(m)).toEqual(['TCP/80', 'UDP/53']);
    expect(m['TCP/80']).toEqual({
      'x/a': { 'x/a': true, 'x/b': true, 'y/a': true },
      'x/b': { 'x/a': true, 'x/b': true, 'y/a': true },
      'y/a': { 'x/a': false, 'x/b': false, 'y/a': true },
    });
    expect(matrix(c, ['x/a', 'y/a'], [{ protocol: 'ICMP' }])).toEqual({ ICMP: { 'x/a': { 'x/a': true, 'y/a': true }, 'y/a': { 'x/a': false, 'y/a': true } } });
  });
  it('explain names the selecting policies and the deciding rule', () => {
    expect(explain(c, 'y/a', 'x/a', { protocol: 'TCP', port: 80 })).toBe(
      [
        'TCP/80 from y/a (10.244.2.11) to x/a (10.244.1.11): DENIED',
        'egress of y/a: no policy selects this pod: allowed by profile kns.y',
        'ingress of x/a: selected by 1 policy:',
        '  - knp.default.allow-same-ns (KubernetesNetworkPolicy in x, tier default, order 1000)',
        '  knp.default.allow-same-ns: no ingress rule matched',
        '  → denied: default tier: no rule matched: implicit deny',
      ].join('\n'),
    );
    expect(explain(c, 'x/b', 'x/a', { protocol: 'TCP', port: 80 })).toContain(
      "  knp.default.allow-same-ns: ingress rule 0 matched: Allow from selector projectcalico.org/orchestrator == 'k8s'",
    );
  });
});
