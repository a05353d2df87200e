// Scenario → ClusterState: the part every CNI shares, then the CNI's own plug-in (core/cni), in the order a
// real cluster does it:
//   1. the underlay (NICs, default routes, routers);
//   2. pods on nodes (core/scenario/schedule.ts) and Node podCIDRs (kube-controller-manager's allocator);
//   3. the plug-in: node addresses, IPAM, its control plane and the kernel state its agents program;
//   4. the Faults (nodes, links, routers down).
// Passing the previous state keeps every existing allocation, so an edit never renumbers pods.

import type { ClusterState, Warning } from './model/cluster';
import type { NetNS, Route } from './model/kernel';
import type { Scenario } from './model/scenario';
import { baseNodeNs, holdLoadBalancerIps, routerNamespaces } from './dataplane/underlay';
import { applyFaults } from './faults';
import { cniOf, ResolveError } from './cni';
import { podKey } from './cni/pods';
import { schedulePods } from './scenario/schedule';
import { cidrContains, cidrToString, parseCidr } from './util/ipv4';

export { ResolveError, podHandle } from './cni';
export { schedulePods } from './scenario/schedule';

export interface BuildOptions {
  /** the state before an edit: allocations are carried over */
  prev?: ClusterState;
}

function gatewayLookup(scenario: Scenario): (network: string) => string | undefined {
  const gws = new Map(scenario.topology.networks.map((n) => [n.name, n.gateway]));
  return (n) => gws.get(n);
}

/** Node.spec.podCIDR default: consecutive subnets (/24, flannel: SubnetLen) of the CNI's pod network, in node order. */
function defaultPodCIDRs(scenario: Scenario): Map<string, string> {
  const out = new Map<string, string>();
  const network = cniOf(scenario).podNetwork(scenario);
  if (!network) return out;
  const net = parseCidr(network.cidr);
  const len = network.subnetLen;
  const taken = new Set(scenario.topology.nodes.map((n) => n.podCIDR).filter((c): c is string => !!c));
  let i = 0;
  for (const n of scenario.topology.nodes) {
    if (n.podCIDR) {
      out.set(n.name, n.podCIDR);
      continue;
    }
    let cidr: string;
    do {
      cidr = cidrToString({ base: net.base + i++ * 2 ** (32 - len), prefixLen: len });
    } while (taken.has(cidr));
    if (!cidrContains(net, parseCidr(cidr).base)) break;
    out.set(n.name, cidr);
  }
  return out;
}

export function buildCluster(scenario: Scenario, opts: BuildOptions = {}): ClusterState {
  const warnings: Warning[] = [];
  const warn = (code: string, message: string, ref?: string) => warnings.push({ code, message, ref });
  const topo = scenario.topology;
  const netns: Record<string, NetNS> = {};
  const underlay = new Map<string, Route[]>();
  for (const n of topo.nodes) {
    const ns = baseNodeNs(topo, n);
    netns[ns.id] = ns;
    underlay.set(n.name, ns.routes.slice());
  }
  const routers = routerNamespaces(topo);
  holdLoadBalancerIps(routers, [...new Set(scenario.services.flatMap((s) => (s.type === 'LoadBalancer' ? (s.loadBalancerIPs ?? []) : [])))]);
  for (const r of routers) netns[r.id] = r;

  const placement = schedulePods(scenario);
  const podCIDRs = defaultPodCIDRs(scenario);
  const nodeNames = new Set(topo.nodes.map((n) => n.name));
  for (const pod of scenario.pods) {
    const node = placement.get(pod);
    if (node && !nodeNames.has(node)) {
      throw new ResolveError('E301', `pod ${podKey(pod)} is on node "${node}", which is not in the Topology`, `Pod/${podKey(pod)}`, 'spec.nodeName');
    }
  }

  const state = cniOf(scenario).resolve({
    scenario,
    netns,
    underlay,
    placement,
    podCIDRs,
    prev: opts.prev,
    gatewayOf: gatewayLookup(scenario),
    warn,
  });

  applyFaults(netns, scenario.faults);
  return { scenario, netns, warnings, ...state };
}
