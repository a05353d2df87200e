// scenarioToYaml: the Scenario as a multi-document file that parseScenario reads back to an equal
// Scenario (refs aside: they say where things were in the original file). Defaults are written out so
// the export is explicit. What the parser derives is not written twice: pods made by a Deployment
// (the Deployment is written), the default IP pool and the implicit namespaces (derived again), the
// flannel ConfigMap (its net-conf is in the Cluster).

import { stringify } from 'yaml';
import type { Scenario } from '../model/scenario';
import { NS_NAME_LABEL } from './workloads';

type Obj = Record<string, unknown>;

export function scenarioToYaml(s: Scenario): string {
  const docs: Obj[] = [];
  const res = (apiVersion: string, kind: string, metadata: Obj, spec?: Obj): Obj => (spec === undefined ? { apiVersion, kind, metadata } : { apiVersion, kind, metadata, spec });
  const calico = 'projectcalico.org/v3';

  docs.push(res('cnilab/v1', 'Topology', { name: s.topology.name }, topologySpec(s)));
  docs.push(res('cnilab/v1', 'Cluster', { name: s.cluster.name }, clusterSpec(s)));

  for (const p of s.ippools) {
    if (isDerived(s, `IPPool/${p.name}`, 'IPPool')) continue;
    const spec: Obj = { cidr: p.cidr, blockSize: p.blockSize, ipipMode: p.ipipMode, vxlanMode: p.vxlanMode, natOutgoing: p.natOutgoing, disabled: p.disabled, disableBGPExport: p.disableBGPExport, nodeSelector: p.nodeSelector };
    if (p.assignmentMode) spec.assignmentMode = p.assignmentMode;
    docs.push(res(calico, 'IPPool', { name: p.name }, spec));
  }
  for (const c of s.bgpConfigurations) {
    const { name, ...spec } = c;
    docs.push(res(calico, 'BGPConfiguration', { name }, clean(spec)));
  }
  for (const p of s.bgpPeers) {
    const { name, ...spec } = p;
    docs.push(res(calico, 'BGPPeer', { name }, clean(spec)));
  }
  for (const n of s.calicoNodes) {
    const spec: Obj = {};
    if (n.bgp) spec.bgp = clean({ ...n.bgp });
    if (n.ipv4VXLANTunnelAddr) spec.ipv4VXLANTunnelAddr = n.ipv4VXLANTunnelAddr;
    if (n.ipv4VXLANTunnelMACAddr) spec.vxlanTunnelMACAddr = n.ipv4VXLANTunnelMACAddr;
    docs.push(res(calico, 'Node', meta(n.name, undefined, n.labels), spec));
  }
  for (const a of s.blockAffinities) docs.push(res(calico, 'BlockAffinity', { name: a.name }, { node: a.node, cidr: a.cidr, state: a.state }));
  const ipam = s.ipamConfig;
  const ipamRef = Object.keys(s.refs).find((k) => k.startsWith('IPAMConfig/'));
  if (ipamRef !== undefined || ipam.strictAffinity || !ipam.autoAllocateBlocks || ipam.maxBlocksPerHost !== 0) {
    const name = ipamRef?.slice('IPAMConfig/'.length) ?? 'default';
    docs.push(res(calico, 'IPAMConfig', { name }, { strictAffinity: ipam.strictAffinity, autoAllocateBlocks: ipam.autoAllocateBlocks, maxBlocksPerHost: ipam.maxBlocksPerHost }));
  }
  for (const t of s.tiers) {
    const { name, ...spec } = t;
    docs.push(res(calico, 'Tier', { name }, clean(spec)));
  }
  for (const ns of s.namespaces) {
    const trivial = Object.keys(ns.labels).length === 1 && ns.labels[NS_NAME_LABEL] === ns.name;
    if (trivial && !(`Namespace/${ns.name}` in s.refs)) continue;
    docs.push(res('v1', 'Namespace', meta(ns.name, undefined, ns.labels)));
  }
  for (const p of s.pods) {
    if (p.ownerDeployment !== undefined) continue;
    const spec: Obj = {};
    if (p.nodeName !== undefined) spec.nodeName = p.nodeName;
    if (p.hostNetwork !== undefined) spec.hostNetwork = p.hostNetwork;
    if (p.serviceAccountName !== undefined) spec.serviceAccountName = p.serviceAccountName;
    spec.containers = containers(p.containers);
    docs.push(res('v1', 'Pod', meta(p.name, p.namespace, p.labels, p.annotations), spec));
  }
  for (const d of s.deployments) {
    const t = d.template;
    const podSpec: Obj = {};
    if (t.nodeName !== undefined) podSpec.nodeName = t.nodeName;
    if (t.nodeSelector !== undefined) podSpec.nodeSelector = t.nodeSelector;
    podSpec.containers = containers(t.containers);
    const tplMeta: Obj = {};
    if (Object.keys(t.labels).length > 0) tplMeta.labels = t.labels;
    if (Object.keys(t.annotations).length > 0) tplMeta.annotations = t.annotations;
    const spec: Obj = { replicas: d.replicas };
    if (Object.keys(t.labels).length > 0) spec.selector = { matchLabels: t.labels };
    spec.template = { metadata: tplMeta, spec: podSpec };
    docs.push(res('apps/v1', 'Deployment', meta(d.name, d.namespace), spec));
  }
  for (const svc of s.services) {
    const spec: Obj = {};
    if (svc.type !== undefined) spec.type = svc.type;
    if (svc.clusterIP !== undefined) spec.clusterIP = svc.clusterIP;
    if (svc.selector !== undefined) spec.selector = svc.selector;
    spec.ports = svc.ports.map((p) => clean({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort }));
    if (svc.externalTrafficPolicy !== undefined) spec.externalTrafficPolicy = svc.externalTrafficPolicy;
    if (svc.affinity !== undefined) {
      spec.sessionAffinity = 'ClientIP';
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: svc.affinity.timeoutSeconds } };
    }
    const doc = res('v1', 'Service', meta(svc.name, svc.namespace), spec);
    if (svc.loadBalancerIPs) doc.status = { loadBalancer: { ingress: svc.loadBalancerIPs.map((ip) => ({ ip })) } };
    docs.push(doc);
  }
  for (const np of s.networkPolicies) docs.push(res('networking.k8s.io/v1', 'NetworkPolicy', meta(np.name, np.namespace), np.spec));
  for (const p of s.calicoPolicies) docs.push(res(calico, p.kind, meta(p.name, p.namespace), p.spec));
  for (const f of s.faults) {
    const { name, ...spec } = f;
    docs.push(res('cnilab/v1', 'Fault', { name }, clean(spec)));
  }
  for (const f of s.foreign) {
    const slash = f.name.indexOf('/');
    const m: Obj = slash < 0 ? { name: f.name } : { name: f.name.slice(slash + 1), namespace: f.name.slice(0, slash) };
    docs.push(res(f.apiVersion, f.kind, m));
  }
  return docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

