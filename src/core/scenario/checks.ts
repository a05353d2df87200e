// What is decided once every document has been read: the default IP pool calico-node would create,
// the namespaces nobody declared, and the checks that need several kinds at once (pinned IPs against
// pools or podCIDRs, flannel's Network against the podCIDRs).

import { cniOf } from '../cni';
import { cidrContains, cidrsOverlap, ipToNum, parseCidr, type Cidr } from '../util/ipv4';
import type { EncapMode, IPPool, Namespace } from '../model/scenario';
import type { Build } from './build';
import type { CalicoState } from './calico';
import type { Where } from './diag';
import { isReservedInNet } from './net';
import { NS_NAME_LABEL, type PodEntry } from './workloads';

export const DEFAULT_POOL_NAME = 'default-ipv4-ippool';
export const DEFAULT_POOL_CIDR = '192.168.0.0/16';

/**
 * The pool calico-node creates when none exists (startup.go, poolselector.go): 192.168.0.0/16, or the
 * first 172.N.0.0/16 (N = 16..31) that contains no node interface address, or 192.168.0.0/16 again
 * when all of them do. Real calico-node only looks at the addresses of the node it runs on (the first
 * to come up); the lab looks at every node, so the choice does not depend on which node was first.
 * Modes are those of the stock manifests: calico.yaml (bird) IPIP Always, calico-vxlan.yaml VXLAN
 * CrossSubnet, none: no encapsulation.
 */
export function chooseDefaultPool(hostAddrs: readonly number[], backend: 'bird' | 'vxlan' | 'none'): IPPool {
  const free = (c: Cidr) => !hostAddrs.some((a) => cidrContains(c, a));
  let cidr = DEFAULT_POOL_CIDR;
  if (!free(parseCidr(DEFAULT_POOL_CIDR))) {
    for (let n = 16; n <= 31; n++) {
      const c = `172.${n}.0.0/16`;
      if (free(parseCidr(c))) {
        cidr = c;
        break;
      }
    }
  }
  const modes: Record<typeof backend, [EncapMode, EncapMode]> = { bird: ['Always', 'Never'], vxlan: ['Never', 'CrossSubnet'], none: ['Never', 'Never'] };
  const [ipipMode, vxlanMode] = modes[backend];
  return { name: DEFAULT_POOL_NAME, cidr, blockSize: 26, ipipMode, vxlanMode, natOutgoing: true, disabled: false, disableBGPExport: false, nodeSelector: 'all()' };
}

export function addDefaultPool(b: Build, st: CalicoState, topologyDoc: number | undefined): void {
  if (b.cluster.cni !== 'calico' || !b.hasTopology) return;
  const env = b.poolEnv;
  if (st.pools.length > 0) {
    // calico-node creates its default pool only when there is none
    if (env) b.rep.warn('W108', env.where, `the CALICO_IPV4POOL_* settings have no effect: IPPool ${st.pools[0].pool.name} is given, and calico-node creates the default pool only when none exists`);
    return;
  }
  const addrs = [...b.nodes.values()].flatMap((n) => n.node.interfaces.map((i) => ipToNum(i.ip.split('/')[0])));
  const pool = { ...chooseDefaultPool(addrs, b.cluster.calico.networkingBackend), ...(env?.cidr ? { cidr: env.cidr } : {}), ...(env?.blockSize !== undefined ? { blockSize: env.blockSize } : {}) };
  if (env?.ipipMode) pool.ipipMode = env.ipipMode;
  if (env?.vxlanMode) pool.vxlanMode = env.vxlanMode;
  if (env?.natOutgoing !== undefined) pool.natOutgoing = env.natOutgoing;
  const where: Where = env?.where ?? (b.clusterRes ? { res: b.clusterRes, path: 'spec.calico' } : { line: 1 });
  const detail = env?.cidr || pool.cidr === DEFAULT_POOL_CIDR ? '' : ` (${DEFAULT_POOL_CIDR} overlaps a node address)`;
  const from = env ? 'from the calico-node env' : 'no IPPool given';
  b.rep.warn('W104', where, `${from}: using ${pool.name} ${pool.cidr}${detail}, blockSize ${pool.blockSize}, ipipMode ${pool.ipipMode}, vxlanMode ${pool.vxlanMode}, natOutgoing ${pool.natOutgoing}, as calico-node creates it`);
  b.out.ippools.push(pool);
  st.pools.push({ pool, cidr: parseCidr(pool.cidr), where });
  // Errors about the default pool point at what decided it: the Cluster, else the Topology.
  const src = b.clusterRes ? { kind: 'Cluster', name: b.cluster.name, doc: b.clusterRes.index } : topologyDoc !== undefined ? { kind: 'Topology', name: b.out.topology?.name ?? '', doc: topologyDoc } : undefined;
  if (src) b.refs[`IPPool/${pool.name}`] = src;
}

/** Pools that overlap a node network capture node addresses in pod routes: a warning. */
export function checkPoolsAgainstNetworks(b: Build, st: CalicoState): void {
  for (const p of st.pools) {
    if (b.cluster.cni !== 'calico') {
      b.rep.warn('W108', p.where, `IPPool ${p.pool.name} has no effect: Cluster spec.cni is ${b.cluster.cni}`);
      continue;
    }
    for (const [name, n] of b.networks) {
      if (cidrsOverlap(p.cidr, n.cidr)) b.rep.warn('W111', p.where, `IPPool ${p.pool.name} (${p.pool.cidr}) overlaps node network ${name} (${n.net.cidr})`);
    }
  }
}

