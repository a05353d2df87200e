// Calico's resources as the lab writes them: pools, BGP configuration and peers, one Calico Node per node
// (its real address with prefix, AS number, reflector cluster ID, VXLAN MAC), the IPAM mode and the blocks
// (BlockAffinities when the dump has them, else the blocks the pods' and tunnels' addresses fall in).

import { canonicalCidr, cidrContains, cidrToString, ipToNum, maskOf, parseCidr } from '../util/ipv4';
import type { Facts, NodeFact } from './collect';
import { locOf, type Obj } from './read';
import type { ImportNote } from './types';

const ENCAP = new Set(['Always', 'CrossSubnet', 'Never']);

export interface CalicoPlan {
  docs: Obj[];
  ipam: 'calico-ipam' | 'host-local';
  backend: 'bird' | 'vxlan' | 'none';
  /** IP_AUTODETECTION_METHOD as calico-node's pod spec has it (the Calico Nodes' stored addresses decide anyway) */
  autodetect?: string;
  vethMtu?: number;
  /** enabled pool CIDRs, where pinned pod addresses must lie */
  pools: string[];
}

export function planCalico(f: Facts, nodes: NodeFact[], primary: Map<string, string>, note: (n: ImportNote) => void): CalicoPlan {
  const docs: Obj[] = [];
  const cal = 'projectcalico.org/v3';
  const names = new Set(nodes.map((n) => n.name));

  // ---- pools
  const pools: { name: string; cidr: string; blockSize: number; disabled: boolean }[] = [];
  for (const p of f.pools) {
    const s = p.spec;
    const spec: Obj = { cidr: canonicalCidr(s.cidr as string) };
    const bs = typeof s.blockSize === 'number' ? s.blockSize : 26;
    spec.blockSize = bs;
    spec.ipipMode = ENCAP.has(s.ipipMode as string) ? s.ipipMode : 'Never';
    spec.vxlanMode = ENCAP.has(s.vxlanMode as string) ? s.vxlanMode : 'Never';
    spec.natOutgoing = s.natOutgoing === true;
    if (s.disabled === true) spec.disabled = true;
    if (s.disableBGPExport === true) spec.disableBGPExport = true;
    if (typeof s.nodeSelector === 'string' && s.nodeSelector) spec.nodeSelector = s.nodeSelector;
    if (s.assignmentMode === 'Automatic' || s.assignmentMode === 'Manual') spec.assignmentMode = s.assignmentMode;
    docs.push({ apiVersion: cal, kind: 'IPPool', metadata: { name: p.name }, spec });
    pools.push({ name: p.name, cidr: spec.cidr as string, blockSize: bs, disabled: s.disabled === true });
  }
  const addrs = [...f.pods.filter((p) => p.ip && !p.hostNetwork).map((p) => p.ip!), ...nodes.flatMap((n) => [n.ipipTunnel, n.vxlanTunnel].filter((x): x is string => !!x))];
  if (!pools.length) {
    const cidr = covering(addrs) ?? '192.168.0.0/16';
    const ipip = nodes.some((n) => n.ipipTunnel);
    const vxlan = !ipip && nodes.some((n) => n.vxlanTunnel);
    docs.push({ apiVersion: cal, kind: 'IPPool', metadata: { name: 'default-ipv4-ippool' }, spec: { cidr, blockSize: 26, ipipMode: ipip ? 'Always' : 'Never', vxlanMode: vxlan ? 'Always' : 'Never', natOutgoing: true } });
    pools.push({ name: 'default-ipv4-ippool', cidr, blockSize: 26, disabled: false });
    note({ code: 'W902', message: `no IPPool in the dump (calicoctl get ippools -o yaml): assumed ${cidr}, blockSize 26, ${ipip ? 'ipipMode Always' : vxlan ? 'vxlanMode Always' : 'no encapsulation'}, from the pods' addresses` });
  }

  // ---- BGP
  const KNOWN_CONF = ['logSeverityScreen', 'nodeToNodeMeshEnabled', 'asNumber', 'nodeSelector', 'listenPort'];
  for (const c of f.bgpConfigurations) {
    const spec: Obj = {};
    for (const k of KNOWN_CONF) if (c[k] !== undefined && c[k] !== null) spec[k] = k === 'asNumber' && typeof c[k] === 'string' && /^\d+$/.test(c[k] as string) ? Number(c[k]) : c[k];
    const ignored = Object.keys(c).filter((k) => k !== 'name' && !KNOWN_CONF.includes(k));
    if (ignored.length) note({ code: 'W901', message: `BGPConfiguration ${String(c.name)}: ${ignored.join(', ')} not modelled by the lab` });
    docs.push({ apiVersion: cal, kind: 'BGPConfiguration', metadata: { name: c.name }, spec });
  }
  const KNOWN_PEER = ['node', 'nodeSelector', 'peerIP', 'peerSelector', 'asNumber', 'keepOriginalNextHop'];
  for (const p of f.bgpPeers) {
    const spec: Obj = {};
    for (const k of KNOWN_PEER) if (p.spec[k] !== undefined && p.spec[k] !== null && p.spec[k] !== '') spec[k] = k === 'asNumber' && typeof p.spec[k] === 'string' ? Number(p.spec[k]) : p.spec[k];
    if (typeof spec.node === 'string' && !names.has(spec.node)) {
      note({ code: 'W902', message: `BGPPeer ${p.name} is for node ${spec.node}, which the dump does not list: left out` });
      continue;
    }
    docs.push({ apiVersion: cal, kind: 'BGPPeer', metadata: { name: p.name }, spec });
  }

  // ---- one Calico Node per node: the address BIRD uses, with the prefix CrossSubnet compares
  for (const n of nodes) {
    const p = primary.get(n.name);
    let ipv4 = n.calico ? `${n.calico.ip}/${n.calico.prefixLen ?? (p?.split('/')[0] === n.calico.ip ? p.split('/')[1] : 32)}` : p;
    if (!n.calico && p) note({ code: 'W902', node: n.name, message: `${n.name}: no Calico address (projectcalico.org/IPv4Address or calicoctl get nodes); assumed ${p}` });
    if (!ipv4) continue;
    if (!ipv4.includes('/')) ipv4 = `${ipv4}/32`;
    const bgp: Obj = { ipv4Address: ipv4 };
    if (n.asNumber !== undefined) bgp.asNumber = n.asNumber;
    if (n.rrClusterID) bgp.routeReflectorClusterID = n.rrClusterID;
    if (n.ipipTunnel) bgp.ipv4IPIPTunnelAddr = n.ipipTunnel;
    const spec: Obj = { bgp };
    if (n.vxlanTunnel) spec.ipv4VXLANTunnelAddr = n.vxlanTunnel;
    if (n.vxlanMac) spec.vxlanTunnelMACAddr = n.vxlanMac;
    const labels = n.calicoLabels ?? {};
    docs.push({ apiVersion: cal, kind: 'Node', metadata: { name: n.name, ...(Object.keys(labels).length ? { labels } : {}) }, spec });
  }

  // ---- IPAM: host-local (usePodCidr) or Calico's blocks
  let ipam: CalicoPlan['ipam'] = 'calico-ipam';
  if (f.calicoConfig?.ipam === 'host-local') ipam = 'host-local';
  else if (!f.calicoConfig?.ipam && !f.affinities.length && hostLocalShaped(f, nodes)) {
    ipam = 'host-local';
    note({ code: 'W901', message: 'no BlockAffinities, and every pod and tunnel address lies in its node\'s podCIDR (tunnels at .1): host-local IPAM (usePodCidr) assumed' });
  }
  if (ipam === 'calico-ipam') {
    const claimed = new Map<string, string>();
    if (f.affinities.length) {
      for (const a of f.affinities) {
        const c = canonicalCidr(a.cidr);
        const pool = pools.find((p) => cidrContains(parseCidr(p.cidr), parseCidr(c).base));
        if (!names.has(a.node)) note({ code: 'W902', message: `BlockAffinity ${a.name} is for node ${a.node}, which the dump does not list: left out`, loc: locOf(a.obj, 'spec.node') });
        else if (!pool || parseCidr(c).prefixLen !== pool.blockSize) note({ code: 'W902', message: `BlockAffinity ${a.name}: ${c} is not a block of any pool in the dump: left out`, loc: locOf(a.obj, 'spec.cidr') });
        else if (claimed.has(c)) continue;
        else {
          claimed.set(c, a.node);
          docs.push({ apiVersion: cal, kind: 'BlockAffinity', metadata: { name: a.name }, spec: { node: a.node, cidr: c, state: a.state === 'pending' || a.state === 'pendingDeletion' ? a.state : 'confirmed' } });
        }
      }
    } else {
      // Tunnel addresses first: a node's tunnel address always comes from a block affine to it.
      const claims: [string, string][] = [];
      for (const n of nodes) for (const t of [n.ipipTunnel, n.vxlanTunnel]) if (t) claims.push([t, n.name]);
      for (const p of f.pods) if (p.ip && !p.hostNetwork && p.nodeName && names.has(p.nodeName)) claims.push([p.ip, p.nodeName]);
      for (const [ip, node] of claims) {
        const pool = pools.find((p) => !p.disabled && cidrContains(parseCidr(p.cidr), ipToNum(ip)));
        if (!pool) continue;
        const block = cidrToString({ base: (ipToNum(ip) & maskOf(pool.blockSize)) >>> 0, prefixLen: pool.blockSize });
        if (claimed.has(block)) continue;
        claimed.set(block, node);
        docs.push({ apiVersion: cal, kind: 'BlockAffinity', metadata: { name: `${node}-${block.replace(/[./]/g, '-')}` }, spec: { node, cidr: block, state: 'confirmed' } });
      }
      if (claimed.size) note({ code: 'W902', message: `no BlockAffinities in the dump (kubectl get blockaffinities.crd.projectcalico.org -o yaml): ${claimed.size} blocks derived from the pod and tunnel addresses` });
    }
  }
  if (f.ipamConfig) {
    const c = f.ipamConfig;
    docs.push({ apiVersion: cal, kind: 'IPAMConfig', metadata: { name: 'default' }, spec: { strictAffinity: c.strictAffinity === true, autoAllocateBlocks: c.autoAllocateBlocks !== false, maxBlocksPerHost: typeof c.maxBlocksPerHost === 'number' ? c.maxBlocksPerHost : 0 } });
  }

  // The backend: calico-config's calico_backend, else calico-node's env, else its readiness probe (only
  // the bird backend asks BIRD: calico-vxlan.yaml leaves -bird-ready out).
  const env = f.pods.find((p) => p.calicoEnv)?.calicoEnv;
  const vxlanPool = f.pools.some((p) => p.spec.vxlanMode === 'Always' || p.spec.vxlanMode === 'CrossSubnet');
  const b = f.calicoConfig?.backend ?? env?.backend ?? (env?.birdProbe === undefined ? undefined : env.birdProbe ? 'bird' : vxlanPool ? 'vxlan' : 'none');
  const backend: CalicoPlan['backend'] = b === 'vxlan' || b === 'none' ? b : 'bird';
  if (!b && vxlanPool) {
    note({ code: 'W901', message: 'VXLAN pool, and neither the calico-config ConfigMap nor a calico-node pod: CALICO_NETWORKING_BACKEND assumed bird (calico-vxlan.yaml sets vxlan)' });
  }
  if (f.calicoConfig?.vethMtu === undefined) note({ code: 'W901', message: 'veth MTU unknown (calico-config veth_mtu): auto, the host MTU minus the encapsulation' });
  return { docs, ipam, backend, ...(env?.autodetect ? { autodetect: env.autodetect } : {}), ...(f.calicoConfig?.vethMtu !== undefined ? { vethMtu: f.calicoConfig.vethMtu } : {}), pools: pools.filter((p) => !p.disabled).map((p) => p.cidr) };
}

function hostLocalShaped(f: Facts, nodes: NodeFact[]): boolean {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let evidence = 0;
  for (const n of nodes) {
    for (const t of [n.ipipTunnel, n.vxlanTunnel]) {
      if (!t) continue;
      if (!n.podCIDR || ipToNum(t) !== parseCidr(canonicalCidr(n.podCIDR)).base + 1) return false;
      evidence++;
    }
  }
  for (const p of f.pods) {
    if (!p.ip || p.hostNetwork || !p.nodeName) continue;
    const n = byName.get(p.nodeName);
    if (!n?.podCIDR || !cidrContains(parseCidr(canonicalCidr(n.podCIDR)), ipToNum(p.ip))) return false;
    evidence++;
  }
  return evidence > 0;
}

/** The smallest CIDR no longer than /16 that holds every address. */
function covering(ips: string[]): string | undefined {
  if (!ips.length) return undefined;
  const nums = ips.map(ipToNum);
  for (let len = 16; len >= 1; len--) {
    const base = (nums[0] & maskOf(len)) >>> 0;
    if (nums.every((n) => (n & maskOf(len)) >>> 0 === base)) return cidrToString({ base, prefixLen: len });
  }
  return undefined;
}
