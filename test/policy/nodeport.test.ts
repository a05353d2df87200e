// NodePort, LoadBalancer, externalTrafficPolicy and sessionAffinity as kube-proxy (iptables mode)
// writes them (pkg/proxy/iptables/proxier.go, 1.28) and the kernel runs them. Expected values come from
// those rules and from the scenario, not from the walk:
// - seed 002's Calico cluster: master1 10.0.0.12, node1 10.0.0.15, node2 10.0.0.16, the outside
//   gateway 10.0.0.2; the pod-test Deployment's pods: one on node1 (…-zn5hp), two on node2.
// - KUBE-SERVICES' last rule sends --dst-type LOCAL to KUBE-NODEPORTS → KUBE-EXT-<h>. Cluster: KUBE-EXT
//   marks for masquerade ("masquerade traffic for … external destinations"); KUBE-POSTROUTING then
//   MASQUERADEs with inet_select_addr(out dev): towards a pod on another node the out dev is tunl0
//   (IPIP), whose address is the node's tunnel address. Local: KUBE-SVL (this node's endpoints), no
//   mark, so the pod sees the client's own address; a node without a local endpoint has no KUBE-SVL and
//   filter KUBE-EXTERNAL-SERVICES DROPs ("has no local endpoints"): no answer at all.
// - KUBE-SVC/SVL/EXT share one name hash: base32(sha256("default/web" + "tcp"))[:16].
import { describe, expect, it } from 'vitest';
import type { IPv4Header } from '../../src/core/model/packet';
import { base32, sha256 } from '../../src/core/hash/sha256';
import { policyRuntime } from '../../src/core/policy/cluster';
import { kubeProxyChoice } from '../../src/core/policy/kubeproxy';
import { kubeProxyFilterSave, kubeProxyNatSave } from '../../src/core/policy/iptablesSave';
import { runWalk } from '../../src/core/tools';
import { loadLab } from '../../src/core/session/load';
import { joinDocs, natHops, read, PRESETS } from './support';
import { join } from 'node:path';

