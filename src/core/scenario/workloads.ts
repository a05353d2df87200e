// Kubernetes core workloads: Namespace, Pod, Deployment, Service, and v1 Node (which adds labels,
// annotations and podCIDR to the Topology node of the same name). Fields a pasted manifest carries
// that change nothing about the network (image, resources, probes, ...) are accepted silently.

import type { ContainerPort, Deployment, Namespace, Pod, Service, ServicePort } from '../model/scenario';
import { copyRecord, finishRoot, readMeta, specOf, type Build, type Doc } from './build';
import type { Res, ResWhere, Where } from './diag';
import { Fields, describe, setOwn } from './fields';
import { checkCanonicalCidr, cidrField, ipProblem } from './net';
import { joinPath } from './path';

export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
export const IPADDRS_ANNOTATION = 'cni.projectcalico.org/ipAddrs';
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

const POD_SPEC_ACCEPTED = [
  'volumes',
  'initContainers',
  'ephemeralContainers',
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'dnsPolicy',
  'automountServiceAccountToken',
  'hostPID',
  'hostIPC',
  'shareProcessNamespace',
  'securityContext',
  'imagePullSecrets',
  'hostname',
  'subdomain',
  'affinity',
  'schedulerName',
  'tolerations',
  'hostAliases',
  'priorityClassName',
  'priority',
  'dnsConfig',
  'readinessGates',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'overhead',
  'topologySpreadConstraints',
  'setHostnameAsFQDN',
  'os',
  'hostUsers',
  'schedulingGates',
  'resourceClaims',
  'resources',
];

const CONTAINER_ACCEPTED = [
  'image',
  'command',
  'args',
  'workingDir',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
];

/** A pod as read, before placement: where its fields are, for errors found later. */
export interface PodEntry {
  pod: Pod;
  nodeSelector?: Record<string, string>;
  /** where the pin annotation is, when there is one */
  pinWhere?: ResWhere;
  /** path prefix of the pod template in its resource: '' for a Pod, 'spec.template.' for a Deployment */
  res: Res;
  specPath: string;
}

export interface DeploymentEntry {
  dep: Deployment;
  res: Res;
  pinnedIPs?: string[];
}

export interface WorkloadState {
  pods: PodEntry[];
  deployments: DeploymentEntry[];
  /** namespaces in the order resources first use them */
  nsUsed: string[];
  clusterIPs: Map<string, Where>;
  /** nodePorts written in the file → where; Service ports still to allocate one */
  nodePorts: Map<number, Where>;
  unallocated: ServicePort[];
}

export function newWorkloadState(): WorkloadState {
  return { pods: [], deployments: [], nsUsed: [], clusterIPs: new Map(), nodePorts: new Map(), unallocated: [] };
}

/** The API server's default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/**
 * nodePorts the file leaves out. The API server picks a random free port of the range; the lab must
 * replay the same way, so it takes the lowest free port, in file order (documented in README).
 */
export function allocateNodePorts(st: WorkloadState): void {
  let next: number = NODE_PORT_RANGE.min;
  for (const sp of st.unallocated) {
    while (st.nodePorts.has(next)) next++;
    if (next > NODE_PORT_RANGE.max) return;
    sp.nodePort = next++;
  }
}

export function useNamespace(st: WorkloadState, ns: string): void {
  if (!st.nsUsed.includes(ns)) st.nsUsed.push(ns);
}

