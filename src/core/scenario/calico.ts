// Calico resources (projectcalico.org/v3, or crd.projectcalico.org/v1 with the same shapes). Field
// names, enums and defaults follow api/pkg/apis/projectcalico/v3; the checks are the ones Calico's
// validator makes (blockSize 20-32 and not larger than the pool, not IPIP and VXLAN together, no
// overlapping pools, routeReflectorClusterID an IPv4 address).

import { cidrContainsCidr, cidrsOverlap, parseCidr, type Cidr } from '../util/ipv4';
import type { BGPConfiguration, BGPPeer, BlockAffinity, CalicoNode, EncapMode, IPPool, Tier } from '../model/scenario';
import { copyRecord, finishRoot, readMeta, specOf, type Build, type Doc } from './build';
import type { Where } from './diag';
import { setOwn } from './fields';
import { asNumberField, cidrField, ipField, ipProblem, macField } from './net';
import { tryParseSelector } from '../policy/selector/parser';
import type { Fields } from './fields';

const MODES: readonly EncapMode[] = ['Never', 'Always', 'CrossSubnet'];
export const DEFAULT_BLOCK_SIZE = 26;

export interface PoolEntry {
  pool: IPPool;
  cidr: Cidr;
  where: Where;
}

export interface CalicoState {
  pools: PoolEntry[];
  affinities: { aff: BlockAffinity; cidr: Cidr; where: Where; nodeWhere: Where }[];
  ipamConfigDoc?: Doc;
}

export function newCalicoState(): CalicoState {
  return { pools: [], affinities: [] };
}

