// Calico's half of the build, in the order a cluster comes up: node addresses (calico-node), IPAM
// (tunnel addresses, then pods), the prefixes every node originates, BGP (sessions, what reached whom),
// and what calico-node programs on each node (BIRD's and Felix's routes, tunl0 / vxlan.calico, the
// workload routes and cali* veths of its pods, the nat-outgoing rule).

import type { HostLocalRange, IpamBlock, NodeInfo, PodInfo } from '../../model/cluster';
import type { Route } from '../../model/kernel';
import type { IPPool, Pod } from '../../model/scenario';
import { computeBgp } from '../../bgp';
import { caliVethName } from '../../hash/names';
import { installBgpRoutes } from '../../dataplane/underlay';
import { calicoMtus, hostMtu } from '../../dataplane/mtu';
import { calicoPodNs, hostVethLink, type PodWiring } from '../../dataplane/pods';
import { mergeKernelOrder } from '../../dataplane/fib';
import { defineLazyField, defineLazyNs } from '../../model/lazyNs';
import { nsIdPod } from '../../model/kernel';
import { cidrContains, ipToNum, parseCidr } from '../../util/ipv4';
import { podInfo, podTable } from '../pods';
import type { CniBuild, CniState } from '../types';
import { assignCalicoAddresses } from './addresses';
import { remoteClassKey } from './classes';
import { calicoMasquerade, programCalicoNode, keepsClassRoute, remoteRoutesFor, type RemoteList } from './dataplane';
import { calicoNodes } from './nodes';
import { clusterPrefixes } from './prefixes';

// Rebuilding after an edit names the same pods' veths again: found by the pod object, the name costs no
// "ns.name" string to hash (30,000 of them per build on a large cluster).
const vethByPod = new WeakMap<Pod, string>();
function hostVethOf(pod: Pod): string {
  let v = vethByPod.get(pod);
  if (v === undefined) vethByPod.set(pod, (v = caliVethName(pod.namespace, pod.name)));
  return v;
}

