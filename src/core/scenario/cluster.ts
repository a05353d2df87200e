// cnilab/v1 Cluster (which CNI and how it is installed) and flannel's own ConfigMap kube-flannel-cfg.
// The Cluster is the manifest/helm values, not a CRD: its defaults are those of the stock manifests
// (calico.yaml: bird backend, calico-ipam, first-found; kube-flannel.yml: vxlan, --ip-masq).

import type { ClusterSpec, FlannelNetConf } from '../model/scenario';
import { finishRoot, readMeta, specOf, type Build, type Doc } from './build';
import type { Where } from './diag';
import { AUTODETECT_METHODS, autodetectProblem } from './autodetect';
import { Fields } from './fields';
import { FLANNEL_CONFIGMAP } from './kinds';
import { cidrField } from './net';
import { isPlainObject } from './source';
import { CLOCK } from './topology';
import { readCalicoEnv, readKubeasz, type InstallSet } from './installEnv';

export const DEFAULT_NETCONF: FlannelNetConf = { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } };
export const DEFAULT_CLUSTER_NAME = 'default';

export function defaultCluster(): ClusterSpec {
  return {
    name: DEFAULT_CLUSTER_NAME,
    cni: 'calico',
    calico: { ipAutodetectionMethod: 'first-found', networkingBackend: 'bird', ipam: 'calico-ipam' },
    flannel: { netConf: structuredCloneNetConf(DEFAULT_NETCONF), ipMasq: true },
  };
}

/** What the cluster documents said explicitly, to combine a Cluster with a flannel ConfigMap. */
export interface ClusterSources {
  clusterDoc?: Doc;
  cniExplicit: boolean;
  netConfWhere?: Where;
  configMapDoc?: Doc;
}

export function readCluster(doc: Doc, b: Build, src: ClusterSources): void {
  if (src.clusterDoc) {
    const first = b.rep.loc({ res: src.clusterDoc.res, path: '' }).line;
    b.rep.error('E118', { res: doc.res, path: 'kind' }, `a second Cluster (the first is at line ${first}); a scenario has at most one`, 'one Cluster document');
    return;
  }
  src.clusterDoc = doc;
  const meta = readMeta(doc, { namespaced: false, rule: 'free', what: 'Cluster' });
  const spec = specOf(doc, false);
  const c = b.cluster;
  if (meta.name !== undefined) {
    c.name = meta.name;
    b.ref('Cluster', meta.name, doc.res);
  }
  b.clusterRes = doc.res;
  const cni = spec.oneOf('cni', ['calico', 'flannel'] as const);
  if (cni) {
    c.cni = cni;
    src.cniExplicit = true;
  }
  const seen: InstallSet = { set: new Map() };
  const calico = spec.map('calico');
  if (calico) {
    const method = calico.str('ipAutodetectionMethod');
    if (method !== undefined) {
      const why = autodetectProblem(method);
      if (why) b.rep.error('E130', calico.where('ipAutodetectionMethod'), `${calico.at('ipAutodetectionMethod')}: ${why}`, AUTODETECT_METHODS);
      else c.calico.ipAutodetectionMethod = method === '' ? 'first-found' : method;
      seen.set.set('ipAutodetectionMethod', { where: calico.where('ipAutodetectionMethod'), as: 'ipAutodetectionMethod' });
    }
    const backend = calico.oneOf('networkingBackend', ['bird', 'vxlan', 'none'] as const);
    if (calico.has('networkingBackend')) seen.set.set('networkingBackend', { where: calico.where('networkingBackend'), as: 'networkingBackend' });
    c.calico.networkingBackend = backend ?? c.calico.networkingBackend;
    const ipam = calico.oneOf('ipam', ['calico-ipam', 'host-local'] as const);
    if (calico.has('ipam')) seen.set.set('ipam', { where: calico.where('ipam'), as: 'ipam' });
    c.calico.ipam = ipam ?? c.calico.ipam;
    const vethMtu = calico.int('vethMtu', { min: 0, max: 65535 });
    if (vethMtu !== undefined) {
      c.calico.vethMtu = vethMtu;
      seen.set.set('vethMtu', { where: calico.where('vethMtu'), as: 'vethMtu' });
    }
    readCalicoEnv(calico, b, seen);
    calico.done();
  }
  const flannel = spec.map('flannel');
  if (flannel) {
    if (flannel.has('netConf')) {
      const nc = readNetConfValue(flannel, 'netConf');
      if (nc) c.flannel.netConf = nc;
      src.netConfWhere = flannel.where('netConf');
    }
    const iface = flannel.strList('iface');
    if (iface) c.flannel.iface = iface;
    c.flannel.ipMasq = flannel.bool('ipMasq') ?? c.flannel.ipMasq;
    flannel.done();
  }
  readKubeasz(spec, b, seen, () => src.cniExplicit, (cni) => {
    c.cni = cni;
    src.cniExplicit = true;
  });
  const clock = spec.str('clockStart');
  if (clock !== undefined) {
    if (CLOCK.test(clock)) c.clockStart = clock;
    else b.rep.error('E119', spec.where('clockStart'), `spec.clockStart: ${JSON.stringify(clock)} is not a time of day`, 'HH:MM:SS, 00:00:00 to 23:59:59');
  }
  spec.done();
  finishRoot(doc, spec);
}

