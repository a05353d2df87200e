// Sorts the dumps' resources into what the lab can use, reading each field where the API server keeps it
// and checking values as it goes (a bad address is an error at its file and line). Kinds the lab has no
// use for (Events, Endpoints, ReplicaSets, …) and the server's bookkeeping (status noise, managedFields,
// uid, resourceVersion) are passed over without a word; Secrets are counted and dropped.

import { LabError } from '../model/errors';
import { parseCidrLoose, parseIp } from '../util/ipv4';
import { isObj, locOf, type DumpObject, type Obj } from './read';

export interface Addr {
  ip: string;
  prefixLen?: number;
}

export interface NodeFact {
  name: string;
  obj: DumpObject;
  labels: Record<string, string>;
  /** the Calico and flannel annotations (the rest is kubelet's bookkeeping) */
  annotations: Record<string, string>;
  podCIDR?: string;
  /** status.addresses InternalIP, then ExternalIP, in the order printed */
  addresses: string[];
  /** Calico's address with its prefix: Node spec.bgp.ipv4Address or projectcalico.org/IPv4Address */
  calico?: Addr;
  ipipTunnel?: string;
  vxlanTunnel?: string;
  vxlanMac?: string;
  asNumber?: number;
  rrClusterID?: string;
  /** labels of the Calico Node resource, when calicoctl printed one */
  calicoLabels?: Record<string, string>;
  flannelPublicIP?: string;
}

export interface PodFact {
  obj: DumpObject;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  nodeName?: string;
  hostNetwork: boolean;
  ip?: string;
  phase?: string;
  containers: { name: string; ports: Obj[] }[];
  serviceAccountName?: string;
  /** the CNI's own agent (calico-node, kube-flannel): the lab models it as the node itself */
  agent: boolean;
  /** HH:MM:SS (UTC) the agent's container last started */
  startedAt?: string;
  /** calico-node's settings as its pod spec shows them: literal env values, and whether its readiness
   *  probe asks BIRD (only the bird backend runs it) */
  calicoEnv?: { backend?: string; autodetect?: string; birdProbe?: boolean };
}

export interface Facts {
  nodes: NodeFact[];
  calicoOnly: Map<string, DumpObject>; // Calico Nodes without a Kubernetes Node
  pods: PodFact[];
  namespaces: { name: string; labels: Record<string, string> }[];
  services: Obj[];
  networkPolicies: Obj[];
  calicoPolicies: Obj[];
  pools: { obj: DumpObject; name: string; spec: Obj }[];
  bgpConfigurations: Obj[];
  bgpPeers: { name: string; spec: Obj }[];
  affinities: { obj: DumpObject; name: string; node: string; cidr: string; state: string }[];
  ipamConfig?: Obj;
  flannelNetConf?: { obj: DumpObject; value: Obj };
  calicoConfig?: { backend?: string; vethMtu?: number; ipam?: string };
  secrets: number;
  calicoSeen: boolean;
  files: Set<string>;
}

const CALICO_GROUPS = new Set(['projectcalico.org/v3', 'crd.projectcalico.org/v1']);
const AGENT_LABELS: [string, string][] = [
  ['k8s-app', 'calico-node'],
  ['app', 'flannel'],
  ['k8s-app', 'flannel'],
];

const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
};
const meta = (o: DumpObject): Obj => (isObj(o.value.metadata) ? o.value.metadata : {});
const specOf = (o: DumpObject): Obj => (isObj(o.value.spec) ? o.value.spec : {});
const nameOf = (o: DumpObject): string | undefined => {
  const n = meta(o).name;
  return typeof n === 'string' && n !== '' ? n : undefined;
};