export function readIPPool(doc: Doc, b: Build, st: CalicoState): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'IPPool' });
  const spec = specOf(doc, true);
  const c = cidrField(spec, 'cidr', true);
  const blockSize = spec.int('blockSize');
  const ipipMode = spec.oneOf('ipipMode', MODES) ?? 'Never';
  const vxlanMode = spec.oneOf('vxlanMode', MODES) ?? 'Never';
  const natOutgoing = spec.bool('natOutgoing') ?? false;
  const disabled = spec.bool('disabled') ?? false;
  const disableBGPExport = spec.bool('disableBGPExport') ?? false;
  const nodeSelector = selectorField(spec, 'nodeSelector') ?? 'all()';
  const assignmentMode = spec.oneOf('assignmentMode', ['Automatic', 'Manual'] as const);
  spec.notModelled('allowedUses', 'namespaceSelector');
  for (const old of ['ipip', 'nat-outgoing']) {
    if (spec.has(old)) b.rep.warn('W110', spec.where(old), `spec.${old} is an APIv1 field Calico refuses to set; use ${old === 'ipip' ? 'ipipMode' : 'natOutgoing'}`);
  }
  spec.done();
  finishRoot(doc, spec);

  const size = blockSize ?? DEFAULT_BLOCK_SIZE;
  let sizeOk = true;
  if (blockSize !== undefined && (blockSize < 20 || blockSize > 32)) {
    b.rep.error('E402', spec.where('blockSize'), `spec.blockSize: ${blockSize} is outside 20-32`, '20 to 32 (default 26)');
    sizeOk = false;
  } else if (c && size < c.cidr.prefixLen) {
    b.rep.error('E402', spec.where(blockSize !== undefined ? 'blockSize' : 'cidr'), `spec.blockSize: a /${size} block is larger than the pool ${c.text}`, `${c.cidr.prefixLen} to 32`);
    sizeOk = false;
  }
  if (ipipMode !== 'Never' && vxlanMode !== 'Never') {
    b.rep.error('E403', spec.where('vxlanMode'), `spec.ipipMode is ${ipipMode} and spec.vxlanMode is ${vxlanMode}; a pool uses at most one encapsulation`, 'one of them Never');
  }
  const cidrOk = c !== undefined && poolCidrAllowed(spec, c.text, c.cidr);
  if (meta.name === undefined || !c || !sizeOk || !cidrOk) return;
  if (!b.unique(`IPPool/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `IPPool ${JSON.stringify(meta.name)}`)) return;
  const where = spec.where('cidr');
  for (const other of st.pools) {
    if (cidrsOverlap(other.cidr, c.cidr)) {
      b.rep.error('E401', where, `spec.cidr ${c.text} overlaps IPPool ${other.pool.name} (${other.pool.cidr}, line ${b.rep.loc(other.where).line})`, 'disjoint pool CIDRs');
      return;
    }
  }
  const pool: IPPool = { name: meta.name, cidr: c.text, blockSize: size, ipipMode, vxlanMode, natOutgoing, disabled, disableBGPExport, nodeSelector };
  if (assignmentMode) pool.assignmentMode = assignmentMode;
  st.pools.push({ pool, cidr: c.cidr, where });
  b.out.ippools.push(pool);
  b.ref('IPPool', meta.name, doc.res);
}

/**
 * A Calico selector field, parsed now so that a typo is reported at its line (as calicoctl refuses it) rather
 * than surfacing later, unlocated, when IPAM or BGP first evaluates it. Returns the text when it parses.
 */
function selectorField(spec: Fields, key: string): string | undefined {
  const sel = spec.str(key);
  if (sel === undefined) return undefined;
  const r = tryParseSelector(sel);
  if ('selector' in r) return sel;
  spec.rep.error('E121', spec.where(key), `${spec.at(key)}: ${JSON.stringify(sel)} is not a valid selector: ${r.error.detail}`, "a selector such as all(), role == 'rr' or has(label)");
  return undefined;
}

/** Ranges a pod pool must stay out of. Link-local is Calico's own rule; the others are this tool's. */
const RESERVED_FOR_POOLS: Array<{ cidr: string; why: string }> = [
  { cidr: '169.254.0.0/16', why: 'IP pool range overlaps with IPv4 Link Local range 169.254.0.0/16 (calicoctl refuses it: Calico routes pods through 169.254.1.1)' },
  { cidr: '127.0.0.0/8', why: 'the pool overlaps the loopback range 127.0.0.0/8 (refused by CNI Lab: no node could route it)' },
  { cidr: '224.0.0.0/4', why: 'the pool overlaps the multicast range 224.0.0.0/4 (refused by CNI Lab: pod addresses must be unicast)' },
];

function poolCidrAllowed(spec: Fields, text: string, cidr: Cidr): boolean {
  if (cidr.prefixLen === 0) {
    spec.rep.error('E408', spec.where('cidr'), `spec.cidr: ${text} is every IPv4 address (refused by CNI Lab: it would take the nodes' own and the loopback addresses)`, 'a private range, e.g. 10.244.0.0/16');
    return false;
  }
  for (const r of RESERVED_FOR_POOLS) {
    if (cidrsOverlap(cidr, parseCidr(r.cidr))) {
      spec.rep.error('E408', spec.where('cidr'), `spec.cidr: ${text}: ${r.why}`, `a range outside ${r.cidr}`);
      return false;
    }
  }
  return true;
}

export function readBGPConfiguration(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'BGPConfiguration' });
  const spec = specOf(doc, false);
  const cfg: BGPConfiguration = { name: meta.name ?? '' };
  const sev = spec.oneOf('logSeverityScreen', ['Debug', 'Info', 'Warning', 'Error', 'Fatal'] as const);
  if (sev) cfg.logSeverityScreen = sev;
  const mesh = spec.bool('nodeToNodeMeshEnabled');
  if (mesh !== undefined) cfg.nodeToNodeMeshEnabled = mesh;
  const asn = asNumberField(spec, 'asNumber');
  if (asn !== undefined) cfg.asNumber = asn;
  const sel = selectorField(spec, 'nodeSelector');
  if (sel !== undefined) cfg.nodeSelector = sel;
  const port = spec.int('listenPort', { min: 1, max: 65535 });
  if (port !== undefined) cfg.listenPort = port;
  spec.notModelled(
    'serviceClusterIPs',
    'serviceExternalIPs',
    'serviceLoadBalancerIPs',
    'communities',
    'prefixAdvertisements',
    'nodeMeshPassword',
    'nodeMeshMaxRestartTime',
    'bindMode',
    'ignoredInterfaces',
    'localWorkloadPeeringIPV4',
    'localWorkloadPeeringIPV6',
    'programClusterRoutes',
  );
  spec.done();
  finishRoot(doc, spec);
  if (meta.name === undefined) return;
  if (!b.unique(`BGPConfiguration/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `BGPConfiguration ${JSON.stringify(meta.name)}`)) return;
  b.out.bgpConfigurations.push(cfg);
  b.ref('BGPConfiguration', meta.name, doc.res);
}

export function readBGPPeer(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'BGPPeer' });
  const spec = specOf(doc, true);
  const peer: BGPPeer = { name: meta.name ?? '' };
  const node = spec.str('node');
  if (node !== undefined && b.checkNode(node, spec.where('node'), 'spec.node')) peer.node = node;
  const nodeSelector = selectorField(spec, 'nodeSelector');
  if (nodeSelector !== undefined) peer.nodeSelector = nodeSelector;
  const peerIP = spec.str('peerIP');
  if (peerIP !== undefined) {
    const why = peerIPProblem(peerIP);
    if (why) b.rep.error('E112', spec.where('peerIP'), `spec.peerIP: ${JSON.stringify(peerIP)}: ${why}`, 'IPv4 or IPv4:port, e.g. 192.168.1.1 or 192.168.1.1:1790');
    else peer.peerIP = peerIP;
  }
  const peerSelector = selectorField(spec, 'peerSelector');
  if (peerSelector !== undefined) peer.peerSelector = peerSelector;
  const asn = asNumberField(spec, 'asNumber');
  if (asn !== undefined) peer.asNumber = asn;
  const keep = spec.bool('keepOriginalNextHop');
  if (keep !== undefined) peer.keepOriginalNextHop = keep;
  spec.notModelled(
    'password',
    'sourceAddress',
    'maxRestartTime',
    'numAllowedLocalASNumbers',
    'filters',
    'reachableBy',
    'ttlSecurity',
    'localWorkloadSelector',
    'keepaliveTime',
    'restartMode',
    'birdGatewayMode',
    'nextHopMode',
    'failureDetectionMode',
  );
  spec.done();
  finishRoot(doc, spec);
  // The conflicts Calico's validator rejects.
  if (node !== undefined && nodeSelector !== undefined) b.rep.error('E120', spec.where('nodeSelector'), 'spec.node and spec.nodeSelector are both set', 'one of node, nodeSelector');
  if (peerIP !== undefined && peerSelector !== undefined) b.rep.error('E120', spec.where('peerSelector'), 'spec.peerIP and spec.peerSelector are both set', 'one of peerIP, peerSelector');
  if (peerSelector !== undefined && asn !== undefined) b.rep.error('E120', spec.where('asNumber'), 'spec.asNumber cannot be set with spec.peerSelector (the AS comes from the selected nodes)', 'peerSelector without asNumber');
  if (peerIP === undefined && peerSelector === undefined) b.rep.warn('W108', spec.where(), 'the BGPPeer has neither spec.peerIP nor spec.peerSelector, so it peers with nothing');
  if (meta.name === undefined) return;
  if (!b.unique(`BGPPeer/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `BGPPeer ${JSON.stringify(meta.name)}`)) return;
  b.out.bgpPeers.push(peer);
  b.ref('BGPPeer', meta.name, doc.res);
}