/** v1 ConfigMap kube-flannel-cfg: its data["net-conf.json"] is flannel's configuration. */
export function readFlannelConfigMap(doc: Doc, b: Build, src: ClusterSources): void {
  const meta = readMeta(doc, { namespaced: true, rule: 'subdomain', what: 'ConfigMap' });
  if (src.configMapDoc) {
    const first = b.rep.loc({ res: src.configMapDoc.res, path: '' }).line;
    b.rep.error('E118', { res: doc.res, path: 'metadata.name' }, `a second ConfigMap ${FLANNEL_CONFIGMAP} (the first is at line ${first})`, 'one flannel ConfigMap');
    return;
  }
  src.configMapDoc = doc;
  b.ref('ConfigMap', `${meta.namespace}/${meta.name}`, doc.res);
  const data = doc.root.map('data', true);
  if (data) {
    if (!data.has('net-conf.json')) data.missing('net-conf.json', 'flannel net-conf.json as a JSON string');
    else if (src.netConfWhere) {
      const line = b.rep.loc(src.netConfWhere).line;
      b.rep.error('E131', data.where('net-conf.json'), `net-conf.json is also given in Cluster spec.flannel.netConf (line ${line})`, 'one of them');
    } else {
      const nc = readNetConfValue(data, 'net-conf.json');
      if (nc) b.cluster.flannel.netConf = nc;
      src.netConfWhere = data.where('net-conf.json');
    }
    data.accept('cni-conf.json');
    data.done();
  }
  finishRoot(doc, undefined, ['data', 'binaryData', 'immutable']);
}

/** After all documents: the ConfigMap implies flannel unless a Cluster chose the CNI. */
export function settleCni(b: Build, src: ClusterSources): void {
  if (!src.configMapDoc) return;
  if (!src.cniExplicit) b.cluster.cni = 'flannel';
  else if (b.cluster.cni !== 'flannel') {
    b.rep.warn('W108', { res: src.configMapDoc.res, path: 'metadata.name' }, `ConfigMap ${FLANNEL_CONFIGMAP} has no effect: Cluster spec.cni is ${b.cluster.cni}`);
  }
}

/** net-conf.json as an object, or as the JSON string it is in the ConfigMap. */
function readNetConfValue(parent: Fields, key: string): FlannelNetConf | undefined {
  const v = parent.raw(key);
  let obj: unknown = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch (e) {
      parent.rep.error('E115', parent.where(key), `${parent.at(key)}: net-conf.json is not valid JSON: ${(e as Error).message}`, 'a JSON object such as {"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}');
      return undefined;
    }
  }
  if (!isPlainObject(obj)) {
    parent.typeError(key, 'a net-conf.json object (or its JSON text)', obj);
    return undefined;
  }
  return readNetConf(new Fields(parent.rep, parent.res, parent.at(key), obj));
}

export function readNetConf(f: Fields): FlannelNetConf | undefined {
  const network = cidrField(f, 'Network', true);
  const subnetLen = f.int('SubnetLen', { min: 0, max: 30 });
  if (subnetLen !== undefined && network && subnetLen !== 0 && subnetLen < network.cidr.prefixLen) {
    f.rep.error('E109', f.where('SubnetLen'), `${f.at('SubnetLen')}: /${subnetLen} is larger than the whole Network ${network.text}`, `${network.cidr.prefixLen} to 30`);
  }
  // Silently accepted: they have the stock manifest's values and change nothing in an IPv4 lab.
  f.accept('EnableNFTables');
  if (f.raw('EnableIPv4') === false) f.rep.warn('W103', f.where('EnableIPv4'), `${f.at('EnableIPv4')}: false is not simulated (the lab is IPv4 only)`);
  if (f.raw('EnableIPv6') === true) f.rep.warn('W103', f.where('EnableIPv6'), `${f.at('EnableIPv6')}: IPv6 is not simulated`);
  f.notModelled('IPv6Network', 'IPv6SubnetLen', 'SubnetMin', 'SubnetMax', 'IPv6SubnetMin', 'IPv6SubnetMax');
  const be = f.map('Backend');
  let backend: FlannelNetConf['Backend'] | undefined;
  if (!be) {
    if (!f.has('Backend')) f.missing('Backend', 'without Backend flanneld uses the udp backend, which the lab does not model; write {"Type": "vxlan"} or {"Type": "host-gw"}');
  } else {
    const type = be.oneOf('Type', ['vxlan', 'host-gw'] as const, true);
    const directRouting = be.bool('DirectRouting');
    const vni = be.int('VNI', { min: 0, max: 16777215 });
    const port = be.int('Port', { min: 0, max: 65535 });
    const mtu = be.int('MTU', { min: 0, max: 65535 });
    be.notModelled('GBP', 'Learning', 'MacPrefix');
    be.done();
    if (type) {
      backend = { Type: type };
      if (directRouting !== undefined) backend.DirectRouting = directRouting;
      if (vni !== undefined) backend.VNI = vni;
      if (port !== undefined) backend.Port = port;
      if (mtu !== undefined) backend.MTU = mtu;
      if (type === 'host-gw') {
        for (const k of ['DirectRouting', 'VNI', 'Port'] as const) {
          if (backend[k] !== undefined) be.rep.warn('W108', be.where(k), `${be.at(k)} only applies to the vxlan backend; host-gw ignores it`);
        }
      }
    }
  }
  f.done();
  if (!network || !backend) return undefined;
  const nc: FlannelNetConf = { Network: network.text, Backend: backend };
  if (subnetLen !== undefined) nc.SubnetLen = subnetLen;
  return nc;
}

function structuredCloneNetConf(n: FlannelNetConf): FlannelNetConf {
  return { ...n, Backend: { ...n.Backend } };
}