export function resolveCalico(b: CniBuild): CniState {
  const { scenario, netns, underlay, placement, warn } = b;
  const topo = scenario.topology;
  const install = scenario.cluster.calico;
  const pools = scenario.ippools.filter((p) => !p.disabled);
  const backend = install.networkingBackend;
  const ipipEnabled = backend === 'bird' && pools.some((p) => p.ipipMode !== 'Never');
  const vxlanEnabled = backend !== 'none' && pools.some((p) => p.vxlanMode !== 'Never');
  if (backend === 'vxlan' && pools.some((p) => p.ipipMode !== 'Never')) {
    warn('W201', 'IPIP pools need BIRD (calico_backend: bird); with the vxlan backend their routes are not programmed');
  }

  const nodes = calicoNodes(b, vxlanEnabled);
  const table = podTable(scenario, placement);
  const { podIps, blocks, hostLocal } = assignCalicoAddresses(b, nodes, { ipip: ipipEnabled, vxlan: vxlanEnabled }, table);

  // ---- MTUs and the first free ifindex per node
  const ifindexNext = new Map<string, number>();
  const mtusByNode = new Map<string, ReturnType<typeof calicoMtus>>();
  for (const n of topo.nodes) {
    // Felix's findHostMTU reads the NICs' MTUs, the ones `ip link` shows; a smaller MTU inside the underlay
    // (a network's mtu, a router link) is a path MTU the node cannot see
    const host = hostMtu(n, (m) => m);
    mtusByNode.set(n.name, calicoMtus(host, install.vethMtu, ipipEnabled, vxlanEnabled));
    ifindexNext.set(n.name, n.interfaces.length + 2);
  }

  const prefixes = clusterPrefixes(nodes, blocks, podIps, table, scenario.ippools, vxlanEnabled);

  // ---- BGP: sessions and which originators' routes reached each node
  const bgp = computeBgp({ scenario, nodes, backend, netns, prefixes });
  for (const w of bgp.warnings) warn(w.code, w.message, w.ref);
  installBgpRoutes(netns, bgp.routerRoutes);

  // ---- program every node
  // PodInfos in scenario order: each goes into its pod's slot (hostNetwork pods have none)
  const podInfos = new Array<PodInfo | undefined>(scenario.pods.length);
  const masq = calicoMasquerade(scenario.ippools);
  const classes = new Map<string, RemoteList>();
  const classKey = remoteClassKey(nodes, underlay, backend === 'bird' ? bgp : undefined);
  for (const node of nodes) {
    const ns = netns[node.ns];
    const mtus = mtusByNode.get(node.name)!;
    const key = classKey(node);
    let classRemote = classes.get(key);
    if (!classRemote) {
      classRemote = remoteRoutesFor({
        node,
        underlay: underlay.get(node.name)!,
        backend,
        ipipEnabled,
        vxlanEnabled,
        prefixes,
        bgpNextHop: (from) => bgp.nextHop(node.name, from),
      });
      classes.set(key, classRemote);
    }
    const { nextIfindex } = programCalicoNode({
      ns,
      node,
      backend,
      ipipEnabled,
      vxlanEnabled,
      mtus,
      pools,
      classRemote,
      nextIfindex: ifindexNext.get(node.name)!,
    });
    let ifindex = nextIfindex;
    const local: PodWiring[] = [];
    for (const i of table.byNode.get(node.name) ?? []) {
      const pod = scenario.pods[i];
      const ip = podIps[i]!;
      const wiring: PodWiring = {
        namespace: pod.namespace,
        name: pod.name,
        node: node.name,
        ip,
        prefixLen: 32,
        hostVeth: hostVethOf(pod),
        hostIfindex: ifindex++,
        mtu: mtus.pod,
        ipipModule: ipipEnabled,
      };
      const id = nsIdPod(pod.namespace, pod.name);
      ns.links.push(hostVethLink(wiring, true, id));
      local.push(wiring);
      defineLazyNs(netns, id, calicoPodNs, wiring);
      podInfos[i] = podInfo(pod, node.name, ip, wiring, id, table.handle[i]);
    }
    if (masq.length) ns.masquerade = masq;
    defineLazyField(ns, 'routes', nodeFib(ns.routes, local, node, classRemote, vxlanEnabled));
  }

  return {
    nodes,
    pods: podInfos.filter((x) => x !== undefined),
    ipam: { blocks, pools: poolUsage(scenario.ippools, blocks, hostLocal), hostLocal },
    bgp: bgp.state,
  };
}

/**
 * How a node's main table is made when first read: its underlay and blackholes (`own`, as programCalicoNode
 * left them), a workload route per local pod, and its class's remote routes, merged into kernel order.
 */
function nodeFib(own: Route[], pods: PodWiring[], node: NodeInfo, classRemote: RemoteList, vxlanEnabled: boolean): () => Route[] {
  return () => {
    const local = own; // made once: the getter replaces itself with the table
    // a workload route's sort key is its address (a /32: 32 - 32 = 0 added), no "ip/32" string to look up
    const keys: (number | undefined)[] = new Array(local.length);
    for (const p of pods) {
      keys[local.length] = ipToNum(p.ip) * 64;
      local.push({ type: 'unicast', dst: `${p.ip}/32`, dev: p.hostVeth, proto: 3, scope: 'link', owner: 'cni' });
    }
    return mergeKernelOrder(local, classRemote.routes, classRemote.keys, keys, keepsClassRoute(node, classRemote, vxlanEnabled));
  };
}

/** `calicoctl ipam show`'s IPS IN USE per pool: block allocations, plus host-local ones inside the pool. */
function poolUsage(pools: IPPool[], blocks: IpamBlock[], hostLocal: Record<string, HostLocalRange>) {
  return pools.map((p) => {
    const net = parseCidr(p.cidr);
    let inUse = 0;
    for (const b of blocks) if (b.pool === p.name) inUse += Object.keys(b.allocations).length;
    for (const r of Object.values(hostLocal)) {
      for (const ip of Object.keys(r.allocations)) if (cidrContains(net, ipToNum(ip))) inUse++;
    }
    return { pool: p.name, cidr: p.cidr, total: 2 ** (32 - net.prefixLen), inUse };
  });
}
