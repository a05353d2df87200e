// Typed scenario edits: every toggle of the app is one of these pure functions, Scenario in → new Scenario out.
// They change only the resources a user would change with kubectl/calicoctl (IPPool modes, the Cluster's
// install settings, BGPConfiguration/BGPPeer/Node for reflectors, Topology nodes, Pods); the core
// re-derives everything else on rebuild. The input is never mutated.

import type { BGPConfiguration, CalicoNode, EncapMode, Pod, Scenario, TopologyNode } from '../model/scenario';
import { parseCidr, numToIp, ipToNum, cidrSize } from '../util/ipv4';
import type { Edit } from './types';

export type { Edit } from './types';

// Node and every browser have it; the core's ES-only lib does not declare it.
declare function structuredClone<T>(value: T): T;

export const RR_LABEL = 'route-reflector';
export const RR_PEER_NAME = 'peer-with-route-reflectors';
/** seed 001: "routeReflectorClusterID: 244.0.0.1" */
export const RR_CLUSTER_ID = '244.0.0.1';

function clone(s: Scenario): Scenario {
  return structuredClone(s);
}

/** A pool the parser derived (the default pool) is written to YAML only once it is a resource of its own. */
function markResource(s: Scenario, kind: string, name: string): void {
  const key = `${kind}/${name}`;
  if (s.refs[key]?.kind !== kind) s.refs[key] = { kind, name, doc: -1 };
}

export type EncapKind = 'ipip' | 'vxlan';

/** The pool's encapsulation; Calico rejects a pool with both IPIP and VXLAN on, so turning one on turns the
 *  other to Never. IPIP needs BIRD: a VXLAN-only install (backend vxlan) is switched to bird. */
export function setEncap(kind: EncapKind, mode: EncapMode, poolName?: string): Edit {
  return {
    label: `${kind === 'ipip' ? 'ipipMode' : 'vxlanMode'}: ${mode}`,
    apply(src) {
      const s = clone(src);
      for (const p of s.ippools) {
        if (poolName && p.name !== poolName) continue;
        if (kind === 'ipip') {
          p.ipipMode = mode;
          if (mode !== 'Never') p.vxlanMode = 'Never';
        } else {
          p.vxlanMode = mode;
          if (mode !== 'Never') p.ipipMode = 'Never';
        }
        markResource(s, 'IPPool', p.name);
      }
      if (kind === 'ipip' && mode !== 'Never' && s.cluster.calico.networkingBackend === 'vxlan') s.cluster.calico.networkingBackend = 'bird';
      return s;
    },
  };
}

export function setBlockSize(size: number, poolName?: string): Edit {
  return {
    label: `blockSize: ${size}`,
    apply(src) {
      const s = clone(src);
      for (const p of s.ippools) {
        if (poolName && p.name !== poolName) continue;
        p.blockSize = size;
        markResource(s, 'IPPool', p.name);
      }
      return s;
    },
  };
}

export function setAutodetection(method: string): Edit {
  return {
    label: `IP_AUTODETECTION_METHOD=${method}`,
    apply(src) {
      const s = clone(src);
      s.cluster.calico.ipAutodetectionMethod = method;
      return s;
    },
  };
}

export type FlannelMode = 'vxlan' | 'directrouting' | 'host-gw';

export function flannelMode(s: Scenario): FlannelMode {
  const b = s.cluster.flannel.netConf.Backend;
  if (b.Type === 'host-gw') return 'host-gw';
  return b.DirectRouting ? 'directrouting' : 'vxlan';
}

export function setFlannelMode(mode: FlannelMode): Edit {
  return {
    label: `flannel backend: ${mode === 'directrouting' ? 'vxlan + DirectRouting' : mode}`,
    apply(src) {
      const s = clone(src);
      const b = s.cluster.flannel.netConf.Backend;
      if (mode === 'host-gw') {
        s.cluster.flannel.netConf.Backend = { Type: 'host-gw' };
      } else {
        const next = { ...b, Type: 'vxlan' as const };
        if (mode === 'directrouting') next.DirectRouting = true;
        else delete next.DirectRouting;
        s.cluster.flannel.netConf.Backend = next;
      }
      return s;
    },
  };
}

/** Nodes that are route reflectors: a routeReflectorClusterID on their Calico Node. */
export function reflectorsOf(s: Scenario): string[] {
  return s.calicoNodes.filter((n) => n.bgp?.routeReflectorClusterID).map((n) => n.name);
}

