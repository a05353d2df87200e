// A built lab as its API server and nodes would print it: the files a user makes with the commands in
// README "Bring your own cluster" — cluster.yaml (kubectl get nodes,pods,namespaces,services,networkpolicies
// -A -o yaml), calico.yaml (calicoctl get ippools, bgpconfigurations, bgppeers, nodes, policies), blocks.yaml
// (kubectl get blockaffinities), flannel.yaml (the kube-flannel-cfg ConfigMap) and one NODE.ip-addr.txt per
// node (its `ip addr` and `ip route`). Written the way the servers write them — Lists, status blocks,
// server bookkeeping, the CNI's own agent pods — so the round trip exercises what a real dump holds.

import { stringify } from 'yaml';
import type { ClusterState } from '../../src/core/model/cluster';
import type { DumpFile } from '../../src/core/import';
import { ipAddr, ipRoute } from '../../src/core/render';

type Obj = Record<string, unknown>;
const DAY = '2026-12-07';
const list = (apiVersion: string, kind: string, items: Obj[]) => ({ apiVersion, items, kind, metadata: { resourceVersion: '48220' } });
const uid = (s: string) => `${s.length.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

export interface DumpOptions {
  /** add each node's ip addr / ip route (default true) */
  nodeFiles?: boolean;
}

export function clusterDump(state: ClusterState, opts: DumpOptions = {}): DumpFile[] {
  const s = state.scenario;
  const calico = s.cluster.cni === 'calico';
  const clock = (node: string) => s.topology.nodes.find((n) => n.name === node)?.startedAt ?? s.cluster.clockStart;

  const nodes: Obj[] = s.topology.nodes.map((t) => {
    const info = state.nodes.find((n) => n.name === t.name)!;
    const annotations: Record<string, string> = { 'node.alpha.kubernetes.io/ttl': '0', ...t.annotations };
    if (calico && info.address) {
      annotations['projectcalico.org/IPv4Address'] = `${info.address.ip}/${info.address.prefixLen}`;
      if (info.ipipTunnelAddr) annotations['projectcalico.org/IPv4IPIPTunnelAddr'] = info.ipipTunnelAddr;
      if (info.vxlanTunnelAddr) annotations['projectcalico.org/IPv4VXLANTunnelAddr'] = info.vxlanTunnelAddr;
    }
    if (!calico && info.address) {
      const type = s.cluster.flannel.netConf.Backend.Type;
      annotations['flannel.alpha.coreos.com/backend-type'] = type;
      annotations['flannel.alpha.coreos.com/kube-subnet-manager'] = 'true';
      annotations['flannel.alpha.coreos.com/public-ip'] = info.address.ip;
      if (type === 'vxlan' && info.vtepMac) annotations['flannel.alpha.coreos.com/backend-data'] = JSON.stringify({ VNI: 1, VtepMAC: info.vtepMac });
    }
    const internal = info.address?.ip ?? t.interfaces[0]?.ip.split('/')[0];
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { annotations, creationTimestamp: `${DAY}T08:00:00Z`, labels: { ...t.labels }, name: t.name, resourceVersion: '1200', uid: uid(t.name) },
      spec: info.podCIDR ? { podCIDR: info.podCIDR, podCIDRs: [info.podCIDR] } : {},
      status: {
        addresses: [...(internal ? [{ address: internal, type: 'InternalIP' }] : []), { address: t.name, type: 'Hostname' }],
        conditions: [{ lastHeartbeatTime: `${DAY}T10:00:00Z`, reason: 'KubeletReady', status: 'True', type: 'Ready' }],
        nodeInfo: { kubeletVersion: 'v1.28.7', operatingSystem: 'linux' },
      },
    };
  });

  const podIP = new Map(state.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const pods: Obj[] = [];
  for (const p of s.pods) {
    const info = podIP.get(`${p.namespace}/${p.name}`);
    const node = info?.node ?? p.nodeName;
    const ip = p.hostNetwork ? state.nodes.find((n) => n.name === node)?.address?.ip : info?.ip;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...(info && calico ? { annotations: { 'cni.projectcalico.org/podIP': `${info.ip}/32`, 'cni.projectcalico.org/podIPs': `${info.ip}/32` } } : {}),
        ...(Object.keys(p.labels).length ? { labels: p.labels } : {}),
        name: p.name,
        namespace: p.namespace,
        ...(p.ownerDeployment ? { ownerReferences: [{ apiVersion: 'apps/v1', controller: true, kind: 'ReplicaSet', name: p.ownerDeployment }] } : {}),
        resourceVersion: '2100',
        uid: uid(p.name),
      },
      spec: {
        containers: p.containers.map((c) => ({ image: 'busybox:1.36', name: c.name, ...(c.ports.length ? { ports: c.ports } : {}) })),
        ...(p.hostNetwork ? { hostNetwork: true } : {}),
        ...(node ? { nodeName: node } : {}),
        ...(p.serviceAccountName ? { serviceAccountName: p.serviceAccountName } : {}),
      },
      status: { phase: 'Running', ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}), qosClass: 'BestEffort' },
    });
  }
  // the CNI's agent on every node (its start time is BIRD's, the SINCE of calicoctl node status)
  for (const n of state.nodes) {
    const at = clock(n.name);
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { labels: calico ? { 'k8s-app': 'calico-node' } : { app: 'flannel' }, name: `${calico ? 'calico-node' : 'kube-flannel-ds'}-${n.name.slice(0, 5)}`, namespace: calico ? 'kube-system' : 'kube-flannel' },
      spec: { containers: [agentContainer(s)], hostNetwork: true, nodeName: n.name },
      status: { ...(at ? { containerStatuses: [{ name: calico ? 'calico-node' : 'kube-flannel', ready: true, state: { running: { startedAt: `${DAY}T${at}Z` } } }] } : {}), phase: 'Running', ...(n.address ? { podIP: n.address.ip } : {}) },
    });
  }
  pods.push({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'x.17b8f0a1c2d3e4f5', namespace: 'default' }, reason: 'Pulled' });
  pods.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-key', namespace: 'default' }, data: { token: 'c2VjcmV0' } });

  const namespaces = s.namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { labels: n.labels, name: n.name }, status: { phase: 'Active' } }));
  const services = s.services.map((v) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: v.name, namespace: v.namespace },
    spec: { ...(v.clusterIP ? { clusterIP: v.clusterIP, clusterIPs: [v.clusterIP] } : {}), ports: v.ports, ...(v.selector ? { selector: v.selector } : {}), sessionAffinity: 'None', type: 'ClusterIP' },
    status: { loadBalancer: {} },
  }));
  const netpols = s.networkPolicies.map((p) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec: p.spec }));
  const files: DumpFile[] = [{ name: 'cluster.yaml', text: stringify(list('v1', 'List', [...nodes, ...pods, ...namespaces, ...services, ...netpols]), { lineWidth: 0 }) }];

  if (calico) {
    const cal = 'projectcalico.org/v3';
    const docs = [
      list(cal, 'IPPoolList', s.ippools.map((p) => ({ apiVersion: cal, kind: 'IPPool', metadata: { name: p.name, uid: uid(p.name) }, spec: { allowedUses: ['Workload', 'Tunnel'], blockSize: p.blockSize, cidr: p.cidr, ipipMode: p.ipipMode, natOutgoing: p.natOutgoing, nodeSelector: p.nodeSelector, vxlanMode: p.vxlanMode, ...(p.disabled ? { disabled: true } : {}) } }))),
      list(cal, 'BGPConfigurationList', s.bgpConfigurations.map(({ name, ...spec }) => ({ apiVersion: cal, kind: 'BGPConfiguration', metadata: { name }, spec }))),
      list(cal, 'BGPPeerList', s.bgpPeers.map(({ name, ...spec }) => ({ apiVersion: cal, kind: 'BGPPeer', metadata: { name }, spec }))),
      list(
        cal,
        'NodeList',
        state.nodes.map((n) => {
          const res = s.calicoNodes.find((c) => c.name === n.name);
          const bgp: Obj = {};
          if (n.address) bgp.ipv4Address = `${n.address.ip}/${n.address.prefixLen}`;
          if (res?.bgp?.asNumber !== undefined) bgp.asNumber = res.bgp.asNumber;
          if (n.routeReflectorClusterID) bgp.routeReflectorClusterID = n.routeReflectorClusterID;
          if (n.ipipTunnelAddr) bgp.ipv4IPIPTunnelAddr = n.ipipTunnelAddr;
          return {
            apiVersion: cal,
            kind: 'Node',
            metadata: { labels: n.labels, name: n.name },
            spec: { bgp, ...(n.vxlanTunnelAddr ? { ipv4VXLANTunnelAddr: n.vxlanTunnelAddr } : {}), ...(n.vxlanTunnelAddr && n.vtepMac ? { vxlanTunnelMACAddr: n.vtepMac } : {}), orchRefs: [{ nodeName: n.name, orchestrator: 'k8s' }] },
            status: {},
          };
        }),
      ),
      list(cal, 'GlobalNetworkPolicyList', s.calicoPolicies.filter((p) => p.kind === 'GlobalNetworkPolicy').map((p) => ({ apiVersion: cal, kind: p.kind, metadata: { name: p.name }, spec: p.spec }))),
      list(cal, 'NetworkPolicyList', s.calicoPolicies.filter((p) => p.kind === 'NetworkPolicy').map((p) => ({ apiVersion: cal, kind: p.kind, metadata: { name: p.name, namespace: p.namespace }, spec: p.spec }))),
    ];
    files.push({ name: 'calico.yaml', text: docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n') });
    const affinities = state.ipam.blocks.map((b) => ({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'BlockAffinity',
      metadata: { annotations: { 'projectcalico.org/metadata': '{"creationTimestamp":null}' }, name: `${b.affinity}-${b.cidr.replace(/[./]/g, '-')}` },
      spec: { cidr: b.cidr, deleted: 'false', node: b.affinity, state: b.state },
    }));
    files.push({ name: 'blocks.yaml', text: stringify(list('v1', 'List', affinities), { lineWidth: 0 }) });
  } else {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { app: 'flannel', tier: 'node' }, name: 'kube-flannel-cfg', namespace: 'kube-flannel' }, data: { 'cni-conf.json': '{"name": "cbr0"}', 'net-conf.json': JSON.stringify(s.cluster.flannel.netConf, null, 2) } };
    files.push({ name: 'flannel.yaml', text: stringify(cm, { lineWidth: 0 }) });
  }
  if (opts.nodeFiles !== false) {
    for (const n of state.nodes) {
      const ns = state.netns[n.ns];
      files.push({ name: `${n.name}.ip-addr.txt`, text: `$ ip addr\n${ipAddr(ns)}$ ip route\n${ipRoute(ns)}` });
    }
  }
  return files;
}

/** calico-node's container as calico.yaml / calico-vxlan.yaml write it (the backend from the ConfigMap, the
 *  readiness probe asking BIRD only with the bird backend); flanneld's as kube-flannel.yml does. */
function agentContainer(s: ClusterState['scenario']): Obj {
  if (s.cluster.cni !== 'calico') return { args: ['--ip-masq', '--kube-subnet-mgr'], image: 'flannel/flannel:v0.24.2', name: 'kube-flannel' };
  const c = s.cluster.calico;
  return {
    env: [
      { name: 'DATASTORE_TYPE', value: 'kubernetes' },
      { name: 'CALICO_NETWORKING_BACKEND', valueFrom: { configMapKeyRef: { key: 'calico_backend', name: 'calico-config' } } },
      { name: 'IP', value: 'autodetect' },
      { name: 'IP_AUTODETECTION_METHOD', value: c.ipAutodetectionMethod },
      { name: 'FELIX_IPINIPMTU', valueFrom: { configMapKeyRef: { key: 'veth_mtu', name: 'calico-config' } } },
    ],
    image: 'calico/node:v3.27.2',
    name: 'calico-node',
    readinessProbe: { exec: { command: ['/bin/calico-node', '-felix-ready', ...(c.networkingBackend === 'bird' ? ['-bird-ready'] : [])] }, periodSeconds: 10 },
  };
}
