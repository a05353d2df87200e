// Seed 002's policy walkthrough, step by step, as the tutorial tests it: `curl 10.96.80.213` (TCP 80
// to the Service, walked with its SYN-ACK) and `nslookup` (UDP 53 to kube-dns 10.96.0.10) from
// default/pod-test and develop/pod-test1, with presets/policies/seed002-*.yaml applied to
// presets/seed002-policy.yaml. Where the tutorial's printout does not follow from its own YAML, the
// expectation follows the YAML and says so.
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/core/model/cluster';
import { clusterMatrix } from '../../src/core/policy';
import { runWalk } from '../../src/core/tools';
import { DNS, lab, policyHops, SVC } from './support';

type Outcome = 'ok' | 'timeout';

/** curl 10.96.80.213: the SYN must reach a backend and the SYN-ACK come back. */
function curl(st: ClusterState, from: string): Outcome {
  const r = runWalk(st, { from, to: SVC, protocol: 'tcp', port: 80, reply: true });
  return r.verdict.kind === 'delivered' && r.reply?.verdict.kind === 'delivered' ? 'ok' : 'timeout';
}

function nslookup(st: ClusterState, from: string): Outcome {
  const r = runWalk(st, { from, to: DNS, protocol: 'udp', port: 53, reply: true });
  return r.verdict.kind === 'delivered' && r.reply?.verdict.kind === 'delivered' ? 'ok' : 'timeout';
}

const POD_TEST = 'default/pod-test';
const POD_TEST1 = 'develop/pod-test1';

