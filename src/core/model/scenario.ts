// The scenario: plain typed resources, as the user wrote them (after defaults are applied).
// Everything downstream (IPAM, control plane, kernel state, walks, renderers) is a pure function of this.
// Field names follow the real APIs (Kubernetes, projectcalico.org/v3, flannel's net-conf.json) so that
// a resource pasted from a real cluster means the same thing here.

/** Where a resource came from: used to point errors found after parsing back at file:line. */
export interface ResourceRef {
  kind: string;
  name: string; // "ns/name" for namespaced kinds
  /** index of the YAML document in its file (0-based) */
  doc: number;
}

// ---------------------------------------------------------------------------------------------
// cnilab/v1 Topology: the underlay
// ---------------------------------------------------------------------------------------------

export interface TopologyNetwork {
  name: string;
  /** canonical CIDR, e.g. "192.168.2.0/24" */
  cidr: string;
  gateway?: string;
  /** extension: MTU of the segment; a NIC on it gets min(nic.mtu, network.mtu). Default 1500. */
  mtu?: number;
}

export interface RouterInterface {
  network: string;
  /** CIDR form: "192.168.26.1/24" */
  ip: string;
}

export interface TopologyRouter {
  name: string;
  interfaces: RouterInterface[];
  /** present when the router speaks BGP (issue: BGP control plane) */
  bgp?: { asNumber: number };
}

export interface NodeInterface {
  name: string;
  /** L2 segment; absent = a network-less interface such as docker0 (exists, reaches nothing) */
  network?: string;
  /** CIDR form, e.g. "192.168.26.71/24" */
  ip: string;
  mtu: number; // default 1500
  mac?: string;
  /** extension: route metric on the connected route (and on the default route it carries); default 0 */
  metric?: number;
  /** extension: how the default route on this interface is labelled ("static", "dhcp"); default none */
  defaultRouteProto?: string;
  /** extension: link is administratively up but has no carrier (docker0 with no containers): `linkdown` */
  linkdown?: boolean;
}

export interface TopologyNode {
  name: string;
  /** Kubernetes node labels (Calico Node labels mirror and extend them) */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Node.spec.podCIDR; defaulted during resolve when absent */
  podCIDR?: string;
  interfaces: NodeInterface[];
  /** extension: extra routes the distribution adds (e.g. "169.254.0.0/16 dev ens33 scope link metric 1000") */
  extraRoutes?: string[];
  /** extension: wall-clock time ("HH:MM:SS") the node's CNI agent started; a BGP session's SINCE is the later
   *  of its two ends. Default: the Cluster's clockStart. */
  startedAt?: string;
}

export interface Topology {
  name: string;
  networks: TopologyNetwork[];
  routers: TopologyRouter[];
  nodes: TopologyNode[];
}

// ---------------------------------------------------------------------------------------------
// cnilab/v1 Cluster: which CNI and how it is installed (the manifest / helm values, not a CRD)
// ---------------------------------------------------------------------------------------------

export type EncapMode = 'Always' | 'CrossSubnet' | 'Never';

export interface CalicoInstall {
  /** IP_AUTODETECTION_METHOD, default "first-found" */
  ipAutodetectionMethod: string;
  /** CALICO_NETWORKING_BACKEND / calico_backend */
  networkingBackend: 'bird' | 'vxlan' | 'none';
  ipam: 'calico-ipam' | 'host-local';
  /** veth_mtu; undefined or 0 = auto (host MTU minus the overhead of the enabled encapsulation) */
  vethMtu?: number;
}

export interface FlannelNetConf {
  Network: string;
  SubnetLen?: number;
  Backend: {
    Type: 'vxlan' | 'host-gw';
    DirectRouting?: boolean;
    VNI?: number;
    Port?: number;
    MTU?: number;
  };
}

export interface FlannelInstall {
  netConf: FlannelNetConf;
  /** flanneld --iface (names or IPs, first match wins); default: the default-route interface */
  iface?: string[];
  /** flanneld --ip-masq (the default manifest sets it) */
  ipMasq: boolean;
}

export interface ClusterSpec {
  name: string;
  cni: 'calico' | 'flannel';
  calico: CalicoInstall;
  flannel: FlannelInstall;
  /** extension: logical wall clock start for SINCE columns and tcpdump timestamps, "HH:MM:SS" */
  clockStart?: string;
}

// ---------------------------------------------------------------------------------------------
// projectcalico.org/v3 (also accepted as crd.projectcalico.org/v1)
// ---------------------------------------------------------------------------------------------

export interface IPPool {
  name: string;
  cidr: string;
  blockSize: number; // default 26
  ipipMode: EncapMode; // default Never (as the API defaults it)
  vxlanMode: EncapMode; // default Never
  natOutgoing: boolean; // default false in the API
  disabled: boolean;
  disableBGPExport: boolean;
  nodeSelector: string; // default "all()"
  assignmentMode?: 'Automatic' | 'Manual';
}