const SERVICES = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.80
  selector: {app: pod-test}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-local, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.81
  externalTrafficPolicy: Local
  selector: {app: pod-test}
  ports: [{port: 80, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.82
  selector: {app: pod-test}
  sessionAffinity: ClientIP
  ports: [{port: 80}]
status:
  loadBalancer:
    ingress: [{ip: 203.0.113.10}]
`;

function state(extra = SERVICES) {
  const r = loadLab(joinDocs(read(join(PRESETS, 'seed002-calico-ipip.yaml')), extra), 'np.yaml');
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.state!;
}
const st = state();
const GW = '10.0.0.2';
const ipAt = (h: { packet: unknown[] }) => h.packet[0] as IPv4Header;
const hash = (s: string) => base32(sha256(s)).slice(0, 16);
const node1Pod = st.pods.find((p) => p.node === 'node1' && p.labels.app === 'pod-test')!;
const tunnelOf = (n: string) => {
  const x = st.nodes.find((y) => y.name === n)!;
  return (x.ipipTunnelAddr ?? x.vxlanTunnelAddr)!;
};

describe('NodePort from outside the cluster', () => {
  it('externalTrafficPolicy Cluster: any node answers; the pod sees the SNAT address, never the client', () => {
    for (const node of ['10.0.0.12', '10.0.0.15', '10.0.0.16']) {
      const r = runWalk(st, { from: GW, to: node, protocol: 'tcp', port: 30080, reply: true });
      expect(r.verdict.kind).toBe('delivered');
      expect(r.reply?.verdict.kind).toBe('delivered');
      const dnat = natHops(r)[0];
      expect(dnat.text).toContain(`kube-proxy DNAT ${node}:30080 → `);
      expect(dnat.text).toContain('KUBE-MARK-MASQ (externalTrafficPolicy Cluster)');
      const deliver = r.hops[r.hops.length - 1];
      expect(ipAt(deliver).src).not.toBe(GW);
      // the reply reaches the client from the address it dialled
      const back = r.reply!.hops[r.reply!.hops.length - 1];
      expect(ipAt(back).src).toBe(node);
      expect(ipAt(back).dst).toBe(GW);
    }
  });

  it('Cluster, endpoint on another node: MASQUERADE picks the tunl0 address (the IPIP route to it)', () => {
    const r = runWalk(st, { from: GW, to: '10.0.0.12', protocol: 'tcp', port: 30080 });
    const masq = natHops(r)[1];
    expect(masq.text).toBe(`master1: KUBE-POSTROUTING MASQUERADE ${GW} → ${tunnelOf('master1')} (kubernetes service traffic requiring SNAT)`);
  });

  it('Local on a node with an endpoint: that pod, and it sees the client 10.0.0.2', () => {
    const r = runWalk(st, { from: GW, to: '10.0.0.15', protocol: 'tcp', port: 30081, reply: true });
    expect(r.verdict.kind === 'delivered' && r.verdict.at).toBe(`pod/${node1Pod.namespace}/${node1Pod.name}`);
    expect(ipAt(r.hops[r.hops.length - 1]).src).toBe(GW);
    expect(natHops(r)).toHaveLength(1);
    expect(natHops(r)[0].text).toContain('local endpoint 1 of 1');
    expect(ipAt(r.reply!.hops[r.reply!.hops.length - 1]).src).toBe('10.0.0.15');
  });

  it('Local on a node without an endpoint: dropped there, silently (a timeout, not a refusal)', () => {
    const r = runWalk(st, { from: GW, to: '10.0.0.12', protocol: 'tcp', port: 30081, reply: true });
    expect(r.verdict.kind).toBe('dropped');
    expect(r.verdict.kind === 'dropped' && r.verdict.at).toBe('node/master1');
    expect(r.hops.some((h) => h.kind === 'icmp' || h.text.includes('unreachable'))).toBe(false);
    expect(r.hops.some((h) => h.text.includes('has no local endpoints (externalTrafficPolicy Local)'))).toBe(true);
  });

  it('no endpoints at all: REJECT, port unreachable from the node', () => {
    const empty = state(`apiVersion: v1
kind: Service
metadata: {name: none, namespace: default}
spec: {type: NodePort, clusterIP: 10.96.0.90, selector: {app: nothing}, ports: [{port: 80, nodePort: 30090}]}
`);
    const r = runWalk(empty, { from: GW, to: '10.0.0.16', protocol: 'tcp', port: 30090 });
    expect(r.verdict.kind).toBe('dropped');
    expect(r.hops.some((h) => h.text.includes('KUBE-EXTERNAL-SERVICES'))).toBe(true);
    expect(r.verdict.kind === 'dropped' && r.verdict.message).toContain('Connection refused');
  });

  it('a port no Service has is left alone (delivered to the node itself)', () => {
    const r = runWalk(st, { from: GW, to: '10.0.0.15', protocol: 'tcp', port: 30999 });
    expect(r.verdict.kind === 'delivered' && r.verdict.at).toBe('node/node1');
    expect(natHops(r)).toHaveLength(0);
  });
});

describe('LoadBalancer: the modelled load balancer on the outside gateway', () => {
  it('203.0.113.10:80 → a node on the allocated nodePort (30000: the lowest free one), then KUBE-NODEPORTS', () => {
    const r = runWalk(st, { from: GW, to: '203.0.113.10', protocol: 'tcp', port: 80, reply: true });
    expect(r.verdict.kind).toBe('delivered');
    const [lb, dnat] = natHops(r);
    expect(lb.text).toMatch(/^lan-gateway: load balancer 203\.0\.113\.10:80 → 10\.0\.0\.1[2356]:30000 \(Service default\/sticky, node \d of 4: /);
    expect(dnat.text).toContain('(NodePort of Service default/sticky');
    const back = r.reply!.hops[r.reply!.hops.length - 1];
    expect(ipAt(back).src).toBe('203.0.113.10');
  });
  it('a pod reaching the load-balancer IP is caught by its own node (KUBE-SERVICES "loadbalancer IP")', () => {
    const r = runWalk(st, { from: 'default/pod-client', to: '203.0.113.10', protocol: 'tcp', port: 80 });
    expect(natHops(r)[0].text).toMatch(/^node2: kube-proxy DNAT 203\.0\.113\.10:80 → /);
    expect(r.hops.some((h) => h.text.startsWith('lan-gateway'))).toBe(false);
  });
});

describe('sessionAffinity ClientIP', () => {
  const rt = policyRuntime(st);
  const choices = (dstIp: string, srcIp: string) =>
    Array.from({ length: 24 }, (_, i) => kubeProxyChoice(rt, { srcIp, srcPort: 40000 + i, dstIp, dstPort: 80, protocol: 'TCP' })!.endpoint!.ip);
  it('one client, one endpoint, whatever its source port; without affinity the ports spread', () => {
    expect(new Set(choices('10.96.0.82', '10.244.6.2')).size).toBe(1);
    expect(new Set(choices('10.96.0.80', '10.244.6.2')).size).toBeGreaterThan(1);
  });
});

describe('iptables-save -t nat: the NodePort, external and affinity chains', () => {
  const h = hash('default/webtcp');
  const hl = hash('default/web-localtcp');
  const hs = hash('default/stickytcp');
  const onNode1 = kubeProxyNatSave(st, 'node1');
  const onMaster1 = kubeProxyNatSave(st, 'master1');
  it('KUBE-NODEPORTS → KUBE-EXT; Cluster marks then jumps to KUBE-SVC', () => {
    expect(onNode1).toContain(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 30080 -j KUBE-EXT-${h}\n`);
    expect(onNode1).toContain(`-A KUBE-EXT-${h} -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ\n-A KUBE-EXT-${h} -j KUBE-SVC-${h}\n`);
    expect(onNode1).toContain(`:KUBE-EXT-${h} - [0:0]`);
  });
  it('Local: LOCAL-source rules, then KUBE-SVL with this node\'s endpoints only; none on master1', () => {
    expect(onNode1).toContain(
      `-A KUBE-EXT-${hl} -m comment --comment "masquerade LOCAL traffic for default/web-local external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ\n` +
        `-A KUBE-EXT-${hl} -m comment --comment "route LOCAL traffic for default/web-local external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${hl}\n` +
        `-A KUBE-EXT-${hl} -j KUBE-SVL-${hl}\n`,
    );
    const svl = onNode1.split('\n').filter((l) => l.startsWith(`-A KUBE-SVL-${hl}`));
    expect(svl).toEqual([`-A KUBE-SVL-${hl} -m comment --comment "default/web-local -> ${node1Pod.ip}:80" -j KUBE-SEP-${hash(`default/web-localtcp${node1Pod.ip}:80`)}`]);
    expect(onMaster1).not.toContain(`KUBE-SVL-${hl}`);
    expect(onMaster1).not.toContain(`-A KUBE-EXT-${hl} -j`);
  });
  it('the load-balancer IP goes to KUBE-EXT; affinity: recent --rcheck per endpoint first, recent --set in the SEP', () => {
    expect(onNode1).toContain(`-A KUBE-SERVICES -d 203.0.113.10/32 -p tcp -m comment --comment "default/sticky loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-${hs}\n`);
    const svc = onNode1.split('\n').filter((l) => l.startsWith(`-A KUBE-SVC-${hs}`));
    expect(svc).toHaveLength(6);
    const sep = `KUBE-SEP-${hash(`default/stickytcp${node1Pod.ip}:80`)}`;
    expect(svc[0]).toBe(`-A KUBE-SVC-${hs} -m comment --comment "default/sticky -> ${node1Pod.ip}:80" -m recent --rcheck --seconds 10800 --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`);
    expect(svc[3]).toContain('--probability 0.33333333349');
    expect(onNode1).toContain(`-A ${sep} -p tcp -m comment --comment "default/sticky" -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination ${node1Pod.ip}:80\n`);
  });
});

