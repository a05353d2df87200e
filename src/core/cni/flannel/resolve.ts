// Flannel's half of the build: each node's public address as flanneld picks it (--iface, else the
// default-route interface), its lease (the Node podCIDR, --kube-subnet-mgr), what flanneld programs
// (flannel.1 with its routes, neighbours and FDB entries, or host-gw routes), and what the flannel CNI
// plugin does for each pod (cni0 bridge, veth, a host-local address).

import type { NodeInfo } from '../../model/cluster';
import { nsIdNode, nsIdPod } from '../../model/kernel';
import { defineLazyNs } from '../../model/lazyNs';
import type { TopologyNode } from '../../model/scenario';
import { flannelPublicAddress } from '../../autodetect';
import { flannelVethName, flannelVtepMac } from '../../hash/names';
import { OVERHEAD } from '../../dataplane/mtu';
import { flannelPodNs, hostVethLink, type PodWiring } from '../../dataplane/pods';
import { sortKernelOrder } from '../../dataplane/fib';
import { hostLocalAssign, hostLocalRanges } from '../../ipam/hostLocal';
import { ResolveError, wrap } from '../errors';
import { groupPodsByNode, PodOrder, podHandle, podInfo, podKey } from '../pods';
import type { CniBuild, CniState } from '../types';
import { cni0Address, flannelMasquerade, programFlannelNode } from './dataplane';

export function resolveFlannel(b: CniBuild): CniState {
  const { scenario, netns, underlay, placement, podCIDRs, warn } = b;
  const topo = scenario.topology;
  const install = scenario.cluster.flannel;
  const conf = install.netConf;
  const vxlan = conf.Backend.Type === 'vxlan';
  const nodes: NodeInfo[] = topo.nodes.map((n) => {
    const address = flannelPublicAddress(n, install.iface, { gatewayOf: b.gatewayOf });
    if (!address) warn('W203', `flanneld on ${n.name}: no interface found (--iface ${install.iface?.join(',') ?? 'default route'})`, `Node/${n.name}`);
    const podCIDR = podCIDRs.get(n.name);
    if (!podCIDR) warn('W204', `flanneld on ${n.name}: node "${n.name}" pod cidr not assigned`, `Node/${n.name}`);
    return {
      name: n.name,
      ns: nsIdNode(n.name),
      address,
      blocks: podCIDR ? [podCIDR] : [],
      podCIDR,
      labels: { ...n.labels },
      vtepMac: vxlan ? vtepMacFromAnnotation(n) ?? flannelVtepMac(n.name) : undefined,
    };
  });
  // Two nodes announcing the same public IP (every Vagrant VM's NAT address) break each other's routes.
  const seen = new Map<string, string>();
  for (const n of nodes) {
    if (!n.address) continue;
    const other = seen.get(n.address.ip);
    if (other) warn('W205', `flanneld: ${n.name} and ${other} both use public IP ${n.address.ip} (${n.address.iface}); set --iface`, `Node/${n.name}`);
    else seen.set(n.address.ip, n.name);
  }

  const hostLocal = hostLocalRanges(nodes, b.prev?.ipam.hostLocal, new Set(scenario.pods.map(podHandle)));

  const podsByNode = groupPodsByNode(scenario, placement);
  const podInfos = new PodOrder(scenario);
  for (const node of nodes) {
    const topoNode = topo.nodes.find((t) => t.name === node.name)!;
    const ns = netns[node.ns];
    const iface = topoNode.interfaces.find((i) => i.name === node.address?.iface);
    // flanneld reads the external interface's MTU, the one `ip link` shows (an underlay network's smaller
    // mtu is a path MTU the node cannot see)
    const ifaceMtu = iface ? iface.mtu : 1500;
    const mtu = conf.Backend.MTU ?? (vxlan ? ifaceMtu - OVERHEAD.vxlan : ifaceMtu);
    const pods = podsByNode.get(node.name) ?? [];
    let ifindex = programFlannelNode({
      ns,
      node,
      underlay: underlay.get(node.name)!,
      install,
      others: nodes.filter((o) => o !== node),
      mtu,
      hasPods: pods.length > 0,
      nextIfindex: topoNode.interfaces.length + 2,
      warn: (m) => warn('W206', m, `Node/${node.name}`),
    });
    const r = hostLocal[node.name];
    for (const pod of pods) {
      if (!r) throw new ResolveError('E302', `node ${node.name} has no podCIDR`, `Pod/${podKey(pod)}`, 'spec.nodeName');
      const ip = pod.pinnedIPs?.[0] ?? wrap(() => hostLocalAssign(r, podHandle(pod), 2), `Pod/${podKey(pod)}`, 'spec.nodeName');
      if (pod.pinnedIPs?.[0]) r.allocations[ip] = podHandle(pod);
      const gw = cni0Address(r.podCIDR);
      const wiring: PodWiring = {
        namespace: pod.namespace,
        name: pod.name,
        node: node.name,
        ip,
        prefixLen: gw.prefixLen,
        hostVeth: flannelVethName(pod.namespace, pod.name),
        hostIfindex: ifindex++,
        mtu,
        ipipModule: false,
      };
      ns.links.push(hostVethLink(wiring, false));
      defineLazyNs(netns, nsIdPod(pod.namespace, pod.name), () => flannelPodNs(wiring, gw.ip, conf.Network));
      podInfos.add(pod, podInfo(pod, node.name, ip, wiring));
    }
    // A Linux bridge takes the lowest MAC among its ports (br_stp_recalculate_bridge_id).
    const cni0 = ns.links.find((l) => l.name === 'cni0');
    const portMacs = ns.links.filter((l) => l.master === 'cni0' && l.mac).map((l) => l.mac!);
    if (cni0 && portMacs.length) cni0.mac = portMacs.sort()[0];
    if (install.ipMasq && node.podCIDR) ns.masquerade = flannelMasquerade(conf.Network, node.podCIDR);
    ns.routes = sortKernelOrder(ns.routes);
  }
  return {
    nodes,
    pods: podInfos.list(),
    ipam: { blocks: [], pools: [], hostLocal },
    bgp: { running: false, meshEnabled: false, mesh: [], sessions: [] },
  };
}

/** flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"..."} keeps a node's VTEP MAC across restarts. */
function vtepMacFromAnnotation(n: TopologyNode): string | undefined {
  const raw = n.annotations?.['flannel.alpha.coreos.com/backend-data'];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { VtepMAC?: string };
    return typeof v.VtepMAC === 'string' ? v.VtepMAC.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