export function collect(objects: DumpObject[], errors: LabError[]): Facts {
  const f: Facts = {
    nodes: [],
    calicoOnly: new Map(),
    pods: [],
    namespaces: [],
    services: [],
    networkPolicies: [],
    calicoPolicies: [],
    pools: [],
    bgpConfigurations: [],
    bgpPeers: [],
    affinities: [],
    secrets: 0,
    calicoSeen: false,
    files: new Set(),
  };
  const bad = (o: DumpObject, path: string, detail: string, allowed: string) => errors.push(new LabError('E903', detail, locOf(o, path), allowed));
  const ip = (o: DumpObject, path: string, v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string' && parseIp(v) !== undefined) return v;
    bad(o, path, `${JSON.stringify(v)} is not an IPv4 address`, 'a dotted IPv4 address such as 10.0.0.12');
    return undefined;
  };
  const addr = (o: DumpObject, path: string, v: unknown): Addr | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') {
      const [a, len] = v.split('/');
      if (parseIp(a) !== undefined && (len === undefined || (/^\d+$/.test(len) && Number(len) <= 32))) return len === undefined ? { ip: a } : { ip: a, prefixLen: Number(len) };
    }
    bad(o, path, `${JSON.stringify(v)} is not an IPv4 address with an optional prefix length`, 'an address such as 10.0.0.12/24');
    return undefined;
  };
  const cidr = (o: DumpObject, path: string, v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string' && v.includes('/') && parseCidrLoose(v)) return v;
    bad(o, path, `${JSON.stringify(v)} is not an IPv4 CIDR`, 'a CIDR such as 10.244.1.0/24');
    return undefined;
  };
  const nodes = new Map<string, NodeFact>();
  const nodeFact = (o: DumpObject, name: string): NodeFact => {
    let n = nodes.get(name);
    if (!n) {
      n = { name, obj: o, labels: {}, annotations: {}, addresses: [] };
      nodes.set(name, n);
    }
    return n;
  };
  const calicoNodes: DumpObject[] = [];

  for (const o of objects) {
    f.files.add(o.file);
    const name = nameOf(o);
    const md = meta(o);
    const spec = specOf(o);
    const calico = CALICO_GROUPS.has(o.apiVersion);
    if (calico) f.calicoSeen = true;
    if (o.kind === 'Secret') {
      f.secrets++;
      continue;
    }
    if (!name) continue;
    if (o.apiVersion === 'v1' && o.kind === 'Node') {
      const n = nodeFact(o, name);
      n.obj = o;
      n.labels = strMap(md.labels);
      const ann = strMap(md.annotations);
      for (const [k, v] of Object.entries(ann)) if (k.startsWith('projectcalico.org/') || k.startsWith('flannel.alpha.coreos.com/')) n.annotations[k] = v;
      const pc = spec.podCIDR ?? (Array.isArray(spec.podCIDRs) ? spec.podCIDRs[0] : undefined);
      n.podCIDR = cidr(o, spec.podCIDR !== undefined ? 'spec.podCIDR' : 'spec.podCIDRs[0]', pc) ?? n.podCIDR;
      const status = isObj(o.value.status) ? o.value.status : {};
      const list = Array.isArray(status.addresses) ? status.addresses : [];
      const found: string[] = [];
      for (const type of ['InternalIP', 'ExternalIP']) {
        list.forEach((a, i) => {
          if (!isObj(a) || a.type !== type) return;
          if (typeof a.address === 'string' && a.address.includes(':')) return; // IPv6: the lab is IPv4
          const v = ip(o, `status.addresses[${i}].address`, a.address);
          if (v && !found.includes(v)) found.push(v);
        });
      }
      n.addresses = found;
      if (!n.calico && ann['projectcalico.org/IPv4Address'] !== undefined) {
        n.calico = addr(o, 'metadata.annotations["projectcalico.org/IPv4Address"]', ann['projectcalico.org/IPv4Address']);
        f.calicoSeen = true;
      }
      n.ipipTunnel ??= ip(o, 'metadata.annotations["projectcalico.org/IPv4IPIPTunnelAddr"]', ann['projectcalico.org/IPv4IPIPTunnelAddr']);
      n.vxlanTunnel ??= ip(o, 'metadata.annotations["projectcalico.org/IPv4VXLANTunnelAddr"]', ann['projectcalico.org/IPv4VXLANTunnelAddr']);
      if (ann['projectcalico.org/ASNumber'] && /^\d+$/.test(ann['projectcalico.org/ASNumber'])) n.asNumber ??= Number(ann['projectcalico.org/ASNumber']);
      if (ann['projectcalico.org/RouteReflectorClusterID']) n.rrClusterID ??= ann['projectcalico.org/RouteReflectorClusterID'];
      n.flannelPublicIP = ip(o, 'metadata.annotations["flannel.alpha.coreos.com/public-ip"]', ann['flannel.alpha.coreos.com/public-ip']);
    } else if (calico && o.kind === 'Node') {
      calicoNodes.push(o);
    } else if (o.apiVersion === 'v1' && o.kind === 'Pod') {
      f.pods.push(podFact(o, name, ip));
    } else if (o.apiVersion === 'v1' && o.kind === 'Namespace') {
      f.namespaces.push({ name, labels: strMap(md.labels) });
    } else if (o.apiVersion === 'v1' && o.kind === 'Service') {
      f.services.push({ name, namespace: md.namespace ?? 'default', spec });
    } else if (o.apiVersion === 'networking.k8s.io/v1' && o.kind === 'NetworkPolicy') {
      f.networkPolicies.push({ name, namespace: md.namespace ?? 'default', spec });
    } else if (o.apiVersion === 'v1' && o.kind === 'ConfigMap' && name === 'kube-flannel-cfg') {
      const data = isObj(o.value.data) ? o.value.data : {};
      const raw = data['net-conf.json'];
      if (typeof raw !== 'string') {
        bad(o, 'data', 'kube-flannel-cfg has no data["net-conf.json"]', 'the ConfigMap as kube-flannel.yml creates it');
        continue;
      }
      try {
        const value = JSON.parse(raw) as unknown;
        if (!isObj(value)) throw new Error('not an object');
        f.flannelNetConf = { obj: o, value };
      } catch (e) {
        bad(o, 'data["net-conf.json"]', `net-conf.json is not a JSON object: ${(e as Error).message}`, '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}');
      }
    } else if (o.apiVersion === 'v1' && o.kind === 'ConfigMap' && name === 'calico-config') {
      const data = strMap(o.value.data);
      const c: NonNullable<Facts['calicoConfig']> = {};
      if (data.calico_backend) c.backend = data.calico_backend;
      if (data.veth_mtu && /^\d+$/.test(data.veth_mtu)) c.vethMtu = Number(data.veth_mtu);
      const ipamType = data.cni_network_config?.match(/"type"\s*:\s*"(host-local|calico-ipam)"/);
      if (ipamType) c.ipam = ipamType[1];
      f.calicoConfig = c;
    } else if (calico && o.kind === 'IPPool') {
      const c = cidr(o, 'spec.cidr', spec.cidr);
      if (!c) {
        if (spec.cidr === undefined) bad(o, 'spec', `IPPool ${name} has no spec.cidr`, 'the pool as calicoctl get ippool -o yaml prints it');
        continue;
      }
      if (c.includes(':')) continue;
      f.pools.push({ obj: o, name, spec });
    } else if (calico && o.kind === 'BGPConfiguration') {
      f.bgpConfigurations.push({ name, ...spec });
    } else if (calico && o.kind === 'BGPPeer') {
      f.bgpPeers.push({ name, spec });
    } else if (calico && o.kind === 'BlockAffinity') {
      if (spec.deleted === 'true' || spec.deleted === true) continue;
      const c = cidr(o, 'spec.cidr', spec.cidr);
      if (!c || typeof spec.node !== 'string') {
        if (typeof spec.node !== 'string') bad(o, 'spec.node', `BlockAffinity ${name} names no node`, 'spec.node: the node the block belongs to');
        continue;
      }
      if (c.includes(':')) continue;
      f.affinities.push({ obj: o, name, node: spec.node, cidr: c, state: typeof spec.state === 'string' ? spec.state : 'confirmed' });
    } else if (calico && (o.kind === 'IPAMConfig' || o.kind === 'IPAMConfiguration')) {
      f.ipamConfig = spec;
    } else if (calico && (o.kind === 'NetworkPolicy' || o.kind === 'GlobalNetworkPolicy')) {
      f.calicoPolicies.push({ kind: o.kind, name, ...(o.kind === 'NetworkPolicy' ? { namespace: md.namespace ?? 'default' } : {}), spec });
    }
  }

  // Calico Nodes last: they add to the Kubernetes Node of the same name, whichever file came first.
  for (const o of calicoNodes) {
    const name = nameOf(o)!;
    const spec = specOf(o);
    const bgp = isObj(spec.bgp) ? spec.bgp : {};
    const n = nodes.get(name);
    if (!n) {
      f.calicoOnly.set(name, o);
    }
    const t = n ?? nodeFact(o, name);
    const a = addr(o, 'spec.bgp.ipv4Address', bgp.ipv4Address);
    if (a) t.calico = a;
    t.ipipTunnel = ip(o, 'spec.bgp.ipv4IPIPTunnelAddr', bgp.ipv4IPIPTunnelAddr) ?? t.ipipTunnel;
    t.vxlanTunnel = ip(o, 'spec.ipv4VXLANTunnelAddr', spec.ipv4VXLANTunnelAddr) ?? t.vxlanTunnel;
    const mac = spec.vxlanTunnelMACAddr ?? spec.ipv4VXLANTunnelMACAddr;
    if (typeof mac === 'string' && /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(mac)) t.vxlanMac = mac.toLowerCase();
    if (typeof bgp.asNumber === 'number') t.asNumber = bgp.asNumber;
    else if (typeof bgp.asNumber === 'string' && /^\d+$/.test(bgp.asNumber)) t.asNumber = Number(bgp.asNumber);
    if (typeof bgp.routeReflectorClusterID === 'string' && bgp.routeReflectorClusterID) t.rrClusterID = bgp.routeReflectorClusterID;
    t.calicoLabels = strMap(meta(o).labels);
  }
  f.nodes = [...nodes.values()];
  return f;
}

