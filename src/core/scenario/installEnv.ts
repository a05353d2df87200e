// Install-time settings in the forms installs write them, meaning what they mean there:
//
// - Cluster spec.calico.env: the calico-node DaemonSet's environment, as calico.yaml has it. IP_AUTODETECTION_METHOD,
//   CALICO_NETWORKING_BACKEND, FELIX_IPINIPMTU / FELIX_VXLANMTU / CNI_MTU and USE_POD_CIDR set the install's
//   fields; CALICO_IPV4POOL_CIDR / _BLOCK_SIZE / _IPIP / _VXLAN / _NAT_OUTGOING shape the default IPPool
//   calico-node creates at first start, when no IPPool exists (with one given they change nothing, as for real).
// - Cluster spec.calico.veth_mtu: calico-config's veth_mtu (the manifest feeds it to the three MTU variables).
// - Cluster spec.kubeasz: the keys of kubeasz's clusters/<name>/config.yml that seed 000 shows
//   (CALICO_IPV4POOL_IPIP "Always"/"off", IP_AUTODETECTION_METHOD with kubeasz's
//   `{{ groups['kube_master'][0] }}` for the first master, CALICO_NETWORKING_BACKEND "brid"/"vxlan"/"none",
//   calico_ver…), plus CLUSTER_NETWORK, FLANNEL_BACKEND and DIRECT_ROUTING.
//
// calico-node reads the modes case-insensitively and takes "off" for Never (startup's pool creation); a value it
// would refuse is a located error here. A setting given both here and as the field it sets is an error (E133).

import type { EncapMode } from '../model/scenario';
import type { Build, PoolEnv } from './build';
import type { Where } from './diag';
import type { Fields } from './fields';
import { AUTODETECT_METHODS, autodetectProblem } from './autodetect';
import { checkCanonicalCidr } from './net';
import { CONTROL_PLANE_LABELS } from './schedule';

/** Variables of the stock manifest that the lab accepts and does not model (their stock values are assumed). */
const ACCEPTED_ENV = [
  'DATASTORE_TYPE', 'WAIT_FOR_DATASTORE', 'NODENAME', 'CLUSTER_TYPE', 'IP', 'IP6', 'CALICO_DISABLE_FILE_LOGGING',
  'FELIX_DEFAULTENDPOINTTOHOSTACTION', 'FELIX_IPV6SUPPORT', 'FELIX_HEALTHENABLED', 'FELIX_LOGSEVERITYSCREEN',
  'FELIX_WIREGUARDMTU', 'CALICO_IPV6POOL_CIDR', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT',
];

const MTU_ENV = ['FELIX_IPINIPMTU', 'FELIX_VXLANMTU', 'CNI_MTU'];

/** calico-node's reading of CALICO_IPV4POOL_IPIP / _VXLAN (case-insensitive; "off" is Never). */
export function encapModeOf(value: string): EncapMode | undefined {
  const v = value.toLowerCase();
  if (v === '' || v === 'off' || v === 'never') return 'Never';
  if (v === 'always') return 'Always';
  if (v === 'crosssubnet' || v === 'cross-subnet') return 'CrossSubnet';
  return undefined;
}