describe('seed 002 NetworkPolicy walkthrough through the Service', () => {
  it('04: before any policy, curl 10.96.80.213 answers from every backend', () => {
    const st = lab();
    expect(curl(st, POD_TEST)).toBe('ok');
    expect(curl(st, POD_TEST1)).toBe('ok');
    expect(nslookup(st, POD_TEST1)).toBe('ok');
  });

  it('05 deny-all: "curl: (28) Failed to connect to 10.96.80.213 port 80: Operation timed out"', () => {
    const st = lab(['seed002-05-deny-all']);
    expect(curl(st, POD_TEST)).toBe('timeout');
    const r = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80 });
    // the DNAT happened on node1, the backend's ingress refused it
    expect(r.hops.some((h) => h.kind === 'nat' && h.text.includes('kube-proxy DNAT 10.96.80.213:80'))).toBe(true);
    expect(policyHops(r).at(-1)!.text).toMatch(/ingress policy of develop\/pod-deployment-.*: denied: default tier: no rule matched: implicit deny$/);
    expect(curl(st, POD_TEST1)).toBe('timeout');
  });

  it('06 allow-all: curl works again', () => {
    const st = lab(['seed002-06-allow-all']);
    expect(curl(st, POD_TEST)).toBe('ok');
    expect(curl(st, POD_TEST1)).toBe('ok');
    const r = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80 });
    expect(policyHops(r).at(-1)!.text).toMatch(/allowed: knp\.default\.deny-all-ingress ingress rule 0 Allow$/);
  });

  it('08: pod-test1 curls the Service but its nslookup times out (DNS lives in kube-system)', () => {
    const st = lab(['seed002-08-same-namespace-ipblock']);
    expect(curl(st, POD_TEST1)).toBe('ok');
    expect(nslookup(st, POD_TEST1)).toBe('timeout');
    const dns = runWalk(st, { from: POD_TEST1, to: DNS, protocol: 'udp', port: 53 });
    expect(policyHops(dns)[0].text).toMatch(/egress policy of develop\/pod-test1: UDP .* → 10\.96\.0\.10:53 \(after kube-proxy DNAT 10\.96\.0\.10:53 → 10\.244\.\d+\.2:53: kube-system\/coredns-.*\): denied: default tier: no rule matched: implicit deny$/);
    // The tutorial printed a timeout for default/pod-test; its own YAML admits 10.244.5.x (ipBlock
    // 10.244.0.0/16 except 10.244.6.0/24), so the simulator lets it in.
    expect(curl(st, POD_TEST)).toBe('ok');
    // a pod on node2's block is in the except list
    expect(curl(st, 'kubernetes-dashboard/kubernetes-dashboard-6c7ccbcf87-xyz12')).toBe('timeout');
  });

  it('08 + 09: nslookup now resolves through 10.96.0.10, and curl still works', () => {
    const st = lab(['seed002-08-same-namespace-ipblock', 'seed002-09-egress-dns']);
    expect(nslookup(st, POD_TEST1)).toBe('ok');
    expect(curl(st, POD_TEST1)).toBe('ok');
    const r = runWalk(st, { from: POD_TEST1, to: DNS, protocol: 'udp', port: 53, reply: true });
    expect(policyHops(r)[0].text).toMatch(/allowed: knp\.default\.egress-controller egress rule 0 Allow$/);
    expect(r.reply!.hops.at(-1)!.packet[0]).toMatchObject({ src: DNS, dst: '10.244.5.4' });
  });

  it('DNS egress done properly: deny-all + allow-dns resolves names and blocks everything else', () => {
    const st = lab(['seed002-05-deny-all', 'seed002-dns-egress']);
    expect(nslookup(st, POD_TEST1)).toBe('ok');
    expect(curl(st, POD_TEST1)).toBe('timeout');
    const tcpDns = runWalk(st, { from: POD_TEST1, to: DNS, protocol: 'tcp', port: 53, reply: true });
    expect(tcpDns.reply?.verdict.kind).toBe('delivered');
    expect(policyHops(tcpDns)[0].text).toMatch(/allowed: knp\.default\.allow-dns egress rule 0 Allow$/);
  });

  it('10 namespaceSelector: In {develop, kube-system, logs} OR NotIn {default} refuses exactly default', () => {
    const st = lab(['seed002-10-namespace-selector']);
    // the tutorial's prose claims the reverse; its YAML refuses default and admits develop
    expect(curl(st, POD_TEST)).toBe('timeout');
    expect(curl(st, POD_TEST1)).toBe('ok');
    const r = runWalk(st, { from: POD_TEST1, to: SVC, protocol: 'tcp', port: 80 });
    expect(policyHops(r).at(-1)!.text).toMatch(/allowed: knp\.default\.ingress-controller ingress rule 0 Allow$/);
    const dash = runWalk(st, { from: 'kubernetes-dashboard/kubernetes-dashboard-6c7ccbcf87-xyz12', to: SVC, protocol: 'tcp', port: 80 });
    expect(policyHops(dash).at(-1)!.text).toMatch(/allowed: knp\.default\.ingress-controller ingress rule 1 Allow$/);
  });

  it('11 GlobalNetworkPolicy (order 0): only system namespaces get in; with 06 the later allow-all admits the rest', () => {
    const st = lab(['seed002-11-global-order']);
    expect(curl(st, POD_TEST)).toBe('timeout');
    expect(curl(st, 'kube-system/coredns-78fcd69978-xwz6p')).toBe('ok');
    const r = runWalk(st, { from: 'kube-system/coredns-78fcd69978-xwz6p', to: SVC, protocol: 'tcp', port: 80 });
    expect(policyHops(r).at(-1)!.text).toMatch(/allowed: namespaces-default ingress rule 0 Allow$/);
    // system namespaces are not selected: DNS keeps working for everyone
    expect(nslookup(st, POD_TEST)).toBe('ok');
    // order: the GNP (0) is evaluated before the Kubernetes policy (1000) in the default tier; its
    // rule does not match default/pod-test, so evaluation goes on to the allow-all
    const both = lab(['seed002-06-allow-all', 'seed002-11-global-order']);
    expect(curl(both, POD_TEST)).toBe('ok');
    const w = runWalk(both, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80 });
    expect(policyHops(w).at(-1)!.why).toContain('namespaces-default (tier default, order 0), knp.default.deny-all-ingress (tier default, order 1000)');
    expect(policyHops(w).at(-1)!.text).toMatch(/allowed: knp\.default\.deny-all-ingress ingress rule 0 Allow$/);
    // default/pod-test itself is selected by the GNP: nobody outside the system namespaces reaches it
    expect(runWalk(both, { from: POD_TEST1, to: POD_TEST, protocol: 'tcp', port: 80 }).verdict).toMatchObject({ kind: 'dropped', reason: 'policy' });
  });

  it("11 as printed (`name not in {...}`): no namespace has a `name` label, so kube-system is isolated too and DNS breaks", () => {
    const verbatim = `apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: namespaces-default
spec:
  order: 0.0
  namespaceSelector: name not in {"kube-system","kubernetes-dashboard","logs","monitoring"}
  types: ["Ingress", "Egress"]
  ingress:
  - action: Allow
    source:
      namespaceSelector: name in {"kube-system","kubernetes-dashboard","logs","monitoring"}
  egress:
  - action: Allow
`;
    const st = lab([], 'seed002-policy', [verbatim]);
    expect(nslookup(st, POD_TEST)).toBe('timeout');
    const m = clusterMatrix(st, [{ protocol: 'UDP', port: 53 }])['UDP/53'];
    expect(m[POD_TEST]['kube-system/coredns-78fcd69978-4kq8r']).toBe(false);
    expect(m['kube-system/coredns-78fcd69978-4kq8r']['kube-system/coredns-78fcd69978-xwz6p']).toBe(false);
  });
});
