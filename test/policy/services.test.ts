// Services as kube-proxy (iptables mode) and the kernel treat them where the plain DNAT is not the whole
// story: ICMP to a clusterIP, hairpin, a Service without endpoints, and a reply that cannot come back
// without natOutgoing. Expected values are written from the rules and the kernel, not read off the walk:
// - kube-proxy's nat and filter KUBE-SERVICES rules carry "-p tcp|udp|sctp ... --dport": ICMP never
//   matches, so a ping to a clusterIP is routed as addressed (node1's default route, to lan-gateway)
//   and nothing anywhere owns 10.96.x.y: no reply, no ICMP error.
// - KUBE-SEP-*: "-s <endpoint>/32 -j KUBE-MARK-MASQ" then DNAT; KUBE-POSTROUTING MASQUERADEs marked
//   packets; the source is inet_select_addr(out dev): a cali veth has no address, so the node's first
//   global address in ifindex order (ens33, 10.0.0.15 on node1); Flannel's cni0 has 10.244.1.1/24.
// - no endpoints: filter KUBE-SERVICES "-j REJECT --reject-with icmp-port-unreachable" from FORWARD /
//   OUTPUT (NEW): TCP connect() gets ECONNREFUSED; a forwarded packet's error comes from the node.
// - natOutgoing false: the request leaves with the pod's address, the outside has no route to it, the
//   echo reply is lost: ping prints 100% packet loss, no local socket error.
import { describe, expect, it } from 'vitest';
import type { IPv4Header, TcpHeader } from '../../src/core/model/packet';
import { explainText, parseProbe } from '../../src/core/policy';
import { pingText, runWalk } from '../../src/core/tools';
import { lab, natHops, policyHops, read, PRESETS, SVC } from './support';
import { loadLab } from '../../src/core/session/load';
import { join } from 'node:path';

const POD_TEST = 'default/pod-test'; // node1, 10.244.5.5
const POD_TEST1 = 'develop/pod-test1'; // node1, 10.244.5.4

const SELF_SVC = `apiVersion: v1
kind: Service
metadata: {name: self, namespace: develop}
spec:
  clusterIP: 10.96.0.77
  selector: {run: pod-test1}
  ports: [{port: 80}]
`;
const EMPTY_SVC = `apiVersion: v1
kind: Service
metadata: {name: empty, namespace: develop}
spec:
  clusterIP: 10.96.0.99
  selector: {app: nothing}
  ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]
`;

const ipAt = (h: { packet: unknown[] }) => h.packet[0] as IPv4Header;

describe('ICMP to a clusterIP: no rule matches, nothing answers', () => {
  it('ping to a Service with endpoints: 100% packet loss, no echo reply', () => {
    const out = pingText(lab(), POD_TEST, SVC, { count: 2 });
    expect(out).not.toContain('bytes from');
    expect(out).toContain('2 packets transmitted, 0 received, 100% packet loss');
  });

  it('the echo request is not DNATed, leaves by the default route and dies at the gateway, not "outside"', () => {
    const r = runWalk(lab(), { from: POD_TEST, to: SVC });
    expect(r.hops.some((h) => h.text.includes('kube-proxy'))).toBe(false);
    expect(r.verdict).toMatchObject({ kind: 'dropped', at: 'router/lan-gateway' });
    expect(r.verdict.kind === 'dropped' && r.verdict.icmpFrom).toBeFalsy();
    expect(r.hops.some((h) => h.kind === 'deliver')).toBe(false);
    expect(ipAt(r.hops[r.hops.length - 1]).dst).toBe(SVC);
  });

  it('ping to a Service without endpoints is lost the same way (the REJECT is for its TCP/UDP ports only)', () => {
    const out = pingText(lab([], 'seed002-policy', [EMPTY_SVC]), POD_TEST, '10.96.0.99', { count: 1 });
    expect(out).toContain('1 packets transmitted, 0 received, 100% packet loss');
  });
});

describe('a Service without endpoints: REJECT in filter, the client is refused at once', () => {
  const st = lab([], 'seed002-policy', [EMPTY_SVC]);

  it('UDP from a pod: ICMP port unreachable from its node', () => {
    const r = runWalk(st, { from: POD_TEST, to: '10.96.0.99', protocol: 'udp', port: 53 });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: 'node/node1', icmpFrom: '10.0.0.15' });
    expect(r.verdict.kind === 'dropped' && r.verdict.message).toBe('ICMP destination port unreachable from 10.0.0.15');
  });

  it('TCP from the node itself: filter OUTPUT rejects, connect() reports Connection refused', () => {
    const r = runWalk(st, { from: 'node1', to: '10.96.0.99', protocol: 'tcp', port: 80 });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: 'node/node1', message: 'connect: Connection refused' });
    expect(r.hops.some((h) => h.text.includes('filter OUTPUT → KUBE-SERVICES'))).toBe(true);
  });
});