export function readNamespace(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'label', what: 'Namespace' });
  const spec = specOf(doc, false);
  spec.accept('finalizers');
  spec.done();
  finishRoot(doc, spec);
  if (meta.name === undefined) return;
  if (!b.unique(`Namespace/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `Namespace ${JSON.stringify(meta.name)}`)) return;
  const labels = copyRecord(meta.labels);
  const given = labels[NS_NAME_LABEL];
  if (given !== undefined && given !== meta.name) {
    b.rep.warn('W109', { res: doc.res, path: `metadata.labels["${NS_NAME_LABEL}"]` }, `the API server sets ${NS_NAME_LABEL}=${meta.name}; the value ${JSON.stringify(given)} is replaced`);
  }
  // The API server adds this label to every namespace (namespaceSelector relies on it).
  setOwn(labels, NS_NAME_LABEL, meta.name);
  const ns: Namespace = { name: meta.name, labels };
  b.out.namespaces.push(ns);
  b.ref('Namespace', meta.name, doc.res);
}

interface PodSpecRead {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  containers: Pod['containers'];
  hostNetwork?: boolean;
  serviceAccountName?: string;
}

function readPodSpec(spec: Fields, b: Build): PodSpecRead {
  const out: PodSpecRead = { containers: [] };
  const nodeName = spec.str('nodeName');
  if (nodeName !== undefined && b.checkNode(nodeName, spec.where('nodeName'), `${spec.at('nodeName')}: node`)) out.nodeName = nodeName;
  const sel = spec.strMap('nodeSelector');
  if (sel !== undefined) out.nodeSelector = sel;
  const hostNetwork = spec.bool('hostNetwork');
  if (hostNetwork !== undefined) out.hostNetwork = hostNetwork;
  const sa = spec.str('serviceAccountName') ?? spec.str('serviceAccount');
  if (sa !== undefined) out.serviceAccountName = sa;
  const containers = spec.maps('containers', true) ?? [];
  if (containers.length === 0 && spec.has('containers')) spec.rep.error('E106', spec.where('containers'), `${spec.at('containers')} needs at least one container`);
  const seen = new Set<string>();
  for (const c of containers) {
    const name = c.str('name', true, 'the container name');
    const ports: ContainerPort[] = [];
    for (const p of c.maps('ports') ?? []) {
      const containerPort = p.int('containerPort', { required: true, min: 1, max: 65535 });
      const pname = p.str('name');
      const protocol = p.oneOf('protocol', PROTOCOLS) ?? 'TCP';
      p.notModelled('hostPort', 'hostIP');
      p.done();
      if (containerPort === undefined) continue;
      const port: ContainerPort = { containerPort, protocol };
      if (pname !== undefined) port.name = pname;
      ports.push(port);
    }
    c.accept(...CONTAINER_ACCEPTED);
    c.done();
    if (name === undefined) continue;
    if (seen.has(name)) {
      c.rep.error('E110', c.where('name'), `container ${JSON.stringify(name)} is declared twice in this pod`, 'unique container names');
      continue;
    }
    seen.add(name);
    out.containers.push({ name, ports });
  }
  spec.accept(...POD_SPEC_ACCEPTED);
  spec.done();
  return out;
}

/** cni.projectcalico.org/ipAddrs: a JSON array of addresses as a string; one IPv4 address pins the pod. */
export function readPins(annotations: Record<string, string>, b: Build, where: Where): string[] | undefined {
  const text = annotations[IPADDRS_ANNOTATION];
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    b.rep.error('E115', where, `${IPADDRS_ANNOTATION}: ${JSON.stringify(text)} is not JSON: ${(e as Error).message}`, 'a JSON array string such as \'["10.244.1.10"]\'');
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    b.rep.error('E107', where, `${IPADDRS_ANNOTATION} must be a JSON array of address strings, got ${describe(v)}`, '\'["10.244.1.10"]\'');
    return undefined;
  }
  const ips = v as string[];
  for (const ip of ips) {
    const why = ipProblem(ip);
    if (why) {
      b.rep.error('E112', where, `${IPADDRS_ANNOTATION}: ${JSON.stringify(ip)}: ${why}`, 'IPv4 addresses such as 10.244.1.10');
      return undefined;
    }
  }
  if (ips.length > 1) {
    b.rep.error('E119', where, `${IPADDRS_ANNOTATION} lists ${ips.length} IPv4 addresses; Calico assigns one per address family`, 'one IPv4 address');
    return undefined;
  }
  return ips.length === 1 ? ips : undefined;
}

export function readPod(doc: Doc, b: Build, st: WorkloadState): void {
  const meta = readMeta(doc, { namespaced: true, rule: 'subdomain', what: 'Pod' });
  const spec = specOf(doc, true);
  const ps = readPodSpec(spec, b);
  finishRoot(doc, spec);
  if (meta.name === undefined || meta.namespace === undefined) return;
  const key = `${meta.namespace}/${meta.name}`;
  if (!b.unique(`Pod/${key}`, { res: doc.res, path: 'metadata.name' }, `Pod ${key}`)) return;
  useNamespace(st, meta.namespace);
  const pinWhere: ResWhere = { res: doc.res, path: joinPath('metadata.annotations', IPADDRS_ANNOTATION) };
  const pod: Pod = {
    namespace: meta.namespace,
    name: meta.name,
    labels: copyRecord(meta.labels),
    annotations: copyRecord(meta.annotations),
    containers: ps.containers,
  };
  if (ps.nodeName !== undefined) pod.nodeName = ps.nodeName;
  if (ps.serviceAccountName !== undefined) pod.serviceAccountName = ps.serviceAccountName;
  if (ps.hostNetwork !== undefined) pod.hostNetwork = ps.hostNetwork;
  const pins = readPins(meta.annotations, b, pinWhere);
  if (pins) {
    if (ps.hostNetwork) b.rep.warn('W108', pinWhere, `${IPADDRS_ANNOTATION} has no effect on a hostNetwork pod (it uses the node's addresses)`);
    else pod.pinnedIPs = pins;
  }
  if (meta.annotations['cni.projectcalico.org/ipAddrsNoIpam'] !== undefined) {
    b.rep.warn('W103', { res: doc.res, path: joinPath('metadata.annotations', 'cni.projectcalico.org/ipAddrsNoIpam') }, 'cni.projectcalico.org/ipAddrsNoIpam is not simulated; use cni.projectcalico.org/ipAddrs');
  }
  st.pods.push({ pod, nodeSelector: ps.nodeSelector, pinWhere: pins ? pinWhere : undefined, res: doc.res, specPath: 'spec' });
  b.ref('Pod', key, doc.res);
}

export function readDeployment(doc: Doc, b: Build, st: WorkloadState): void {
  const meta = readMeta(doc, { namespaced: true, rule: 'subdomain', what: 'Deployment' });
  const spec = specOf(doc, true);
  const replicas = spec.int('replicas', { min: 0, max: 10000 }) ?? 1;
  const selector = spec.map('selector');
  const matchLabels = selector?.strMap('matchLabels');
  selector?.notModelled('matchExpressions');
  selector?.done();
  const tpl = spec.map('template', true);
  const tplMeta = tpl?.map('metadata');
  const labels = tplMeta?.strMap('labels') ?? {};
  const annotations = tplMeta?.strMap('annotations') ?? {};
  tplMeta?.accept('name', 'namespace', 'creationTimestamp');
  tplMeta?.done();
  const tplSpec = tpl?.map('spec', true);
  const ps = tplSpec ? readPodSpec(tplSpec, b) : undefined;
  if (ps?.hostNetwork !== undefined) b.rep.warn('W103', { res: doc.res, path: 'spec.template.spec.hostNetwork' }, 'spec.template.spec.hostNetwork is not simulated for Deployments; use a Pod');
  tpl?.done();
  spec.accept('strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds');
  spec.done();
  finishRoot(doc, spec);
  if (matchLabels) {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (labels[k] !== v) {
        b.rep.error('E505', { res: doc.res, path: joinPath('spec.selector.matchLabels', k) }, `spec.selector.matchLabels ${k}=${v} does not match spec.template.metadata.labels (${labels[k] === undefined ? 'missing' : `${k}=${labels[k]}`})`, 'selector labels that the template carries');
      }
    }
  }
  if (meta.name === undefined || meta.namespace === undefined || !ps) return;
  const key = `${meta.namespace}/${meta.name}`;
  if (!b.unique(`Deployment/${key}`, { res: doc.res, path: 'metadata.name' }, `Deployment ${key}`)) return;
  useNamespace(st, meta.namespace);
  const dep: Deployment = {
    namespace: meta.namespace,
    name: meta.name,
    replicas,
    template: { labels: copyRecord(labels), annotations: copyRecord(annotations), containers: ps.containers },
  };
  if (ps.nodeName !== undefined) dep.template.nodeName = ps.nodeName;
  if (ps.nodeSelector !== undefined) dep.template.nodeSelector = ps.nodeSelector;
  const pins = readPins(annotations, b, { res: doc.res, path: joinPath('spec.template.metadata.annotations', IPADDRS_ANNOTATION) });
  st.deployments.push({ dep, res: doc.res, pinnedIPs: pins });
  b.out.deployments.push(dep);
  b.ref('Deployment', key, doc.res);
}