/** flanneld refuses a podCIDR outside Network; two nodes never share pod addresses. */
export function checkPodCIDRs(b: Build): void {
  const seen: { cidr: Cidr; node: string; where?: Where }[] = [];
  const lease = cniOf(b).leaseNetwork(b.cluster);
  const network = lease !== undefined ? parseCidr(lease) : undefined;
  for (const [name, e] of b.nodes) {
    if (e.node.podCIDR === undefined) continue;
    const c = parseCidr(e.node.podCIDR);
    const where = e.podCIDRWhere ?? e.where;
    if (network && !(c.prefixLen >= network.prefixLen && cidrContains(network, c.base))) {
      b.rep.error('E132', where, `node ${name} podCIDR ${e.node.podCIDR} is outside the ${b.cluster.cni} Network ${lease}`, `a subnet of ${lease}`);
    }
    const clash = seen.find((s) => cidrsOverlap(s.cidr, c));
    if (clash) b.rep.error('E211', where, `node ${name} podCIDR ${e.node.podCIDR} overlaps the podCIDR of node ${clash.node}`, 'disjoint podCIDRs');
    seen.push({ cidr: c, node: name, where });
  }
}

/**
 * Pinned pod IPs: with calico-ipam they must lie in a pool; with host-local IPAM (flannel, Calico
 * ipam: host-local) in the node's podCIDR and not its network, gateway (.1, cni0 or the tunnel) or
 * broadcast address — or, before the podCIDR is known, in flannel's Network. No IP is pinned twice.
 */
export function checkPins(b: Build, st: CalicoState, entries: PodEntry[]): void {
  const cni = cniOf(b);
  const hostLocal = cni.usesHostLocal(b.cluster);
  const taken = new Map<number, { where: Where; pod: string }>();
  const reported = new Set<string>();
  for (const e of entries) {
    const ip = e.pod.pinnedIPs?.[0];
    if (ip === undefined || !e.pinWhere || e.pod.hostNetwork) continue;
    const where = e.pinWhere;
    const whereKey = `${where.res.index}:${where.path}`;
    const n = ipToNum(ip);
    const podName = `${e.pod.namespace}/${e.pod.name}`;
    if (!hostLocal) {
      if (!st.pools.some((p) => cidrContains(p.cidr, n)) && !reported.has(whereKey)) {
        reported.add(whereKey);
        b.rep.error('E501', where, `pod ${podName} pins ${ip}, which is in no IPPool`, st.pools.map((p) => `${p.pool.name} ${p.pool.cidr}`).join(', ') || '(no pools)');
        continue;
      }
    } else {
      const podCIDR = e.pod.nodeName !== undefined ? b.nodes.get(e.pod.nodeName)?.node.podCIDR : undefined;
      const range = podCIDR ?? cni.leaseNetwork(b.cluster);
      if (range !== undefined) {
        const c = parseCidr(range);
        const what = podCIDR ? `the podCIDR ${podCIDR} of node ${e.pod.nodeName}` : `the ${b.cluster.cni} Network ${range}`;
        const reserved = podCIDR ? isReservedInNet(n, c) ?? (n === c.base + 1 ? 'gateway (.1)' : undefined) : undefined;
        if ((!cidrContains(c, n) || reserved) && !reported.has(whereKey)) {
          reported.add(whereKey);
          const why = !cidrContains(c, n) ? `outside ${what}` : `the ${reserved} address of ${what}`;
          b.rep.error('E502', where, `pod ${podName} pins ${ip}, ${why}`, `a host address of ${range} other than .0, .1 and the broadcast address`);
          continue;
        }
      }
    }
    const first = taken.get(n);
    if (first) {
      if (!reported.has(whereKey)) {
        reported.add(whereKey);
        b.rep.error('E503', where, `pod ${podName} pins ${ip}, already pinned by pod ${first.pod} (line ${b.rep.loc(first.where).line})`, 'one pod per address');
      }
      continue;
    }
    taken.set(n, { where, pod: podName });
  }
}

/**
 * Namespaces: the declared ones in file order; "default" first when it is not declared (it always
 * exists); namespaces only referenced by resources are created implicitly, sorted by name, each with
 * the kubernetes.io/metadata.name label the API server adds.
 */
export function settleNamespaces(b: Build, used: readonly string[]): void {
  const declared = new Set(b.out.namespaces.map((n) => n.name));
  const mk = (name: string): Namespace => {
    const labels: Record<string, string> = {};
    Object.defineProperty(labels, NS_NAME_LABEL, { value: name, enumerable: true, writable: true, configurable: true });
    return { name, labels };
  };
  if (!declared.has('default')) b.out.namespaces.unshift(mk('default'));
  const implicit = [...new Set(used)].filter((n) => !declared.has(n) && n !== 'default').sort((a, c) => (a < c ? -1 : a > c ? 1 : 0));
  for (const n of implicit) b.out.namespaces.push(mk(n));
}