describe('hairpin: a pod through its own Service', () => {
  it('Calico: DNAT to itself, KUBE-POSTROUTING SNAT to node1 10.0.0.15 as its own hop, back through the same veth; the reply is VIP → pod', () => {
    const r = runWalk(lab([], 'seed002-policy', [SELF_SVC]), { from: POD_TEST1, to: '10.96.0.77', protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict).toEqual({ kind: 'delivered', at: 'pod/develop/pod-test1' });
    const nat = natHops(r);
    expect(nat).toHaveLength(2);
    expect(nat[0].text).toContain('kube-proxy DNAT 10.96.0.77:80 → 10.244.5.4:80');
    expect(nat[0].text).toContain('KUBE-MARK-MASQ');
    expect(nat[1].text).toBe('node1: KUBE-POSTROUTING MASQUERADE 10.244.5.4 → 10.0.0.15 (kubernetes service traffic requiring SNAT)');
    // the DNAT and the SNAT are on node1, and the packet reaches the pod from the outside of its veth, not lo
    const last = r.hops[r.hops.length - 1];
    expect(last.dev).toBe('eth0');
    expect(ipAt(last)).toMatchObject({ src: '10.0.0.15', dst: '10.244.5.4' });
    const reply = r.reply!;
    expect(reply.verdict).toEqual({ kind: 'delivered', at: 'pod/develop/pod-test1' });
    const rl = reply.hops[reply.hops.length - 1];
    expect(rl.dev).toBe('eth0');
    expect(ipAt(rl)).toMatchObject({ src: '10.96.0.77', dst: '10.244.5.4' });
    expect((rl.packet[1] as TcpHeader).srcPort).toBe(80);
  });

  it('Calico with policy: the ingress policy sees the pod as its own client (FORWARD runs before the SNAT)', () => {
    const r = runWalk(lab(['seed002-07-same-namespace'], 'seed002-policy', [SELF_SVC]), { from: POD_TEST1, to: '10.96.0.77', protocol: 'tcp', port: 80 });
    expect(r.verdict.kind).toBe('delivered');
    const ingress = policyHops(r).find((h) => h.text.includes('ingress policy of develop/pod-test1'));
    expect(ingress?.text).toMatch(/TCP 10\.244\.5\.4:\d+ → 10\.244\.5\.4:80: allowed/);
  });

  it('Flannel: the SNAT source is cni0\'s address', () => {
    const svc = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.5.5
  selector: {app: pod-test}
  ports: [{port: 80}]
`;
    const text = read(join(PRESETS, 'seed002-flannel-vxlan.yaml')) + '---\n' + svc;
    const st = loadLab(text, 'flannel.yaml').state!;
    const r = runWalk(st, { from: 'default/pod-test', to: '10.96.5.5', protocol: 'tcp', port: 80, reply: true });
    expect(natHops(r)[1].text).toBe('node1: KUBE-POSTROUTING MASQUERADE 10.244.1.56 → 10.244.1.1 (kubernetes service traffic requiring SNAT)');
    expect(ipAt(r.reply!.hops[r.reply!.hops.length - 1])).toMatchObject({ src: '10.96.5.5', dst: '10.244.1.56' });
  });

  it('explain does not call it loopback', () => {
    const out = explainText(lab(['seed002-05-deny-all'], 'seed002-policy', [SELF_SVC]), POD_TEST1, '10.96.0.77', parseProbe('TCP/80')!);
    expect(out).not.toContain('loopback');
    expect(out).toContain('hairpin');
    expect(out).toContain('DENIED');
  });
});

describe('natOutgoing false: the reply is lost, not a local socket error', () => {
  const text = read(join(PRESETS, 'seed002-policy.yaml')).replace('natOutgoing: true', 'natOutgoing: false');
  const st = loadLab(text, 'nonat.yaml').state!;

  it('ping to an outside address: 100% loss', () => {
    const out = pingText(st, POD_TEST, '8.8.8.8', { count: 1 });
    expect(out).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(out).not.toContain('unreachable');
  });

  it('the request leaves with the pod address; the reply has no way back', () => {
    const r = runWalk(st, { from: POD_TEST, to: '8.8.8.8', protocol: 'tcp', port: 443, reply: true });
    expect(natHops(r)).toEqual([]);
    expect(r.reply!.verdict).toMatchObject({ kind: 'dropped', message: 'reply lost: lan-gateway has no route back to 10.244.5.5' });
    const all = [...r.hops, ...r.reply!.hops].map((h) => h.text).join('\n');
    expect(all).not.toContain('Network is unreachable');
  });
});