export interface BGPConfiguration {
  name: string; // "default" carries global settings
  logSeverityScreen?: string;
  nodeToNodeMeshEnabled?: boolean;
  asNumber?: number;
  nodeSelector?: string;
  listenPort?: number;
}

export interface BGPPeer {
  name: string;
  node?: string;
  nodeSelector?: string;
  peerIP?: string;
  peerSelector?: string;
  asNumber?: number;
  keepOriginalNextHop?: boolean;
}

/** Calico Node resource: adds labels/BGP settings to a Topology node of the same name. */
export interface CalicoNode {
  name: string;
  labels: Record<string, string>;
  bgp?: {
    ipv4Address?: string;
    asNumber?: number;
    routeReflectorClusterID?: string;
    ipv4IPIPTunnelAddr?: string;
  };
  ipv4VXLANTunnelAddr?: string;
  ipv4VXLANTunnelMACAddr?: string;
}

export interface BlockAffinity {
  name: string;
  node: string;
  cidr: string;
  state: 'confirmed' | 'pending' | 'pendingDeletion';
}

export interface IPAMConfig {
  strictAffinity: boolean;
  autoAllocateBlocks: boolean;
  maxBlocksPerHost: number;
}

/** Calico selectors and rules are kept as written; core/policy parses them. */
export interface CalicoPolicy {
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy';
  name: string;
  namespace?: string; // NetworkPolicy only
  spec: Record<string, unknown>;
}

export interface Tier {
  name: string;
  order?: number;
  defaultAction?: 'Deny' | 'Pass';
}

// ---------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------

export interface Namespace {
  name: string;
  labels: Record<string, string>; // includes kubernetes.io/metadata.name
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface Pod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  nodeName?: string; // filled by the scheduler during resolve when absent
  containers: { name: string; ports: ContainerPort[] }[];
  serviceAccountName?: string;
  /** from cni.projectcalico.org/ipAddrs (pins the pod's IP) */
  pinnedIPs?: string[];
  /** hostNetwork pods share the node's namespace and get no veth */
  hostNetwork?: boolean;
  /** set when the pod came from a Deployment */
  ownerDeployment?: string;
}

export interface Deployment {
  namespace: string;
  name: string;
  replicas: number;
  template: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    containers: { name: string; ports: ContainerPort[] }[];
  };
}

/** networking.k8s.io/v1 NetworkPolicy, spec as written (core/policy validates and interprets it). */
export interface K8sNetworkPolicy {
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
}

export interface ServicePort {
  name?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort: number | string;
  /** NodePort / LoadBalancer: the port every node opens (30000-32767); allocated when not written */
  nodePort?: number;
}

export interface Service {
  namespace: string;
  name: string;
  /** absent = ClusterIP */
  type?: 'NodePort' | 'LoadBalancer';
  /** an IPv4 address, or "None" (headless: DNS answers the pods' addresses, kube-proxy writes no rule) */
  clusterIP?: string;
  selector?: Record<string, string>;
  ports: ServicePort[];
  /** NodePort / LoadBalancer only; absent = Cluster */
  externalTrafficPolicy?: 'Local';
  /** sessionAffinity: ClientIP, with sessionAffinityConfig.clientIP.timeoutSeconds (default 10800) */
  affinity?: { timeoutSeconds: number };
  /** LoadBalancer: status.loadBalancer.ingress[].ip, the address the (modelled) load balancer answers on */
  loadBalancerIPs?: string[];
}

// ---------------------------------------------------------------------------------------------
// cnilab/v1 Fault (issue: BGP control plane) — kept typed here so every layer agrees on the shape
// ---------------------------------------------------------------------------------------------

export interface Fault {
  name: string;
  /** node down | link down (node:iface) | router down | filter dropping traffic between networks */
  type: 'nodeDown' | 'linkDown' | 'routerDown' | 'filter';
  node?: string;
  iface?: string;
  router?: string;
  filter?: { between: [string, string]; protocol: 'TCP' | 'UDP' | 'ICMP'; port?: number };
}

/** A real Kubernetes/Calico kind we do not model: kept, with a warning. */
export interface ForeignResource {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface Scenario {
  topology: Topology;
  cluster: ClusterSpec;
  ippools: IPPool[];
  bgpConfigurations: BGPConfiguration[];
  bgpPeers: BGPPeer[];
  calicoNodes: CalicoNode[];
  blockAffinities: BlockAffinity[];
  ipamConfig: IPAMConfig;
  tiers: Tier[];
  calicoPolicies: CalicoPolicy[];
  namespaces: Namespace[];
  /** includes the pods expanded from Deployments, in a documented order */
  pods: Pod[];
  deployments: Deployment[];
  networkPolicies: K8sNetworkPolicy[];
  services: Service[];
  faults: Fault[];
  foreign: ForeignResource[];
  /** where each resource came from, keyed "Kind/name" (namespaced: "Kind/ns/name") */
  refs: Record<string, ResourceRef>;
}