export function meshEnabled(s: Scenario): boolean {
  const d = s.bgpConfigurations.find((c) => c.name === 'default');
  return d?.nodeToNodeMeshEnabled ?? true;
}

/**
 * Route reflectors as seed 001 sets them up: BGPConfiguration default with nodeToNodeMeshEnabled: false,
 * `kubectl label node X route-reflector=true`, spec.bgp.routeReflectorClusterID on the Calico Node, and a
 * BGPPeer peering every node (all()) with the reflectors (peerSelector). An empty list undoes all of it and
 * turns the mesh back on.
 */
/**
 * The BGP topology switch of the mode panel and presenter mode: 'mesh', or 'rr' with the last node as the one
 * reflector (seed 001 makes its last-joined node the reflector; more can be ticked afterwards).
 */
export function setBgpTopology(topology: 'mesh' | 'rr', nodes: readonly string[]): Edit {
  return setRouteReflectors(topology === 'rr' && nodes.length ? [nodes[nodes.length - 1]] : []);
}

export function setRouteReflectors(nodes: string[]): Edit {
  return {
    label: nodes.length ? `route reflectors: ${nodes.join(', ')}` : 'node-to-node mesh',
    apply(src) {
      const s = clone(src);
      const on = new Set(nodes);
      for (const n of s.topology.nodes) {
        if (on.has(n.name)) n.labels[RR_LABEL] = 'true';
        else delete n.labels[RR_LABEL];
      }
      for (const cn of s.calicoNodes) {
        if (!on.has(cn.name) && cn.bgp?.routeReflectorClusterID) {
          delete cn.bgp.routeReflectorClusterID;
          if (Object.keys(cn.bgp).length === 0) delete cn.bgp;
        }
        if (!on.has(cn.name)) delete cn.labels[RR_LABEL];
      }
      // drop Calico Nodes this edit created and left empty
      s.calicoNodes = s.calicoNodes.filter((cn) => cn.bgp || Object.keys(cn.labels).length || cn.ipv4VXLANTunnelAddr || `Node/${cn.name}` in s.refs);
      for (const name of nodes) {
        let cn = s.calicoNodes.find((c) => c.name === name);
        if (!cn) {
          cn = { name, labels: {} } as CalicoNode;
          s.calicoNodes.push(cn);
        }
        cn.bgp = { ...(cn.bgp ?? {}), routeReflectorClusterID: RR_CLUSTER_ID };
      }
      let def = s.bgpConfigurations.find((c) => c.name === 'default');
      if (!def) {
        def = { name: 'default' } as BGPConfiguration;
        s.bgpConfigurations.push(def);
      }
      def.nodeToNodeMeshEnabled = nodes.length === 0;
      s.bgpPeers = s.bgpPeers.filter((p) => p.name !== RR_PEER_NAME);
      if (nodes.length) s.bgpPeers.push({ name: RR_PEER_NAME, nodeSelector: 'all()', peerSelector: `${RR_LABEL} == 'true'` });
      return s;
    },
  };
}

function uniqueName(taken: Set<string>, base: string, from = 1): string {
  for (let i = from; ; i++) {
    const n = `${base}${i}`;
    if (!taken.has(n)) return n;
  }
}

/** The next address of `cidr` (a Topology network) that no node, router or gateway uses. */
export function freeAddress(s: Scenario, network: string): string | undefined {
  const net = s.topology.networks.find((n) => n.name === network);
  if (!net) return undefined;
  const c = parseCidr(net.cidr);
  const used = new Set<string>();
  if (net.gateway) used.add(net.gateway);
  for (const n of s.topology.nodes) for (const i of n.interfaces) used.add(i.ip.split('/')[0]);
  for (const r of s.topology.routers) for (const i of r.interfaces) used.add(i.ip.split('/')[0]);
  // start after the highest node address on the segment, like a lab adding a VM
  let start = c.base + 1;
  for (const n of s.topology.nodes)
    for (const i of n.interfaces) if (i.network === network) start = Math.max(start, ipToNum(i.ip.split('/')[0]) + 1);
  const end = c.base + cidrSize(c) - 1;
  for (let ip = start; ip < end; ip++) if (!used.has(numToIp(ip))) return numToIp(ip);
  for (let ip = c.base + 1; ip < end; ip++) if (!used.has(numToIp(ip))) return numToIp(ip);
  return undefined;
}