function topologySpec(s: Scenario): Obj {
  const t = s.topology;
  return {
    networks: t.networks.map((n) => clean({ ...n })),
    routers: t.routers.map((r) => clean({ name: r.name, interfaces: r.interfaces.map((i) => ({ network: i.network, ip: i.ip })), bgp: r.bgp })),
    nodes: t.nodes.map((n) => {
      const out: Obj = { name: n.name };
      if (Object.keys(n.labels).length > 0) out.labels = n.labels;
      if (Object.keys(n.annotations).length > 0) out.annotations = n.annotations;
      if (n.podCIDR !== undefined) out.podCIDR = n.podCIDR;
      out.interfaces = n.interfaces.map((i) => clean({ name: i.name, network: i.network, ip: i.ip, mtu: i.mtu, mac: i.mac, metric: i.metric, defaultRouteProto: i.defaultRouteProto, linkdown: i.linkdown }));
      if (n.extraRoutes !== undefined) out.extraRoutes = n.extraRoutes;
      if (n.startedAt !== undefined) out.startedAt = n.startedAt;
      return out;
    }),
  };
}

function clusterSpec(s: Scenario): Obj {
  const c = s.cluster;
  const out: Obj = {
    cni: c.cni,
    calico: clean({ ...c.calico }),
    flannel: clean({ netConf: c.flannel.netConf, iface: c.flannel.iface, ipMasq: c.flannel.ipMasq }),
  };
  if (c.clockStart !== undefined) out.clockStart = c.clockStart;
  return out;
}

function meta(name: string, namespace?: string, labels?: Record<string, string>, annotations?: Record<string, string>): Obj {
  const m: Obj = { name };
  if (namespace !== undefined) m.namespace = namespace;
  if (labels && Object.keys(labels).length > 0) m.labels = labels;
  if (annotations && Object.keys(annotations).length > 0) m.annotations = annotations;
  return m;
}

function containers(cs: Scenario['pods'][number]['containers']): Obj[] {
  return cs.map((c) => (c.ports.length > 0 ? { name: c.name, ports: c.ports.map((p) => clean({ ...p })) } : { name: c.name }));
}

/** A resource the parser derived (its ref points at another kind), so writing it would duplicate it. */
function isDerived(s: Scenario, key: string, kind: string): boolean {
  const ref = s.refs[key];
  return ref !== undefined && ref.kind !== kind;
}

/** Drops undefined fields (YAML would write them as null). */
function clean<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
