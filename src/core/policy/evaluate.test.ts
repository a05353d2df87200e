// decide(): the cases the packet walk meets besides plain pod-to-pod traffic.
import { describe, expect, it } from 'vitest';
import { compilePolicies } from './compile';
import { decide, decideReply, decidingRule, reverseFlow, toPacket } from './evaluate';
import { explain, matrix } from './matrix';
import { netpolPod, netpolWorld, np } from '../../../test/support/netpol-model';
import type { CalicoPolicy } from '../model';
import type { DirectionVerdict, PolicyPod } from './types';

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

// Each term of a Calico rule alone, on the netpol pods (x/a 10.244.1.11, x/b 10.244.1.12, y/a 10.244.2.11):
// the expected verdicts follow Felix's rule matching (felix/rules, calc/rule_convert.go), worked out by hand.
const gnp = (name: string, spec: Record<string, unknown>): CalicoPolicy => ({ kind: 'GlobalNetworkPolicy', name, spec });
/** A verdict without its message object (its English `reason` is compared instead). */
const plain = (v: DirectionVerdict) => {
  const { why: _why, ...rest } = v;
  return rest;
};

describe('rule terms', () => {
  // x/a (and y/a) admit ingress only through this one rule
  const admitting = (rule: Record<string, unknown>) => compilePolicies(netpolWorld([xa, xb, ya], { calico: [gnp('p', { selector: "pod == 'a'", ingress: [{ action: 'Allow', ...rule }] })] }));
  const icmpFromB = (c: ReturnType<typeof compilePolicies>, type: number, code: number) =>
    decide(c, { src: { ip: xb.ip, pod: 'x/b' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'ICMP', icmp: { type, code } }).allowed;

  it('icmp type and code: both must match; a type alone takes every code; an empty icmp takes every ICMP packet', () => {
    const c = admitting({ protocol: 'ICMP', icmp: { type: 3, code: 3 } });
    expect(icmpFromB(c, 3, 3)).toBe(true);
    expect(icmpFromB(c, 3, 1)).toBe(false);
    expect(icmpFromB(c, 8, 3)).toBe(false);
    expect(icmpFromB(admitting({ protocol: 'ICMP', icmp: { type: 3 } }), 3, 13)).toBe(true);
    const any = admitting({ protocol: 'ICMP', icmp: {} });
    expect(icmpFromB(any, 13, 0)).toBe(true);
    expect(icmpFromB(any, 0, 0)).toBe(true);
  });

  it('notICMP: a type refuses that type, a type and code only that pair; an empty notICMP refuses nothing (Felix drops it)', () => {
    const pair = admitting({ protocol: 'ICMP', notICMP: { type: 3, code: 3 } });
    expect(icmpFromB(pair, 3, 3)).toBe(false);
    expect(icmpFromB(pair, 3, 1)).toBe(true);
    expect(icmpFromB(pair, 8, 0)).toBe(true);
    const type = admitting({ protocol: 'ICMP', notICMP: { type: 8 } });
    expect(icmpFromB(type, 8, 5)).toBe(false);
    expect(icmpFromB(type, 13, 0)).toBe(true);
    expect(icmpFromB(admitting({ protocol: 'ICMP', notICMP: {} }), 8, 0)).toBe(true);
  });

  it("a packet's ICMP type and code come from the flow, echo request 8/0 when it names none", () => {
    const c = admitting({});
    expect(toPacket(c, { src: { ip: xb.ip }, dst: { ip: xa.ip }, protocol: 'ICMP', icmp: { type: 3, code: 4 } })).toMatchObject({ proto: 1, icmpType: 3, icmpCode: 4, srcEp: 1, dstEp: 0 });
    expect(toPacket(c, { src: { ip: xb.ip }, dst: { ip: '192.0.2.1' }, protocol: 'ICMP' })).toMatchObject({ icmpType: 8, icmpCode: 0, dstEp: undefined });
  });

  it('notSelector refuses the pods it selects, in any namespace it does not name', () => {
    const c = admitting({ source: { notSelector: "pod == 'b'" } });
    const from = (src: PolicyPod) => decide(c, { src: { ip: src.ip, pod: `${src.namespace}/${src.name}` }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 }).allowed;
    expect(from(xb)).toBe(false);
    expect(from(ya)).toBe(true);
    // a source that is no pod is in no IP set, so a notSelector never refuses it
    expect(decide(c, { src: { ip: '192.0.2.1' }, dst: { ip: xa.ip, pod: 'x/a' }, protocol: 'TCP', port: 80 }).allowed).toBe(true);
  });

  it('decidingRule returns the rule a verdict names, from its own policy and direction', () => {
    const first = gnp('first', { order: 1, selector: "pod == 'b'", ingress: [{ action: 'Allow' }] });
    const p = gnp('p', { order: 2, selector: "pod == 'a'", ingress: [{ action: 'Allow' }], egress: [{ action: 'Deny', protocol: 'UDP' }, { action: 'Allow', protocol: 'TCP' }] });
    const c = compilePolicies(netpolWorld([xa, xb], { calico: [first, p] }));
    const d = decide(c, { src: { ip: xa.ip, pod: 'x/a' }, dst: { ip: xb.ip, pod: 'x/b' }, protocol: 'TCP', port: 80 });
    expect(d.egress.reason).toBe('p egress rule 1 Allow');
    expect(decidingRule(c, d.egress)?.rule.text).toBe('Allow TCP');
    expect(decidingRule(c, d.ingress)?.rule.text).toBe('Allow');
    expect(decidingRule(c, decide(c, { src: { ip: xb.ip, pod: 'x/b' }, dst: { ip: '192.0.2.1' }, protocol: 'TCP', port: 80 }).egress)).toBeUndefined();
  });
});

describe('verdicts without judging, whole', () => {
  const c = compilePolicies(netpolWorld([xa, xb, ya, hostPod], { policies: [denyAllX] }));
  const none = { applicable: false, allowed: true, selectedBy: [], steps: [] };

  it('Flannel: both ends allowed, each naming its pod', () => {
    const f = compilePolicies(netpolWorld([xa, ya], { policies: [denyAllX], enforced: false }));
    const d = decide(f, { src: { ip: ya.ip }, dst: { ip: xa.ip }, protocol: 'TCP', port: 80 });
    const reason = 'Flannel does not enforce NetworkPolicy';
    expect(plain(d.egress)).toEqual({ direction: 'egress', endpoint: 'y/a', ...none, reason });
    expect(plain(d.ingress)).toEqual({ direction: 'ingress', endpoint: 'x/a', ...none, reason });
  });

  it('loopback is found by address as well as by name, and names the pod', () => {
    const d = decide(c, { src: { ip: xa.ip }, dst: { ip: xa.ip }, protocol: 'TCP', port: 80 });
    const reason = 'x/a reaches itself over loopback: policy is not applied';
    expect(d.reason).toBe(reason);
    expect(plain(d.egress)).toEqual({ direction: 'egress', endpoint: 'x/a', ...none, reason });
    expect(plain(d.ingress)).toEqual({ direction: 'ingress', endpoint: 'x/a', ...none, reason });
    // a hostNetwork pod has no endpoint; its name alone makes it the same pod
    expect(decide(c, { src: { ip: hostPod.ip, pod: 'y/h' }, dst: { ip: hostPod.ip, pod: 'y/h' }, protocol: 'TCP', port: 80 }).reason).toBe('y/h reaches itself over loopback: policy is not applied');
  });

  it('two addresses that are no pods: no policy at either end, no loopback', () => {
    const d = decide(c, { src: { ip: '192.168.26.72' }, dst: { ip: '192.0.2.1' }, protocol: 'TCP', port: 80 });
    expect(d.reason).toBe(
      'allowed: egress 192.168.26.72 is not a pod (node or outside the cluster): no egress policy applies; ingress 192.0.2.1 is not a pod (node or outside the cluster): no ingress policy applies',
    );
    expect(plain(d.ingress)).toEqual({ direction: 'ingress', ...none, reason: '192.0.2.1 is not a pod (node or outside the cluster): no ingress policy applies' });
  });

  it('a denial at egress names egress and the source pod', () => {
    const d = decide(c, { src: { ip: xa.ip, pod: 'x/a' }, dst: { ip: ya.ip, pod: 'y/a' }, protocol: 'TCP', port: 80 });
    expect(d.reason).toBe('denied at egress of x/a: default tier: no rule matched: implicit deny');
  });

  it("a reply's verdicts: the original's ends swapped, nothing evaluated", () => {
    const d = decideReply(c, { src: { ip: '192.0.2.1' }, dst: { ip: ya.ip, pod: 'y/a' }, protocol: 'TCP', port: 40000, srcPort: 443 });
    const reason = 'reply of an allowed connection: conntrack ESTABLISHED, policy not evaluated';
    expect(plain(d.egress)).toEqual({ direction: 'egress', ...none, reason });
    expect(plain(d.ingress)).toEqual({ direction: 'ingress', endpoint: 'y/a', ...none, reason });
  });

  it('reverseFlow sets only the ports the flow had, and keeps ICMP other than echo reply', () => {
    expect(reverseFlow({ src: { ip: 'a' }, dst: { ip: 'b' }, protocol: 'ICMP', icmp: { type: 0, code: 0 } })).toStrictEqual({ src: { ip: 'b' }, dst: { ip: 'a' }, protocol: 'ICMP', icmp: { type: 8, code: 0 } });
    expect(reverseFlow({ src: { ip: 'a' }, dst: { ip: 'b' }, protocol: 'ICMP', icmp: { type: 3, code: 1 } }).icmp).toEqual({ type: 3, code: 1 });
  });
});