/** A worker node shaped like the last node (same NIC names and segments, next free addresses). */
export function addNode(): Edit {
  return {
    label: 'add node',
    apply(src) {
      const s = clone(src);
      const taken = new Set(s.topology.nodes.map((n) => n.name));
      const last = s.topology.nodes[s.topology.nodes.length - 1];
      const name = uniqueName(taken, 'node-', s.topology.nodes.length);
      const interfaces = (last?.interfaces ?? []).map((i) => {
        const { mac: _mac, ...rest } = i;
        if (!i.network) return rest;
        const ip = freeAddress(s, i.network);
        if (!ip) throw new Error(`no free address left on ${i.network}`);
        return { ...rest, ip: `${ip}/${i.ip.split('/')[1]}` };
      });
      if (!interfaces.length) {
        const net = s.topology.networks[0];
        if (!net) throw new Error('the topology has no network to attach a node to');
        interfaces.push({ name: 'eth0', network: net.name, ip: `${freeAddress(s, net.name)}/${net.cidr.split('/')[1]}`, mtu: 1500 });
      }
      const node: TopologyNode = { name, labels: {}, annotations: {}, interfaces };
      s.topology.nodes.push(node);
      return s;
    },
  };
}

export function removeNode(name: string): Edit {
  return {
    label: `remove node ${name}`,
    apply(src) {
      const s = clone(src);
      if (s.topology.nodes.length <= 1) throw new Error('a lab needs at least one node');
      if (!s.topology.nodes.some((n) => n.name === name)) throw new Error(`no node "${name}"`);
      s.topology.nodes = s.topology.nodes.filter((n) => n.name !== name);
      s.calicoNodes = s.calicoNodes.filter((n) => n.name !== name);
      s.blockAffinities = s.blockAffinities.filter((a) => a.node !== name);
      s.bgpPeers = s.bgpPeers.filter((p) => p.node !== name);
      const gone = new Set(s.deployments.filter((d) => d.template.nodeName === name).map((d) => `${d.namespace}/${d.name}`));
      s.deployments = s.deployments.filter((d) => !gone.has(`${d.namespace}/${d.name}`));
      s.pods = s.pods.filter((p) => p.nodeName !== name && !(p.ownerDeployment && gone.has(`${p.namespace}/${p.ownerDeployment}`)));
      return s;
    },
  };
}

export function addPod(node: string, namespace = 'default'): Edit {
  return {
    label: `add pod on ${node}`,
    apply(src) {
      const s = clone(src);
      const taken = new Set(s.pods.filter((p) => p.namespace === namespace).map((p) => p.name));
      const name = uniqueName(taken, 'pod-');
      const pod: Pod = { namespace, name, nodeName: node, labels: { app: 'lab' }, annotations: {}, containers: [{ name: 'app', ports: [] }] };
      if (!s.namespaces.some((n) => n.name === namespace)) s.namespaces.push({ name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } });
      s.pods.push(pod);
      return s;
    },
  };
}

/**
 * Deletes one pod. A Deployment would recreate it, so a pod a Deployment made is first detached: the
 * Deployment's pods become plain Pods on the nodes they run on (their names and labels kept) and the
 * Deployment goes, which is what the exported YAML then says.
 */
export function removePod(namespace: string, name: string, nodeOf: (ns: string, name: string) => string | undefined): Edit {
  return {
    label: `delete pod ${namespace}/${name}`,
    apply(src) {
      const s = clone(src);
      const pod = s.pods.find((p) => p.namespace === namespace && p.name === name);
      if (!pod) throw new Error(`no pod "${namespace}/${name}"`);
      if (pod.ownerDeployment) {
        const dep = pod.ownerDeployment;
        for (const p of s.pods) {
          if (p.namespace !== namespace || p.ownerDeployment !== dep) continue;
          delete p.ownerDeployment;
          p.nodeName = p.nodeName ?? nodeOf(p.namespace, p.name);
        }
        s.deployments = s.deployments.filter((d) => !(d.namespace === namespace && d.name === dep));
      }
      s.pods = s.pods.filter((p) => !(p.namespace === namespace && p.name === name));
      return s;
    },
  };
}

/** The encapsulation modes shown in the toggles: the first pool's (all pools are edited together). */
export function poolModes(s: Scenario): { ipip: EncapMode; vxlan: EncapMode; blockSize: number } | undefined {
  const p = s.ippools[0];
  return p ? { ipip: p.ipipMode, vxlan: p.vxlanMode, blockSize: p.blockSize } : undefined;
}