export function readService(doc: Doc, b: Build, st: WorkloadState): void {
  const meta = readMeta(doc, { namespaced: true, rule: 'label', what: 'Service' });
  const spec = specOf(doc, true);
  const type = spec.oneOf('type', ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const);
  if (type === 'ExternalName') b.rep.warn('W103', spec.where('type'), `spec.type ExternalName is not simulated (it is a DNS CNAME; kube-proxy writes no rule for it)`);
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const clusterIP = spec.str('clusterIP');
  let ip: string | undefined;
  if (clusterIP !== undefined && clusterIP !== '') {
    const why = clusterIP === 'None' ? undefined : ipProblem(clusterIP);
    if (why) b.rep.error('E112', spec.where('clusterIP'), `spec.clusterIP: ${JSON.stringify(clusterIP)}: ${why}`, 'an IPv4 address, "None" (headless) or nothing');
    else if (clusterIP === 'None' && external) b.rep.error('E508', spec.where('clusterIP'), `spec.clusterIP: Invalid value: "None": may not be set to 'None' for ${type} services`, 'a clusterIP, or type ClusterIP for a headless Service');
    else ip = clusterIP;
  }
  const selector = spec.strMap('selector');
  const ports: ServicePort[] = [];
  const portFields = spec.maps('ports', ip !== 'None') ?? [];
  const written: { sp: ServicePort; where: Where }[] = [];
  for (const p of portFields) {
    const name = p.str('name');
    const protocol = p.oneOf('protocol', PROTOCOLS) ?? 'TCP';
    const port = p.int('port', { required: true, min: 1, max: 65535 });
    const tp = p.raw('targetPort');
    let targetPort: number | string | undefined;
    if (tp !== undefined) {
      if (typeof tp === 'number' && Number.isInteger(tp) && tp >= 1 && tp <= 65535) targetPort = tp;
      else if (typeof tp === 'string' && tp !== '') targetPort = /^\d+$/.test(tp) ? Number(tp) : tp;
      else p.typeError('targetPort', 'a port number 1-65535 or a container port name', tp);
    }
    const nodePort = p.int('nodePort', { min: 1, max: 65535 });
    p.accept('appProtocol');
    p.done();
    if (port === undefined) continue;
    const sp: ServicePort = { protocol, port, targetPort: targetPort ?? port };
    if (name !== undefined) sp.name = name;
    if (nodePort !== undefined && nodePort !== 0) {
      // the API server's own words (pkg/apis/core/validation, pkg/registry/core/service/portallocator)
      const where = p.where('nodePort');
      if (!external) b.rep.error('E508', where, `${p.at('nodePort')}: Forbidden: may not be used when \`type\` is 'ClusterIP'`, 'type: NodePort or LoadBalancer, or no nodePort');
      else if (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max)
        b.rep.error('E508', where, `${p.at('nodePort')}: Invalid value: ${nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`, `a port in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`);
      else written.push({ sp: { ...sp, nodePort }, where });
      if (external) sp.nodePort = nodePort;
    }
    ports.push(sp);
  }
  spec.accept('clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'publishNotReadyAddresses', 'allocateLoadBalancerNodePorts', 'trafficDistribution');
  const etp = spec.oneOf('externalTrafficPolicy', ['Cluster', 'Local'] as const);
  if (etp !== undefined && !external) b.rep.warn('W103', spec.where('externalTrafficPolicy'), `spec.externalTrafficPolicy applies to NodePort and LoadBalancer Services only; this ${type ?? 'ClusterIP'} Service has no external address`);
  const affinityType = spec.oneOf('sessionAffinity', ['None', 'ClientIP'] as const);
  let timeoutSeconds = 10800; // v1.DefaultClientIPServiceAffinitySeconds
  const cfg = spec.map('sessionAffinityConfig');
  const clientIP = cfg?.map('clientIP');
  const t = clientIP?.int('timeoutSeconds', { min: 1, max: 86400 });
  if (t !== undefined) timeoutSeconds = t;
  clientIP?.done();
  cfg?.done();
  spec.notModelled('externalIPs', 'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'externalName', 'healthCheckNodePort');
  spec.done();
  const lbIPs = readLoadBalancerStatus(doc, type === 'LoadBalancer');
  finishRoot(doc, spec);
  if (ports.length > 1) {
    const names = new Map<string, number>();
    ports.forEach((p, i) => {
      const where = { res: doc.res, path: `spec.ports[${i}].name` };
      if (p.name === undefined || p.name === '') b.rep.error('E506', where, `spec.ports[${i}] has no name; a Service with several ports names each`, 'distinct port names');
      else if (names.has(p.name)) b.rep.error('E506', where, `spec.ports[${i}].name ${JSON.stringify(p.name)} is also spec.ports[${names.get(p.name)}]`, 'distinct port names');
      else names.set(p.name, i);
    });
  }
  if (meta.name === undefined || meta.namespace === undefined) return;
  const key = `${meta.namespace}/${meta.name}`;
  if (!b.unique(`Service/${key}`, { res: doc.res, path: 'metadata.name' }, `Service ${key}`)) return;
  if (ip !== undefined && ip !== 'None') {
    const first = st.clusterIPs.get(ip);
    if (first) b.rep.error('E507', spec.where('clusterIP'), `spec.clusterIP ${ip} is already the clusterIP of another Service (line ${b.rep.loc(first).line})`, 'a free address');
    else st.clusterIPs.set(ip, spec.where('clusterIP'));
  }
  for (const w of written) {
    const first = st.nodePorts.get(w.sp.nodePort!);
    if (first) b.rep.error('E508', w.where, `${w.where.path}: Invalid value: ${w.sp.nodePort}: provided port is already allocated (line ${b.rep.loc(first).line})`, 'a nodePort no other Service uses');
    else st.nodePorts.set(w.sp.nodePort!, w.where);
  }
  if (external) for (const sp of ports) if (sp.nodePort === undefined) st.unallocated.push(sp);
  useNamespace(st, meta.namespace);
  const svc: Service = { namespace: meta.namespace, name: meta.name, ports };
  if (external) svc.type = type;
  if (ip !== undefined) svc.clusterIP = ip;
  if (selector !== undefined) svc.selector = selector;
  if (external && etp === 'Local') svc.externalTrafficPolicy = 'Local';
  if (affinityType === 'ClientIP') svc.affinity = { timeoutSeconds };
  if (lbIPs.length > 0) svc.loadBalancerIPs = lbIPs;
  b.out.services.push(svc);
  b.ref('Service', key, doc.res);
}

/** status.loadBalancer.ingress[].ip: what the cloud's controller wrote back (the lab's modelled load
 *  balancer answers on it). Read for LoadBalancer Services only; hostnames are not addresses. */
function readLoadBalancerStatus(doc: Doc, isLb: boolean): string[] {
  const status = doc.root.map('status');
  if (!status) return [];
  const lb = status.map('loadBalancer');
  const out: string[] = [];
  for (const ing of lb?.maps('ingress') ?? []) {
    const ip = ing.str('ip');
    ing.accept('hostname', 'ipMode', 'ports');
    ing.done();
    if (ip === undefined) continue;
    const why = ipProblem(ip);
    if (why) ing.typeError('ip', 'an IPv4 address', ip);
    else if (isLb) out.push(ip);
  }
  lb?.done();
  status.accept('conditions');
  status.done();
  return out;
}

/** v1 Node: merges its labels, annotations and podCIDR into the Topology node of the same name. */
export function readK8sNode(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'Node' });
  const spec = specOf(doc, false);
  const podCIDR = cidrField(spec, 'podCIDR');
  const podCIDRs = spec.strList('podCIDRs');
  podCIDRs?.forEach((c, i) => checkCanonicalCidr(spec, joinPath(spec.at('podCIDRs'), i), c));
  if (podCIDR && podCIDRs && podCIDRs.length > 0 && podCIDRs[0] !== podCIDR.text) {
    b.rep.error('E211', spec.where('podCIDRs'), `spec.podCIDRs[0] ${podCIDRs[0]} differs from spec.podCIDR ${podCIDR.text}`, 'podCIDRs[0] equal to podCIDR');
  }
  spec.accept('taints', 'unschedulable', 'providerID', 'externalID', 'configSource');
  spec.done();
  finishRoot(doc, spec);
  if (meta.name === undefined) return;
  if (!b.checkNode(meta.name, { res: doc.res, path: 'metadata.name' }, 'Node')) return;
  if (!b.unique(`Node/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `Node ${JSON.stringify(meta.name)}`)) return;
  const entry = b.nodes.get(meta.name);
  if (!entry) return;
  const node = entry.node;
  for (const [k, v] of Object.entries(meta.labels)) {
    if (node.labels[k] !== undefined && node.labels[k] !== v) {
      b.rep.warn('W109', { res: doc.res, path: joinPath('metadata.labels', k) }, `label ${k}=${v} replaces ${k}=${node.labels[k]} from the Topology`);
    }
    setOwn(node.labels, k, v);
  }
  for (const [k, v] of Object.entries(meta.annotations)) setOwn(node.annotations, k, v);
  const cidr = podCIDR?.text ?? podCIDRs?.[0];
  if (cidr !== undefined) {
    if (node.podCIDR !== undefined && node.podCIDR !== cidr) {
      b.rep.error('E211', spec.where(podCIDR ? 'podCIDR' : 'podCIDRs'), `spec.podCIDR ${cidr} differs from the Topology's podCIDR ${node.podCIDR} for node ${meta.name} (line ${entry.podCIDRWhere ? b.rep.loc(entry.podCIDRWhere).line : '?'})`, 'one podCIDR per node');
    } else {
      node.podCIDR = cidr;
      entry.podCIDRWhere = spec.where(podCIDR ? 'podCIDR' : 'podCIDRs');
    }
  }
  b.ref('Node', meta.name, doc.res);
}