function peerIPProblem(s: string): string | undefined {
  const m = /^([^:]+):(\d+)$/.exec(s);
  if (m) {
    const port = Number(m[2]);
    if (port < 1 || port > 65535) return `port ${m[2]} is out of range 1-65535`;
    return ipProblem(m[1]);
  }
  return ipProblem(s);
}

/** Calico Node: names a Topology node; its labels extend that node's Kubernetes labels. */
export function readCalicoNode(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'Node' });
  const spec = specOf(doc, false);
  const cn: CalicoNode = { name: meta.name ?? '', labels: {} };
  const bgpF = spec.map('bgp');
  if (bgpF) {
    const bgp: NonNullable<CalicoNode['bgp']> = {};
    const addr = bgpF.str('ipv4Address');
    if (addr !== undefined) {
      // Calico stores the autodetected address with its prefix ("192.168.1.10/24"); a bare address is a /32.
      const [ip, len, extra] = addr.split('/');
      const why = ipProblem(ip) ?? (extra !== undefined || (len !== undefined && !/^(3[0-2]|[12]?\d)$/.test(len)) ? 'bad prefix length' : undefined);
      if (why) b.rep.error('E112', bgpF.where('ipv4Address'), `${bgpF.at('ipv4Address')}: ${JSON.stringify(addr)}: ${why}`, 'IPv4 address with optional prefix, e.g. 192.168.1.10/24');
      else bgp.ipv4Address = addr;
    }
    const asn = asNumberField(bgpF, 'asNumber');
    if (asn !== undefined) bgp.asNumber = asn;
    const rr = ipField(bgpF, 'routeReflectorClusterID');
    if (rr !== undefined) bgp.routeReflectorClusterID = rr;
    const tun = ipField(bgpF, 'ipv4IPIPTunnelAddr');
    if (tun !== undefined) bgp.ipv4IPIPTunnelAddr = tun;
    bgpF.notModelled('ipv6Address');
    bgpF.done();
    cn.bgp = bgp;
  }
  const vx = ipField(spec, 'ipv4VXLANTunnelAddr');
  if (vx !== undefined) cn.ipv4VXLANTunnelAddr = vx;
  // The real field is vxlanTunnelMACAddr; ipv4VXLANTunnelMACAddr (the lab's model name) is read too.
  const macReal = macField(spec, 'vxlanTunnelMACAddr');
  const macAlias = macField(spec, 'ipv4VXLANTunnelMACAddr');
  if (macReal !== undefined && macAlias !== undefined) {
    b.rep.error('E120', spec.where('ipv4VXLANTunnelMACAddr'), 'spec.vxlanTunnelMACAddr and spec.ipv4VXLANTunnelMACAddr are the same field given twice', 'one of them');
  }
  const mac = macReal ?? macAlias;
  if (mac !== undefined) cn.ipv4VXLANTunnelMACAddr = mac;
  spec.accept('orchRefs', 'addresses');
  spec.notModelled('wireguard', 'ipv6VXLANTunnelAddr', 'vxlanTunnelMACAddrV6', 'interfaceName');
  spec.done();
  finishRoot(doc, spec);
  if (meta.name === undefined) return;
  if (!b.checkNode(meta.name, { res: doc.res, path: 'metadata.name' }, 'Calico Node')) return;
  if (!b.unique(`CalicoNode/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `Calico Node ${JSON.stringify(meta.name)}`)) return;
  // Calico mirrors the Kubernetes node labels onto its Node; labels written here add to them (and win).
  const k8sLabels = b.nodes.get(meta.name)?.node.labels ?? {};
  const labels = copyRecord(k8sLabels);
  for (const [k, v] of Object.entries(meta.labels)) setOwn(labels, k, v);
  cn.labels = labels;
  b.out.calicoNodes.push(cn);
  b.ref('CalicoNode', meta.name, doc.res);
}

export function readTier(doc: Doc, b: Build): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'Tier' });
  const spec = specOf(doc, false);
  const tier: Tier = { name: meta.name ?? '' };
  const order = spec.num('order');
  if (order !== undefined) tier.order = order;
  const action = spec.oneOf('defaultAction', ['Deny', 'Pass'] as const);
  spec.done();
  finishRoot(doc, spec);
  if (action !== undefined) {
    if (meta.name === 'default' && action !== 'Deny') {
      b.rep.error('E108', spec.where('defaultAction'), 'spec.defaultAction of the default tier must be Deny', 'Deny');
    } else tier.defaultAction = action;
  }
  if (meta.name === undefined) return;
  if (!b.unique(`Tier/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `Tier ${JSON.stringify(meta.name)}`)) return;
  b.out.tiers.push(tier);
  b.ref('Tier', meta.name, doc.res);
}