describe('iptables-save -t filter: what kube-proxy refuses or drops', () => {
  it('Local without a local endpoint: DROP on master1 only, with the nodePort and --dst-type LOCAL', () => {
    const line = '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web-local has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30081 -j DROP';
    expect(kubeProxyFilterSave(st, 'master1')).toContain(line + '\n');
    expect(kubeProxyFilterSave(st, 'node1')).not.toContain('web-local');
    expect(kubeProxyFilterSave(st, 'master1')).toContain('-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n');
  });
});

describe('the API server refuses what it would refuse', () => {
  const bad = (svc: string) => loadLab(joinDocs(read(join(PRESETS, 'seed002-calico-ipip.yaml')), svc), 'bad.yaml').errors.map((e) => e.message);
  it('nodePort out of range, on a ClusterIP Service, twice; headless NodePort', () => {
    expect(bad(`apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 80}]}\n`).join()).toContain(
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(bad(`apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\nspec: {ports: [{port: 80, nodePort: 30001}]}\n`).join()).toContain("Forbidden: may not be used when `type` is 'ClusterIP'");
    expect(
      bad(`apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30001}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: default}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30001}]}\n`).join(),
    ).toContain('provided port is already allocated');
    expect(bad(`apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: default}\nspec: {type: NodePort, clusterIP: None, ports: [{port: 80}]}\n`).join()).toContain(`may not be set to 'None' for NodePort services`);
  });
});
