// The interface every CNI plug-in implements. The generic half of the build (core/resolve.ts) lays the
// underlay, schedules the pods and assigns Node podCIDRs; the plug-in does everything its agents and its
// CNI binary would do on a real cluster and returns what it decided.

import type { ClusterState } from '../model/cluster';
import type { NetNS, Route } from '../model/kernel';
import type { ClusterSpec, Pod, Scenario } from '../model/scenario';

/** A CNI's name as `Cluster spec.cni` spells it. */
export type CniName = Scenario['cluster']['cni'];

export type Warn = (code: string, message: string, ref?: string) => void;

/** What the generic half hands a plug-in. */
export interface CniBuild {
  scenario: Scenario;
  /** every node namespace holding its underlay (NICs, connected and default routes), plus the routers';
   *  the plug-in adds its devices, routes, neighbours, FDB entries and masquerade rules, and the pods' */
  netns: Record<string, NetNS>;
  /** each node's underlay routes before the plug-in touched them (next hops resolve through these) */
  underlay: Map<string, Route[]>;
  /** every pod's node (core/scenario/schedule.ts) */
  placement: Map<Pod, string>;
  /** Node.spec.podCIDR as given, else the default from the plug-in's podNetwork */
  podCIDRs: Map<string, string>;
  /** the state before an edit: allocations are carried over so nothing renumbers */
  prev?: ClusterState;
  /** the Topology network's gateway (autodetection's can-reach, default routes) */
  gatewayOf: (network: string) => string | undefined;
  warn: Warn;
}

/**
 * What a plug-in resolves, beyond what it writes into the namespaces: each node as its agent sees it
 * (address, tunnel address, VTEP MAC, blocks or podCIDR), the pods with their addresses and veths, its
 * IPAM's allocations, and its control plane (BGP for Calico; none for Flannel). Warnings go through warn.
 */
export type CniState = Pick<ClusterState, 'nodes' | 'pods' | 'ipam' | 'bgp'>;

export interface CniPlugin {
  name: CniName;
  /** product name for messages ("Flannel does not enforce NetworkPolicy") */
  title: string;
  /** the network Node podCIDRs are carved from, and their prefix length; undefined when there is none */
  podNetwork(scenario: Scenario): { cidr: string; subnetLen: number } | undefined;
  /** true when the plug-in's pod addresses come from host-local ranges (the Node podCIDRs) */
  usesHostLocal(cluster: ClusterSpec): boolean;
  /** the network every Node podCIDR must lie in (flanneld refuses a lease outside it); undefined: no such rule */
  leaseNetwork(cluster: ClusterSpec): string | undefined;
  /** whether the dataplane enforces NetworkPolicy (Flannel stores policies; nothing applies them) */
  enforcesPolicy: boolean;
  /** the CNI half of the build */
  resolve(b: CniBuild): CniState;
}