export function readBlockAffinity(doc: Doc, b: Build, st: CalicoState): void {
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: 'BlockAffinity' });
  const spec = specOf(doc, true);
  const node = spec.str('node', true, 'the node the block is affine to');
  const c = cidrField(spec, 'cidr', true);
  const state = spec.oneOf('state', ['confirmed', 'pending', 'pendingDeletion'] as const) ?? 'confirmed';
  spec.accept('deleted');
  spec.done();
  finishRoot(doc, spec);
  if (node === undefined || !c || meta.name === undefined) return;
  if (!b.checkNode(node, spec.where('node'), 'spec.node')) return;
  if (!b.unique(`BlockAffinity/${meta.name}`, { res: doc.res, path: 'metadata.name' }, `BlockAffinity ${JSON.stringify(meta.name)}`)) return;
  const aff: BlockAffinity = { name: meta.name, node, cidr: c.text, state };
  st.affinities.push({ aff, cidr: c.cidr, where: spec.where('cidr'), nodeWhere: spec.where('node') });
  b.out.blockAffinities.push(aff);
  b.ref('BlockAffinity', meta.name, doc.res);
}

/** After all pools are known (the default pool included): each affinity is one block of one pool, claimed once. */
export function checkAffinities(b: Build, st: CalicoState): void {
  const claimed = new Map<number, { where: Where; node: string }>();
  for (const a of st.affinities) {
    const owner = st.pools.find((p) => cidrContainsCidr(p.cidr, a.cidr));
    if (!owner) {
      b.rep.error('E404', a.where, `spec.cidr ${a.aff.cidr} is not inside any IPPool`, st.pools.map((p) => `${p.pool.name} ${p.pool.cidr}`).join(', ') || '(no pools)');
      continue;
    }
    if (a.cidr.prefixLen !== owner.pool.blockSize) {
      b.rep.error('E405', a.where, `spec.cidr ${a.aff.cidr} is a /${a.cidr.prefixLen} but IPPool ${owner.pool.name} has blockSize ${owner.pool.blockSize}`, `a /${owner.pool.blockSize} inside ${owner.pool.cidr}`);
      continue;
    }
    const first = claimed.get(a.cidr.base);
    if (first) {
      b.rep.error('E406', a.where, `block ${a.aff.cidr} is already affine to node ${first.node} (line ${b.rep.loc(first.where).line})`, 'one affinity per block');
      continue;
    }
    claimed.set(a.cidr.base, { where: a.where, node: a.aff.node });
  }
}

