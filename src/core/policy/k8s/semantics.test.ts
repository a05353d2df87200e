// Kubernetes NetworkPolicy semantics (https://kubernetes.io/docs/concepts/services-networking/
// network-policies/ and the API reference) checked through the one evaluator.
import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../compile';
import { decide } from '../evaluate';
import { namespaceOf, netpolPod, netpolWorld, np } from '../../../../test/support/netpol-model';
import type { Flow, FlowProtocol, PolicyPod } from '../types';
import type { K8sNetworkPolicy } from '../../model';

const pods = () => [netpolPod('x/a'), netpolPod('x/b'), netpolPod('y/a'), netpolPod('y/b')];
const ip = (ps: PolicyPod[], key: string) => ps.find((p) => `${p.namespace}/${p.name}` === key)!.ip;

function can(policies: K8sNetworkPolicy[], from: string, to: string, protocol: FlowProtocol = 'TCP', port = 80, ps: PolicyPod[] = pods()) {
  const c = compilePolicies(netpolWorld(ps, { policies, namespaces: [namespaceOf('x'), namespaceOf('y')] }));
  const src = from.includes('/') ? { ip: ip(ps, from), pod: from } : { ip: from };
  const dst = to.includes('/') ? { ip: ip(ps, to), pod: to } : { ip: to };
  const flow: Flow = { src, dst, protocol, port };
  return decide(c, flow);
}

describe('the AND/OR peer trap', () => {
  const and = np('x', 'and', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'b' } } }] }] });
  const or = np('x', 'or', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }, { podSelector: { matchLabels: { pod: 'b' } } }] }] });
  it('one peer with both selectors: pods matching pod=b IN namespaces matching ns=y', () => {
    expect(can([and], 'y/b', 'x/a').allowed).toBe(true);
    expect(can([and], 'y/a', 'x/a').allowed).toBe(false);
    expect(can([and], 'x/b', 'x/a').allowed).toBe(false);
  });
  it('two peers: any pod in ns=y, OR pod=b in the policy namespace', () => {
    expect(can([or], 'y/b', 'x/a').allowed).toBe(true);
    expect(can([or], 'y/a', 'x/a').allowed).toBe(true);
    expect(can([or], 'x/b', 'x/a').allowed).toBe(true);
  });
  it('podSelector alone means the policy namespace only', () => {
    const p = np('x', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
    expect(can([p], 'x/b', 'x/a').allowed).toBe(true);
    expect(can([p], 'y/b', 'x/a').allowed).toBe(false);
  });
});

describe('empty vs missing', () => {
  const ext = '192.0.2.7';
  it('missing `from` and `from: []` both mean every source, including outside the cluster', () => {
    for (const rule of [{}, { from: [] }, { from: null }, { ports: [{ port: 80 }] }]) {
      const p = np('x', 'p', { podSelector: {}, ingress: [rule] });
      expect(can([p], 'y/a', 'x/a').allowed).toBe(true);
      expect(can([p], ext, 'x/a').allowed).toBe(true);
    }
  });
  it('`ingress: []`, or no ingress with policyTypes [Ingress], denies all ingress', () => {
    for (const spec of [{ podSelector: {}, ingress: [] }, { podSelector: {}, policyTypes: ['Ingress'] }, { podSelector: {} }]) {
      const d = can([np('x', 'p', spec)], 'y/a', 'x/a');
      expect(d.allowed).toBe(false);
      expect(d.ingress.reason).toBe('default tier: no rule matched: implicit deny');
    }
  });
  it('`ingress: [{}]` allows all', () => {
    expect(can([np('x', 'p', { podSelector: {}, ingress: [{}] })], 'y/a', 'x/a').allowed).toBe(true);
  });
  it('`ports: []` means every port and protocol', () => {
    const p = np('x', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [] }] });
    expect(can([p], 'x/b', 'x/a', 'UDP', 9999).allowed).toBe(true);
    expect(can([p], 'x/b', 'x/a', 'ICMP').allowed).toBe(true);
  });
});

describe('policyTypes: isolation only for the listed directions', () => {
  it('an Ingress-only policy leaves the selected pod free to send', () => {
    const p = np('x', 'p', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(can([p], 'x/a', 'y/a').allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a').allowed).toBe(false);
  });
  it('an Egress-only policy leaves the selected pod reachable', () => {
    const p = np('x', 'p', { podSelector: {}, policyTypes: ['Egress'] });
    expect(can([p], 'y/a', 'x/a').allowed).toBe(true);
    expect(can([p], 'x/a', 'y/a').allowed).toBe(false);
  });
  it('no policyTypes but egress rules: defaulted to [Ingress, Egress], so ingress is isolated too', () => {
    const p = np('x', 'p', { podSelector: {}, egress: [{}] });
    expect(can([p], 'x/a', 'y/a').allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a').allowed).toBe(false);
  });
  it('pods the podSelector does not select are not isolated', () => {
    const p = np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } } });
    expect(can([p], 'y/a', 'x/b').allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a').allowed).toBe(false);
  });
  it('a policy in another namespace never selects these pods', () => {
    const p = np('y', 'p', { podSelector: {} });
    expect(can([p], 'y/a', 'x/a').allowed).toBe(true);
  });
});

