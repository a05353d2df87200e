// Policy and Services inside the packet walk: the hops Felix's and kube-proxy's decisions add, through
// the tools the CLI and the app use (runWalk / pingText / tracerouteText with policyHooks by default).
import { describe, expect, it } from 'vitest';
import type { TcpHeader, UdpHeader } from '../../src/core/model/packet';
import { policyHooks, policyRuntime } from '../../src/core/policy';
import { pingText, runWalk, tracerouteText } from '../../src/core/tools';

import type { HookContext } from '../../src/core/walk';
import { coreEnglish, type Msg } from '../../src/core/msg';
import { worldOf } from '../../src/core/tools';
import { DNS, lab, natHops, policyHops, SVC } from './support';

const POD_TEST = 'default/pod-test'; // node1, 10.244.5.5
const POD_TEST1 = 'develop/pod-test1'; // node1, 10.244.5.4
const S4M69 = 'develop/pod-deployment-76dd67889b-s4m69'; // node2, 10.244.6.2
const WQNVM = 'develop/pod-deployment-76dd67889b-wqnvm'; // node1, 10.244.5.3

describe('no policy in the lab: the walk is unchanged', () => {
  const st = lab();
  it('pod → pod has no policy hop and the same hops as a walk without hooks', () => {
    const withHooks = runWalk(st, { from: POD_TEST, to: S4M69, protocol: 'tcp', port: 80, reply: true });
    const without = runWalk(st, { from: POD_TEST, to: S4M69, protocol: 'tcp', port: 80, reply: true }, { hooks: {} });
    expect(policyHops(withHooks)).toEqual([]);
    expect(withHooks.hops.map((h) => h.text)).toEqual(without.hops.map((h) => h.text));
    expect(withHooks.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod-test' });
  });

  it('a Service is still DNATed (kube-proxy runs without policies)', () => {
    const r = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    expect(natHops(r)).toHaveLength(1);
    expect(natHops(r)[0].text).toMatch(/^node1: kube-proxy DNAT 10\.96\.80\.213:80 → 10\.244\.[56]\.\d+:80 \(Service develop\/pod-deployment, endpoint \d of 3: develop\/pod-deployment-/);
  });
});

describe('05 deny-all: blocked walks name the implicit deny', () => {
  const st = lab(['seed002-05-deny-all']);

  it('default/pod-test → a develop pod: egress allowed by the profile, ingress denied by the default tier', () => {
    const r = runWalk(st, { from: POD_TEST, to: S4M69, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node2' });
    const [eg, ing] = policyHops(r);
    expect(eg.ns).toBe('node/node1');
    expect(eg.text).toMatch(/^node1: cali[0-9a-f]{11} egress policy of default\/pod-test: TCP 10\.244\.5\.5:\d+ → 10\.244\.6\.2:80: allowed: no policy selects this pod: allowed by profile kns\.default$/);
    expect(ing.ns).toBe('node/node2');
    expect(ing.text).toMatch(/ingress policy of develop\/pod-deployment-76dd67889b-s4m69: TCP 10\.244\.5\.5:\d+ → 10\.244\.6\.2:80: denied: default tier: no rule matched: implicit deny$/);
    expect(ing.why).toContain('knp.default.deny-all-ingress (tier default, order 1000)');
    expect(r.reply).toBeUndefined();
  });

  it('develop/pod-test1 cannot even leave: its egress is denied on its own host veth', () => {
    const r = runWalk(st, { from: POD_TEST1, to: POD_TEST, protocol: 'icmp' });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node1' });
    expect(policyHops(r)).toHaveLength(1);
    expect(policyHops(r)[0].text).toMatch(/egress policy of develop\/pod-test1: ICMP 10\.244\.5\.4 → 10\.244\.5\.5: denied: default tier: no rule matched: implicit deny$/);
  });

  it('ping shows 100% loss, and traceroute keeps its first hop (TTL expiry precedes the FORWARD filter)', () => {
    expect(pingText(st, POD_TEST1, POD_TEST, { count: 2 })).toContain('2 packets transmitted, 0 received, 100% packet loss');
    expect(pingText(st, POD_TEST, 'kube-system/coredns-78fcd69978-4kq8r', { count: 1 })).toContain('1 packets transmitted, 1 received, 0% packet loss');
    const tr = tracerouteText(st, POD_TEST1, 'default/pod-test');
    const lines = tr.trim().split('\n');
    // node1 answers TTL 1 with time exceeded before Felix's egress chain; later probes die at the policy
    expect(lines[1]).toMatch(/^ 1  10\.0\.0\.15 /);
    expect(lines[2]).toBe(' 2  * * *');
  });
});

describe('rules that decide are named in the hop', () => {
  it('08: ingress allowed by the ipBlock rule (Kubernetes rule index), egress by the same-namespace rule', () => {
    const st = lab(['seed002-08-same-namespace-ipblock']);
    const r = runWalk(st, { from: POD_TEST1, to: S4M69, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    const texts = policyHops(r).map((h) => h.text);
    expect(texts[0]).toMatch(/egress policy of develop\/pod-test1: .*: allowed: knp\.default\.deny-all-ingress egress rule 0 Allow$/);
    expect(texts[1]).toMatch(/ingress policy of develop\/pod-deployment-76dd67889b-s4m69: .*: allowed: knp\.default\.deny-all-ingress ingress rule 0 Allow$/);
    expect(policyHops(r)[1].why).toContain('Allow TCP from nets 10.244.0.0/16 notNets 10.244.6.0/24 to ports 80');
    // the same rule on port 81 matches nothing
    const r81 = runWalk(st, { from: POD_TEST1, to: S4M69, protocol: 'tcp', port: 81 });
    expect(r81.verdict).toMatchObject({ kind: 'dropped', reason: 'policy' });
    expect(policyHops(r81)[1].text).toMatch(/denied: default tier: no rule matched: implicit deny$/);
  });

  it('a Calico Deny rule in a tier before the default tier decides, with its policy and index', () => {
    const deny = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.block-test}
spec:
  tier: security
  order: 10
  selector: app == 'pod-deployment'
  types: [Ingress]
  ingress:
  - action: Log
  - action: Deny
    protocol: TCP
    source: {selector: run == 'pod-test'}
    destination: {ports: [80]}
  - action: Pass
`;
    const st = lab(['seed002-06-allow-all'], 'seed002-policy', [deny]);
    const r = runWalk(st, { from: POD_TEST, to: S4M69, protocol: 'tcp', port: 80 });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node2' });
    expect(policyHops(r)[1].text).toMatch(/denied: security\.block-test ingress rule 1 Deny$/);
    // pod-test1 is not matched by the Deny: Pass → default tier → the allow-all of 06
    const ok = runWalk(st, { from: POD_TEST1, to: S4M69, protocol: 'tcp', port: 80 });
    expect(ok.verdict.kind).toBe('delivered');
    expect(policyHops(ok)[1].text).toMatch(/allowed: knp\.default\.deny-all-ingress ingress rule 0 Allow$/);
  });
});

describe('Services: kube-proxy DNAT on the source node, before policy', () => {
  it('policy judges the chosen pod, not the clusterIP; the hop shows the rewrite; the reply is un-DNATed', () => {
    const st = lab(['seed002-08-same-namespace-ipblock']);
    const r = runWalk(st, { from: POD_TEST1, to: SVC, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    const nat = natHops(r)[0];
    expect(nat.ns).toBe('node/node1');
    const m = /DNAT 10\.96\.80\.213:80 → (10\.244\.\d+\.\d+):80/.exec(nat.text)!;
    const podIp = m[1];
    expect(r.hops[r.hops.length - 1].packet[0]).toMatchObject({ dst: podIp });
    const [eg, ing] = policyHops(r);
    expect(eg.text).toContain(`(after kube-proxy DNAT 10.96.80.213:80 → ${podIp}:80: develop/pod-deployment-`);
    expect(eg.why).toContain('policy sees the chosen pod, not the Service address');
    expect(ing.text).toContain(`→ ${podIp}:80: allowed: knp.default.deny-all-ingress ingress rule 0 Allow`);
    // the SYN-ACK comes back from the Service address and port
    const reply = r.reply!;
    expect(reply.verdict).toEqual({ kind: 'delivered', at: 'pod/develop/pod-test1' });
    expect(natHops(reply)[0].text).toBe(`node1: conntrack reverses DNAT: source ${podIp} → 10.96.80.213`);
    const last = reply.hops[reply.hops.length - 1].packet;
    expect(last[0]).toMatchObject({ src: SVC, dst: '10.244.5.4' });
    expect((last[1] as TcpHeader).srcPort).toBe(80);
    expect((last[1] as TcpHeader).flags).toMatchObject({ syn: true, ack: true });
  });

  it('the endpoint choice is deterministic, spreads over source ports, and matches chooseEndpoint', () => {
    const st = lab();
    const a = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80 });
    const b = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 80 });
    expect(natHops(a)[0].text).toBe(natHops(b)[0].text);
    const rt = policyRuntime(st);
    const entry = rt.servicePorts.get(`${SVC}/TCP/80`)!;
    expect(entry.endpoints.map((e) => e.pod)).toEqual([WQNVM, S4M69, 'develop/pod-deployment-76dd67889b-7gzhf']);
    const seen = new Set<string>();
    for (let port = 40000; port < 40030; port++) {
      const hooks = policyHooks(st);
      const v = hooks.dnat!(ctxFor(st, 'node/node1', '10.244.5.5', SVC, port, 80));
      seen.add(v!.dnat!.ip);
    }
    expect([...seen].sort()).toEqual(['10.244.5.3', '10.244.6.2', '10.244.6.3']);
  });

  it('kube-dns 10.96.0.10:53: UDP DNATed to a CoreDNS pod and answered from 10.96.0.10:53', () => {
    const st = lab();
    const r = runWalk(st, { from: POD_TEST1, to: DNS, protocol: 'udp', port: 53, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    expect(r.verdict.kind === 'delivered' && r.verdict.at).toMatch(/^pod\/kube-system\/coredns-/);
    expect(natHops(r)[0].text).toMatch(/kube-proxy DNAT 10\.96\.0\.10:53 → 10\.244\.\d+\.2:53 \(Service kube-system\/kube-dns, endpoint \d of 2/);
    const back = r.reply!.hops[r.reply!.hops.length - 1].packet;
    expect(back[0]).toMatchObject({ src: DNS });
    expect((back[1] as UdpHeader).srcPort).toBe(53);
  });

  it('a Service port nobody backs is REJECTed in filter FORWARD (port unreachable, connection refused); a port the Service lacks is not DNATed', () => {
    const svc = `apiVersion: v1
kind: Service
metadata: {name: empty, namespace: develop}
spec:
  clusterIP: 10.96.0.99
  selector: {app: nothing}
  ports: [{port: 80}]
`;
    const st = lab([], 'seed002-policy', [svc]);
    const r = runWalk(st, { from: POD_TEST, to: '10.96.0.99', protocol: 'tcp', port: 80 });
    // kube-proxy writes no nat rule for it: nothing is DNATed
    expect(natHops(r)).toEqual([]);
    // the REJECT is in filter KUBE-SERVICES, reached from FORWARD, i.e. after node1 routed the packet;
    // icmp_send's source: the route back to 10.244.5.5 leaves by a cali veth without an address, so
    // inet_select_addr takes node1's first global address in ifindex order, ens33's 10.0.0.15
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: 'node/node1', icmpFrom: '10.0.0.15' });
    expect(r.verdict.kind === 'dropped' && r.verdict.message).toBe('connect: Connection refused (ICMP port unreachable from 10.0.0.15)');
    const kinds = r.hops.map((h) => h.kind);
    expect(kinds.slice(-4)).toEqual(['route', 'policy', 'icmp', 'drop']);
    expect(r.hops[r.hops.length - 3].text).toBe('node1: Service develop/empty has no endpoints: kube-proxy REJECTs 10.96.0.99:80/TCP (filter FORWARD → KUBE-SERVICES)');
    expect(r.hops[r.hops.length - 3].why).toContain('-j REJECT --reject-with icmp-port-unreachable');
    expect(r.hops.some((h) => h.text.includes('PREROUTING'))).toBe(false);
    const other = runWalk(st, { from: POD_TEST, to: SVC, protocol: 'tcp', port: 8080 });
    expect(natHops(other).some((h) => h.text.includes('kube-proxy'))).toBe(false);
    expect(other.hops[other.hops.length - 1].packet[0]).toMatchObject({ dst: SVC });
  });

  it('a named targetPort resolves per pod on the container port of that name and protocol', () => {
    const extra = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: develop, labels: {app: web}}
spec:
  nodeName: node2
  containers: [{name: web, ports: [{name: http, containerPort: 8080}, {name: http-udp, containerPort: 9999, protocol: UDP}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: develop}
spec:
  clusterIP: 10.96.0.80
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;
    const st = lab(['seed002-07-same-namespace'], 'seed002-policy', [extra]);
    const r = runWalk(st, { from: POD_TEST1, to: '10.96.0.80', protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict).toEqual({ kind: 'delivered', at: 'pod/develop/web' });
    expect(natHops(r)[0].text).toMatch(/DNAT 10\.96\.0\.80:80 → 10\.244\.6\.\d+:8080 \(Service develop\/web, endpoint 1 of 1: develop\/web\)/);
    expect(natHops(r)[0].why).toContain('targetPort "http" = 8080 on that pod');
    expect((r.hops[r.hops.length - 1].packet[1] as TcpHeader).dstPort).toBe(8080);
    // same-namespace policy: default/pod-test is refused at web's ingress, after the DNAT
    const denied = runWalk(st, { from: POD_TEST, to: '10.96.0.80', protocol: 'tcp', port: 80 });
    expect(denied.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node2' });
    expect(policyHops(denied)[1].text).toMatch(/ingress policy of develop\/web: TCP 10\.244\.5\.5:\d+ → 10\.244\.6\.\d+:8080: denied/);
  });

  it('client and endpoint on the same node: DNAT on the way in, un-DNAT of the reply on the same node', () => {
    const extra = `apiVersion: v1
kind: Service
metadata: {name: test, namespace: default}
spec:
  clusterIP: 10.96.0.55
  selector: {run: pod-test}
  ports: [{port: 8000, targetPort: 80}]
`;
    const st = lab(['seed002-05-deny-all'], 'seed002-policy', [extra]);
    // develop/pod-test1 may not send (deny-all egress); kube-system's CoreDNS on node1 may
    const denied = runWalk(st, { from: POD_TEST1, to: '10.96.0.55', protocol: 'tcp', port: 8000 });
    expect(denied.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node1' });
    expect(policyHops(denied)[0].text).toContain('(after kube-proxy DNAT 10.96.0.55:8000 → 10.244.5.5:80: default/pod-test): denied');
    const r = runWalk(st, { from: 'kube-system/coredns-78fcd69978-xwz6p', to: '10.96.0.55', protocol: 'tcp', port: 8000, reply: true });
    expect(r.verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod-test' });
    expect(r.hops.filter((h) => h.kind === 'wire').every((h) => h.wire!.medium === 'veth')).toBe(true);
    const back = r.reply!;
    expect(natHops(back).map((h) => h.text)).toEqual(['node1: conntrack reverses DNAT: source 10.244.5.5 → 10.96.0.55']);
    expect(back.hops.at(-1)!.packet[0]).toMatchObject({ src: '10.96.0.55', dst: '10.244.5.2' });
    expect((back.hops.at(-1)!.packet[1] as TcpHeader).srcPort).toBe(8000);
  });

  it('a pod reaching itself through its Service (hairpin) leaves by its veth, so its own policy applies', () => {
    const extra = `apiVersion: v1
kind: Service
metadata: {name: self, namespace: develop}
spec:
  clusterIP: 10.96.0.77
  selector: {run: pod-test1}
  ports: [{port: 80}]
`;
    // deny-all isolates develop pods both ways: pod-test1's own egress refuses the hairpin connection
    const st = lab(['seed002-05-deny-all'], 'seed002-policy', [extra]);
    const r = runWalk(st, { from: POD_TEST1, to: '10.96.0.77', protocol: 'tcp', port: 80 });
    expect(r.verdict).toMatchObject({ kind: 'dropped', reason: 'policy', at: 'node/node1' });
    const texts = policyHops(r).map((h) => h.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/egress policy of develop\/pod-test1: TCP 10\.244\.5\.4:\d+ → 10\.96\.0\.77:80 \(after kube-proxy DNAT 10\.96\.0\.77:80 → 10\.244\.5\.4:80: develop\/pod-test1\): denied/);
    expect(texts[0]).not.toContain('policy is not applied');
  });
});

describe('connection tracking: replies of allowed connections pass', () => {
  const st = lab(['seed002-10-namespace-selector']);

  it('the reply is walked without a policy hop, though no rule would allow develop → default as a new connection', () => {
    // ingress-controller isolates develop pods for ingress only; their replies leave freely anyway
    const r = runWalk(st, { from: POD_TEST1, to: S4M69, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    expect(r.reply!.verdict.kind).toBe('delivered');
    expect(policyHops(r.reply!)).toEqual([]);
  });

  it('a reply shown to the hooks (an asymmetric path) is judged as part of its connection, through the Service', () => {
    const deny = lab(['seed002-05-deny-all']);
    const hooks = policyHooks(deny);
    // SYN-ACK of develop/s4m69 → default/pod-test: the original (pod-test → s4m69) was denied at ingress
    const synack = ctxFor(deny, 'node/node2', '10.244.6.2', '10.244.5.5', 80, 40000, { ack: true, syn: true }, 'pod/develop/pod-deployment-76dd67889b-s4m69');
    const v = hooks.hostVethIngress!(synack)!;
    expect(v.action).toBe('drop');
    expect(coreEnglish(v.text as Msg)).toContain('no allowed connection to reply to');
    // with 06 (allow all) the same reply is accepted as ESTABLISHED, without re-judging
    const allow = lab(['seed002-06-allow-all']);
    const ok = policyHooks(allow).hostVethIngress!(ctxFor(allow, 'node/node2', '10.244.6.2', '10.244.5.5', 80, 40000, { ack: true, syn: true }, 'pod/develop/pod-deployment-76dd67889b-s4m69'))!;
    expect(ok.action).toBe('accept');
    expect(coreEnglish(ok.text as Msg)).toContain('reply of an allowed connection (conntrack ESTABLISHED)');
    // the client's side of a Service connection: source is the clusterIP again (un-DNATed)
    const atClient = policyHooks(allow).hostVethEgress!(ctxFor(allow, 'node/node1', SVC, '10.244.5.5', 80, 40000, { ack: true, syn: true }, 'pod/default/pod-test'))!;
    expect(atClient.action).toBe('accept');
  });
});

describe('Flannel stores policies but does not enforce them', () => {
  it('deny-all in default: the walk is delivered and the hops say why', () => {
    const denyDefault = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
    const st = lab([], 'seed002-flannel-vxlan', [denyDefault]);
    expect(policyRuntime(st).compiled.enforced).toBe(false);
    const pods = st.pods.filter((p) => p.namespace === 'default');
    const r = runWalk(st, { from: `default/${pods[0].name}`, to: `default/${pods[pods.length - 1].name}`, protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    const hops = policyHops(r);
    expect(hops.length).toBeGreaterThan(0);
    for (const h of hops) expect(h.text).toMatch(/: Flannel does not enforce NetworkPolicy$/);
    expect(hops[0].why).toContain('Flannel has no policy agent');
    expect(r.reply!.verdict.kind).toBe('delivered');
  });
});

/** A hook context for a TCP packet in a namespace (for asking the hooks directly). */
function ctxFor(
  st: ReturnType<typeof lab>,
  nsId: string,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  flags: TcpHeader['flags'] = { syn: true },
  pod?: string,
): HookContext {
  const ip = { type: 'ipv4' as const, tos: 0, totalLength: 60, id: 1, df: true, mf: false, fragOffset: 0, ttl: 64, protocol: 6, src, dst };
  const tcp: TcpHeader = { type: 'tcp', srcPort: sport, dstPort: dport, seq: 1, ack: 0, flags, window: 64240, options: {} };
  const ns = st.netns[nsId];
  return { world: worldOf(st), ns, point: pod ? 'host-veth-ingress' : 'prerouting', dev: pod ? 'cali0' : 'ens33', ...(pod ? { pod } : {}), packet: [ip, tcp], ip };
}


