// The policy core's view of a resolved cluster: the PolicyWorld a ClusterState stands for (pods with
// their IPs, labels and container ports; namespaces; policies; whether anything enforces them) and
// kube-proxy's table of Service ports. Built once per state object and cached in a WeakMap: the
// state is immutable (an edit makes a new state), so the cache never goes stale.

import type { ClusterState } from '../model/cluster';
import type { Pod, Service, ServicePort } from '../model/scenario';
import { cniOf } from '../cni';
import { parseIp } from '../util/ipv4';
import { compilePolicies, podKey, type CompiledPolicies } from './compile';
import { sliceService, type EndpointSlice } from './endpointSlices';
import type { ServiceEndpoint } from './services';
import type { L4Protocol, PolicyPod, PolicyWorld } from './types';

/** One Service port as kube-proxy programs it: the virtual address and the endpoints behind it. */
export interface ServicePortEntry {
  service: Service;
  port: ServicePort;
  /** "ns/name" of the Service */
  key: string;
  endpoints: ServiceEndpoint[];
}

/** A node as kube-proxy and the modelled load balancer see it. */
export interface ProxyNode {
  name: string;
  /** the node's address (InternalIP): where a load balancer sends NodePort traffic */
  ip?: string;
}

export interface PolicyRuntime {
  world: PolicyWorld;
  compiled: CompiledPolicies;
  /** pod network namespace id ("pod/ns/name") → pod */
  podByNsId: ReadonlyMap<string, PolicyPod>;
  /** "clusterIP/PROTO/port" → the Service port behind it */
  servicePorts: ReadonlyMap<string, ServicePortEntry>;
  /** every clusterIP that has at least one port, → the Service */
  serviceIps: ReadonlyMap<string, Service>;
  /** "PROTO/nodePort" → the NodePort / LoadBalancer Service port behind it (KUBE-NODEPORTS) */
  nodePorts: ReadonlyMap<string, ServicePortEntry>;
  /** "lbIP/PROTO/port" → the LoadBalancer Service port behind it (status.loadBalancer.ingress) */
  lbPorts: ReadonlyMap<string, ServicePortEntry>;
  /** every load-balancer address, → the Service */
  lbIps: ReadonlyMap<string, Service>;
  /** the nodes in topology order */
  nodes: readonly ProxyNode[];
  /** every Service's EndpointSlices, in Service order: what kube-proxy builds its chains from */
  slices: readonly EndpointSlice[];
  /** the scenario holds at least one NetworkPolicy or Calico policy */
  hasPolicies: boolean;
}

export const servicePortKey = (ip: string, protocol: string, port: number) => `${ip}/${protocol}/${port}`;

/**
 * The pods as policy sees them. Running pods come from the resolved state (their IPs); container
 * ports and the service account from the scenario's Pod. hostNetwork pods have no pod IP of their
 * own in the state and no Calico endpoint: they are left out.
 */
export function policyPodsOf(state: ClusterState): PolicyPod[] {
  const specs = new Map<string, Pod>();
  for (const p of state.scenario.pods) specs.set(podKey(p), p);
  return state.pods.map((p) => {
    const spec = specs.get(podKey(p));
    const pod: PolicyPod = {
      namespace: p.namespace,
      name: p.name,
      labels: p.labels,
      ip: p.ip,
      node: p.node,
      ports: spec ? spec.containers.flatMap((c) => c.ports) : [],
    };
    if (spec?.serviceAccountName) pod.serviceAccountName = spec.serviceAccountName;
    return pod;
  });
}

/** The PolicyWorld of a cluster. Whether anything enforces the policies is the CNI's (Flannel stores them only). */
export function policyWorldOf(state: ClusterState): PolicyWorld {
  const s = state.scenario;
  return {
    pods: policyPodsOf(state),
    namespaces: s.namespaces,
    networkPolicies: s.networkPolicies,
    calicoPolicies: s.calicoPolicies,
    tiers: s.tiers,
    enforced: cniOf(s).enforcesPolicy,
  };
}

const runtimes = new WeakMap<ClusterState, PolicyRuntime>();

/** Compiled policies and kube-proxy's Service table of a state, built once per state object. */
export function policyRuntime(state: ClusterState): PolicyRuntime {
  let rt = runtimes.get(state);
  if (rt) return rt;
  const world = policyWorldOf(state);
  const compiled = compilePolicies(world);
  const podByNsId = new Map<string, PolicyPod>();
  for (let i = 0; i < state.pods.length; i++) podByNsId.set(state.pods[i].ns, world.pods[i]);
  const servicePorts = new Map<string, ServicePortEntry>();
  const serviceIps = new Map<string, Service>();
  const nodePorts = new Map<string, ServicePortEntry>();
  const lbPorts = new Map<string, ServicePortEntry>();
  const lbIps = new Map<string, Service>();
  const slices: EndpointSlice[] = [];
  for (const svc of state.scenario.services) {
    const own = sliceService(svc, world.pods);
    slices.push(...own);
    // headless Services ("None") and Services without an address get no kube-proxy rules
    if (!svc.clusterIP || parseIp(svc.clusterIP) === undefined) continue;
    for (const sp of svc.ports) {
      const k = servicePortKey(svc.clusterIP, sp.protocol, sp.port);
      if (servicePorts.has(k)) continue;
      const endpoints = endpointsOf(own, sp);
      const entry: ServicePortEntry = { service: svc, port: sp, key: podKey(svc), endpoints };
      servicePorts.set(k, entry);
      if (!serviceIps.has(svc.clusterIP)) serviceIps.set(svc.clusterIP, svc);
      if (svc.type && sp.nodePort !== undefined) nodePorts.set(`${sp.protocol}/${sp.nodePort}`, entry);
      if (svc.type === 'LoadBalancer')
        for (const ip of svc.loadBalancerIPs ?? []) {
          lbPorts.set(servicePortKey(ip, sp.protocol, sp.port), entry);
          if (!lbIps.has(ip)) lbIps.set(ip, svc);
        }
    }
  }
  const nodes: ProxyNode[] = state.nodes.map((n) => (n.address ? { name: n.name, ip: n.address.ip } : { name: n.name }));
  rt = {
    world,
    compiled,
    podByNsId,
    servicePorts,
    serviceIps,
    nodePorts,
    lbPorts,
    lbIps,
    nodes,
    slices,
    hasPolicies: world.networkPolicies.length > 0 || world.calicoPolicies.length > 0,
  };
  runtimes.set(state, rt);
  return rt;
}

const ipNum = (ip: string) => ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);

/** kube-proxy's endpoints of one Service port, read from the Service's slices: the slice port of the
 *  same name and protocol, ready endpoints only, in address order (the order its chains list them). */
export function endpointsOf(slices: readonly EndpointSlice[], sp: ServicePort): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  for (const s of slices)
    for (const p of s.ports) {
      if (p.name !== (sp.name ?? '') || p.protocol !== sp.protocol) continue;
      for (const e of s.endpoints) if (e.ready) out.push({ ip: e.address, port: p.port, protocol: p.protocol, pod: e.pod, node: e.nodeName });
    }
  return out.sort((a, b) => ipNum(a.ip) - ipNum(b.ip) || (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

export function servicePortAt(rt: PolicyRuntime, ip: string, protocol: L4Protocol | string, port: number | undefined): ServicePortEntry | undefined {
  if (port === undefined) return undefined;
  return rt.servicePorts.get(servicePortKey(ip, protocol, port));
}