describe('union of policies selecting a pod', () => {
  it('each policy can only add allowed traffic', () => {
    const fromB = np('x', 'from-b', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] });
    const fromY = np('x', 'from-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] });
    expect(can([fromB], 'y/a', 'x/a').allowed).toBe(false);
    expect(can([fromB, fromY], 'y/a', 'x/a').allowed).toBe(true);
    expect(can([fromB, fromY], 'x/b', 'x/a').allowed).toBe(true);
    expect(can([fromB, fromY], 'x/b', 'x/a').ingress.selectedBy.map((r) => r.name)).toEqual(['knp.default.from-b', 'knp.default.from-y']);
  });
});

describe('ports', () => {
  const withPorts = (ports: object[]) => np('x', 'p', { podSelector: {}, ingress: [{ ports }] });
  it('numeric port, protocol defaults to TCP', () => {
    expect(can([withPorts([{ port: 80 }])], 'y/a', 'x/a', 'TCP', 80).allowed).toBe(true);
    expect(can([withPorts([{ port: 80 }])], 'y/a', 'x/a', 'UDP', 80).allowed).toBe(false);
    expect(can([withPorts([{ port: 80 }])], 'y/a', 'x/a', 'TCP', 81).allowed).toBe(false);
  });
  it('endPort: an inclusive range', () => {
    const p = withPorts([{ port: 8000, endPort: 8080, protocol: 'TCP' }]);
    expect(can([p], 'y/a', 'x/a', 'TCP', 7999).allowed).toBe(false);
    expect(can([p], 'y/a', 'x/a', 'TCP', 8000).allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a', 'TCP', 8080).allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a', 'TCP', 8081).allowed).toBe(false);
  });
  it('a named port resolves on the destination pod, for its protocol only', () => {
    const dns = (protocol: 'TCP' | 'UDP'): PolicyPod => ({ ...netpolPod('x/a'), ports: [{ name: 'dns', containerPort: 5353, protocol }] });
    const psUdp = [dns('UDP'), netpolPod('y/a')];
    // a named port that is UDP on the pod does not open TCP
    expect(can([withPorts([{ port: 'dns' }])], 'y/a', 'x/a', 'TCP', 5353, psUdp).allowed).toBe(false);
    expect(can([withPorts([{ port: 'dns', protocol: 'UDP' }])], 'y/a', 'x/a', 'UDP', 5353, psUdp).allowed).toBe(true);
    expect(can([withPorts([{ port: 'dns', protocol: 'UDP' }])], 'y/a', 'x/a', 'UDP', 53, psUdp).allowed).toBe(false);
    const psTcp = [dns('TCP'), netpolPod('y/a')];
    expect(can([withPorts([{ port: 'dns' }])], 'y/a', 'x/a', 'TCP', 5353, psTcp).allowed).toBe(true);
  });
  it('egress named ports resolve on the destination, not on the sender', () => {
    const server: PolicyPod = { ...netpolPod('y/a'), ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] };
    const client: PolicyPod = { ...netpolPod('x/a'), ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP' }] };
    const p = np('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'web' }] }] });
    expect(can([p], 'x/a', 'y/a', 'TCP', 8080, [client, server]).allowed).toBe(true);
    expect(can([p], 'x/a', 'y/a', 'TCP', 9090, [client, server]).allowed).toBe(false);
    // an address that is no pod has no named ports
    expect(can([p], 'x/a', '192.0.2.1', 'TCP', 8080, [client, server]).allowed).toBe(false);
  });
});

describe('ipBlock', () => {
  it('matches pod IPs too (as Calico does), except carves holes', () => {
    // x/b is 10.244.1.12, y/a 10.244.2.11
    const p = np('x', 'p', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }] }] });
    expect(can([p], 'x/b', 'x/a').allowed).toBe(true);
    expect(can([p], 'y/a', 'x/a').allowed).toBe(false);
    expect(can([p], '10.244.9.9', 'x/a').allowed).toBe(true);
    expect(can([p], '192.0.2.1', 'x/a').allowed).toBe(false);
  });
  it('an ipBlock peer is not limited to the policy namespace', () => {
    const p = np('x', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.244.2.0/24' } }] }] });
    expect(can([p], 'x/a', 'y/a').allowed).toBe(true);
    expect(can([p], 'x/a', 'x/b').allowed).toBe(false);
  });
  it('selectors match pods by IP only: a node address never matches a podSelector', () => {
    const p = np('x', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    expect(can([p], 'y/a', 'x/a').allowed).toBe(true);
    const d = can([p], '192.168.26.71', 'x/a');
    expect(d.allowed).toBe(false);
    expect(d.egress.applicable).toBe(false);
  });
});

describe('invalid policies are not applied', () => {
  it('a policy the API server refuses isolates nothing and is reported', () => {
    const bad = np('x', 'bad', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] });
    const ps = pods();
    const c = compilePolicies(netpolWorld(ps, { policies: [bad] }));
    expect(c.diagnostics).toEqual([{ resource: 'NetworkPolicy/x/bad', severity: 'error', path: 'spec.ingress[0].from[0]', message: 'Forbidden: may not specify both ipBlock and another peer' }]);
    expect(decide(c, { src: { ip: ps[2].ip }, dst: { ip: ps[0].ip }, protocol: 'TCP', port: 80 }).allowed).toBe(true);
  });
});