/** Env values are strings in a manifest; YAML may have read an unquoted one as a number or a boolean. */
function envStr(f: Fields, key: string): string | undefined {
  const v = f.raw(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  f.typeError(key, 'a string (an environment value)', v);
  return undefined;
}

/** What a Cluster's install section set, to find a setting given twice. */
export interface InstallSet {
  /** field → where it was set and in which form */
  set: Map<string, { where: Where; as: string }>;
}

function setOnce(b: Build, seen: InstallSet, field: string, where: Where, as: string): boolean {
  const first = seen.set.get(field);
  if (first) {
    const line = b.rep.loc(first.where).line;
    b.rep.error('E133', where, `${as} sets Cluster spec.calico.${field}, already set by ${first.as} (line ${line})`, 'one of them');
    return false;
  }
  seen.set.set(field, { where, as });
  return true;
}

function readMode(f: Fields, key: string): EncapMode | undefined {
  const s = envStr(f, key);
  if (s === undefined) return undefined;
  const m = encapModeOf(s);
  if (!m) f.rep.error('E134', f.where(key), `${f.at(key)}: ${JSON.stringify(s)} is not an encapsulation mode calico-node accepts`, 'Always, CrossSubnet or Never (any case; "off" means Never)');
  return m;
}

function poolEnvFrom(f: Fields, b: Build, keys: { ipip: string; vxlan?: string; cidr?: string; blockSize?: string; nat?: string }): void {
  const pe: PoolEnv = b.poolEnv ?? { where: f.where() };
  const ipip = readMode(f, keys.ipip);
  if (ipip) pe.ipipMode = ipip;
  if (keys.vxlan) {
    const vx = readMode(f, keys.vxlan);
    if (vx) pe.vxlanMode = vx;
  }
  if (keys.cidr) {
    const s = envStr(f, keys.cidr);
    if (s !== undefined) {
      const c = checkCanonicalCidr(f, f.at(keys.cidr), s);
      if (c) pe.cidr = c.text;
    }
  }
  if (keys.blockSize) {
    const s = envStr(f, keys.blockSize);
    if (s !== undefined) {
      const n = /^\d+$/.test(s) ? Number(s) : NaN;
      if (!(n >= 20 && n <= 32)) f.rep.error('E134', f.where(keys.blockSize), `${f.at(keys.blockSize)}: ${JSON.stringify(s)} is not an IPv4 block size calico-node accepts`, '20 to 32');
      else pe.blockSize = n;
    }
  }
  if (keys.nat) {
    const s = envStr(f, keys.nat);
    if (s !== undefined) {
      if (s !== 'true' && s !== 'false') f.rep.error('E134', f.where(keys.nat), `${f.at(keys.nat)}: ${JSON.stringify(s)} is not true or false`, '"true" or "false"');
      else pe.natOutgoing = s === 'true';
    }
  }
  if (pe.ipipMode || pe.vxlanMode || pe.cidr || pe.blockSize !== undefined || pe.natOutgoing !== undefined) {
    pe.where = b.poolEnv?.where ?? f.where();
    b.poolEnv = pe;
  }
}

function setAutodetect(f: Fields, key: string, b: Build, seen: InstallSet, as: string): void {
  const raw = envStr(f, key);
  if (raw === undefined) return;
  // kubeasz writes the first master's inventory address as a Jinja expression
  const method = raw.replace(/\{\{\s*groups\[['"]kube_master['"]\]\[0\]\s*\}\}/g, () => firstMasterIp(b) ?? 'MASTER');
  const why = autodetectProblem(method);
  if (why) return void b.rep.error('E130', f.where(key), `${f.at(key)}: ${why}`, AUTODETECT_METHODS);
  if (setOnce(b, seen, 'ipAutodetectionMethod', f.where(key), as)) b.cluster.calico.ipAutodetectionMethod = method === '' ? 'first-found' : method;
}

function firstMasterIp(b: Build): string | undefined {
  const nodes = [...b.nodes.values()].map((e) => e.node);
  const master = nodes.find((n) => CONTROL_PLANE_LABELS.some((l) => l in n.labels)) ?? nodes[0];
  return master?.interfaces[0]?.ip.split('/')[0];
}

function setBackend(f: Fields, key: string, b: Build, seen: InstallSet, as: string, kubeasz: boolean): void {
  const s = envStr(f, key);
  if (s === undefined) return;
  // kubeasz's config.yml spells the BIRD backend "brid" (its templates test for that spelling)
  const v = kubeasz && s === 'brid' ? 'bird' : s;
  if (v !== 'bird' && v !== 'vxlan' && v !== 'none') return void f.rep.error('E108', f.where(key), `${f.at(key)}: ${JSON.stringify(s)} is not allowed`, kubeasz ? 'brid, vxlan or none' : 'bird, vxlan or none');
  if (setOnce(b, seen, 'networkingBackend', f.where(key), as)) b.cluster.calico.networkingBackend = v;
}

function setMtu(f: Fields, key: string, b: Build, seen: InstallSet, as: string): void {
  const s = envStr(f, key);
  if (s === undefined) return;
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 0 && n <= 65535)) return void f.rep.error('E109', f.where(key), `${f.at(key)}: ${JSON.stringify(s)} is not an MTU`, '0 (auto) to 65535');
  const prior = seen.set.get('vethMtu');
  // the manifest gives the three MTU variables one value (veth_mtu); agreeing copies are one setting
  if (prior && prior.as !== 'vethMtu' && b.cluster.calico.vethMtu === n) return;
  if (setOnce(b, seen, 'vethMtu', f.where(key), as)) b.cluster.calico.vethMtu = n;
}

/** Cluster spec.calico.env and spec.calico.veth_mtu. */
export function readCalicoEnv(calico: Fields, b: Build, seen: InstallSet): void {
  if (calico.has('veth_mtu')) setMtu(calico, 'veth_mtu', b, seen, 'veth_mtu');
  const env = calico.map('env');
  if (!env) return;
  setAutodetect(env, 'IP_AUTODETECTION_METHOD', b, seen, 'env IP_AUTODETECTION_METHOD');
  setBackend(env, 'CALICO_NETWORKING_BACKEND', b, seen, 'env CALICO_NETWORKING_BACKEND', false);
  for (const k of MTU_ENV) if (env.has(k)) setMtu(env, k, b, seen, `env ${k}`);
  const pod = envStr(env, 'USE_POD_CIDR');
  if (pod !== undefined) {
    if (pod !== 'true' && pod !== 'false') env.rep.error('E134', env.where('USE_POD_CIDR'), `${env.at('USE_POD_CIDR')}: ${JSON.stringify(pod)} is not true or false`, '"true" or "false"');
    else if (setOnce(b, seen, 'ipam', env.where('USE_POD_CIDR'), 'env USE_POD_CIDR')) b.cluster.calico.ipam = pod === 'true' ? 'host-local' : 'calico-ipam';
  }
  poolEnvFrom(env, b, { ipip: 'CALICO_IPV4POOL_IPIP', vxlan: 'CALICO_IPV4POOL_VXLAN', cidr: 'CALICO_IPV4POOL_CIDR', blockSize: 'CALICO_IPV4POOL_BLOCK_SIZE', nat: 'CALICO_IPV4POOL_NAT_OUTGOING' });
  env.accept(...ACCEPTED_ENV);
  env.done();
}

/** Cluster spec.kubeasz: kubeasz's config.yml keys. */
export function readKubeasz(spec: Fields, b: Build, seen: InstallSet, cniExplicit: () => boolean, setCni: (cni: 'calico' | 'flannel') => void): void {
  const k = spec.map('kubeasz');
  if (!k) return;
  const net = envStr(k, 'CLUSTER_NETWORK');
  if (net !== undefined) {
    if (net !== 'calico' && net !== 'flannel') k.rep.error('E108', k.where('CLUSTER_NETWORK'), `${k.at('CLUSTER_NETWORK')}: ${JSON.stringify(net)} is not a CNI this lab models`, 'calico or flannel');
    else if (cniExplicit() && b.cluster.cni !== net) k.rep.error('E133', k.where('CLUSTER_NETWORK'), `${k.at('CLUSTER_NETWORK')} is ${net} but Cluster spec.cni is ${b.cluster.cni}`, 'one of them');
    else setCni(net);
  }
  setAutodetect(k, 'IP_AUTODETECTION_METHOD', b, seen, 'kubeasz IP_AUTODETECTION_METHOD');
  setBackend(k, 'CALICO_NETWORKING_BACKEND', b, seen, 'kubeasz CALICO_NETWORKING_BACKEND', true);
  poolEnvFrom(k, b, { ipip: 'CALICO_IPV4POOL_IPIP' });
  const fb = envStr(k, 'FLANNEL_BACKEND');
  if (fb !== undefined) {
    if (fb !== 'vxlan' && fb !== 'host-gw') k.rep.error('E108', k.where('FLANNEL_BACKEND'), `${k.at('FLANNEL_BACKEND')}: ${JSON.stringify(fb)} is not a backend this lab models`, 'vxlan or host-gw');
    else b.cluster.flannel.netConf = { ...b.cluster.flannel.netConf, Backend: { ...b.cluster.flannel.netConf.Backend, Type: fb } };
  }
  const dr = k.raw('DIRECT_ROUTING');
  if (dr !== undefined) {
    if (typeof dr !== 'boolean') k.typeError('DIRECT_ROUTING', 'true or false', dr);
    else b.cluster.flannel.netConf = { ...b.cluster.flannel.netConf, Backend: { ...b.cluster.flannel.netConf.Backend, DirectRouting: dr } };
  }
  // the image version and the offline tarball do not change the network
  k.accept('calico_ver', 'calico_ver_main', 'calico_offline', 'flannelVer', 'flanneld_image');
  k.done();
}