function podFact(o: DumpObject, name: string, ip: (o: DumpObject, path: string, v: unknown) => string | undefined): PodFact {
  const md = meta(o);
  const spec = specOf(o);
  const status = isObj(o.value.status) ? o.value.status : {};
  const labels = strMap(md.labels);
  const containers = (Array.isArray(spec.containers) ? spec.containers : []).filter(isObj).map((c, i) => ({
    name: typeof c.name === 'string' ? c.name : `c${i}`,
    ports: (Array.isArray(c.ports) ? c.ports : []).filter(isObj).filter((p) => typeof p.containerPort === 'number'),
  }));
  const agent = AGENT_LABELS.some(([k, v]) => labels[k] === v) && spec.hostNetwork === true;
  let startedAt: string | undefined;
  if (agent) {
    const cs = (Array.isArray(status.containerStatuses) ? status.containerStatuses : []).filter(isObj);
    const mine = cs.find((c) => c.name === 'calico-node' || c.name === 'kube-flannel') ?? cs[0];
    const running = mine && isObj(mine.state) && isObj(mine.state.running) ? mine.state.running.startedAt : undefined;
    const at = typeof running === 'string' ? running : typeof status.startTime === 'string' ? status.startTime : undefined;
    const m = at?.match(/T(\d\d:\d\d:\d\d)/);
    if (m) startedAt = m[1];
  }
  let calicoEnv: PodFact['calicoEnv'];
  if (agent && labels['k8s-app'] === 'calico-node') {
    const c = (Array.isArray(spec.containers) ? spec.containers : []).filter(isObj).find((x) => x.name === 'calico-node');
    if (c) {
      const env = new Map((Array.isArray(c.env) ? c.env : []).filter(isObj).filter((e) => typeof e.name === 'string' && typeof e.value === 'string').map((e) => [e.name as string, e.value as string]));
      const probe = isObj(c.readinessProbe) && isObj(c.readinessProbe.exec) && Array.isArray(c.readinessProbe.exec.command) ? (c.readinessProbe.exec.command as unknown[]) : undefined;
      calicoEnv = {
        ...(env.get('CALICO_NETWORKING_BACKEND') ? { backend: env.get('CALICO_NETWORKING_BACKEND') } : {}),
        ...(env.get('IP_AUTODETECTION_METHOD') ? { autodetect: env.get('IP_AUTODETECTION_METHOD') } : {}),
        ...(probe ? { birdProbe: probe.includes('-bird-ready') } : {}),
      };
    }
  }
  const podIP = status.podIP;
  return {
    obj: o,
    namespace: typeof md.namespace === 'string' ? md.namespace : 'default',
    name,
    labels,
    ...(typeof spec.nodeName === 'string' ? { nodeName: spec.nodeName } : {}),
    hostNetwork: spec.hostNetwork === true,
    ...(spec.hostNetwork !== true && typeof podIP === 'string' && !podIP.includes(':') ? { ip: ip(o, 'status.podIP', podIP) } : {}),
    ...(typeof status.phase === 'string' ? { phase: status.phase } : {}),
    containers,
    ...(typeof spec.serviceAccountName === 'string' ? { serviceAccountName: spec.serviceAccountName } : {}),
    agent,
    ...(startedAt ? { startedAt } : {}),
    ...(calicoEnv ? { calicoEnv } : {}),
  };
}