export function readIPAMConfig(doc: Doc, b: Build, st: CalicoState): void {
  if (st.ipamConfigDoc) {
    const first = b.rep.loc({ res: st.ipamConfigDoc.res, path: '' }).line;
    b.rep.error('E118', { res: doc.res, path: 'kind' }, `a second ${doc.kind} (the first is at line ${first}); Calico has one, named default`, 'one IPAMConfig');
    return;
  }
  st.ipamConfigDoc = doc;
  const meta = readMeta(doc, { namespaced: false, rule: 'subdomain', what: doc.kind });
  const spec = specOf(doc, false);
  const cfg = b.out.ipamConfig;
  cfg.strictAffinity = spec.bool('strictAffinity') ?? cfg.strictAffinity;
  cfg.autoAllocateBlocks = spec.bool('autoAllocateBlocks') ?? cfg.autoAllocateBlocks;
  cfg.maxBlocksPerHost = spec.int('maxBlocksPerHost', { min: 0, max: 1000000 }) ?? cfg.maxBlocksPerHost;
  spec.notModelled('kubeVirtVMAddressPersistence', 'ipCooldownSeconds');
  spec.done();
  finishRoot(doc, spec);
  if (meta.name !== undefined) {
    if (meta.name !== 'default') b.rep.warn('W110', { res: doc.res, path: 'metadata.name' }, `Calico only reads the ${doc.kind} named default; this one (${JSON.stringify(meta.name)}) is used as if it were`);
    b.ref('IPAMConfig', meta.name, doc.res);
  }
  if (!cfg.strictAffinity && !cfg.autoAllocateBlocks) {
    b.rep.error('E407', spec.where('autoAllocateBlocks'), 'spec.autoAllocateBlocks: false needs spec.strictAffinity: true', 'strictAffinity: true with autoAllocateBlocks: false');
  }
  if (cfg.maxBlocksPerHost > 0 && !cfg.strictAffinity) {
    b.rep.warn('W110', spec.where('maxBlocksPerHost'), 'spec.maxBlocksPerHost > 0 without strictAffinity: true is refused by current Calico releases (the lab applies the cap anyway)');
  }
}
