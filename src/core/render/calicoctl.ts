// calicoctl output (fidelity target v3.2x): `node status` and `ipam show` are olekukonko/tablewriter
// tables; `get <resource>` is a Go tabwriter table followed by a blank line
// (calicoctl/commands/common/printer.go, columns from calicoctl/resourcemgr/*.go).

import type { BgpSession, IpamPoolUsage } from '../model/cluster';
import type { BGPConfiguration, BGPPeer, IPAMConfig, IPPool } from '../model/scenario';
import { cidrContainsCidr, parseCidr } from '../util/ipv4';
import { CALICOCTL_TABWRITER, tabwrite } from './gotab';
import { formatFixed, formatGoG } from './printf';
import { tablewriter } from './tablewriter';

// ---------------------------------------------------------------------------------------------
// calicoctl node status (commands/node/status.go)
// ---------------------------------------------------------------------------------------------

export interface NodeStatusOptions {
  /** BIRD runs (calico_backend bird); false for the vxlan/none backends */
  running: boolean;
  /** calico-node (Felix) itself runs on the node; default true */
  calicoRunning?: boolean;
  /** wall clock at logical time 0, "HH:MM:SS" (ClusterSpec.clockStart); default "00:00:00" */
  clockStart?: string;
}

/** BIRD's "since" column: clockStart + seconds, wrapping at midnight. */
export function clockAt(clockStart: string, seconds: number): string {
  const m = /^(\d{2}):(\d{2}):(\d{2})$/.exec(clockStart);
  if (!m) throw new Error(`clockStart must be HH:MM:SS, got "${clockStart}"`);
  const start = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  const t = (((start + Math.floor(seconds)) % 86400) + 86400) % 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}`;
}

/** `calicoctl node status` for one node. `sessions` are that node's BIRD protocols, in BIRD's order.
 *  Output ends with the blank line status.go prints after the tables (fmt.Println). */
export function nodeStatus(sessions: BgpSession[], opts: NodeStatusOptions): string {
  if (opts.calicoRunning === false) return 'Calico process is not running.\n';
  let out = 'Calico process is running.\n';
  if (!opts.running) return out + '\nThe BGP backend process (BIRD) is not running.\n\n';
  out += '\nIPv4 BGP status\n';
  if (sessions.length === 0) {
    out += 'No IPv4 peers found.\n';
  } else {
    const clock = opts.clockStart ?? '00:00:00';
    const rows = sessions.map((s) => [
      s.peerAddress,
      s.peerType,
      s.state,
      clockAt(clock, s.since),
      s.infoDetail ? `${s.info} ${s.infoDetail}` : s.info,
    ]);
    out += tablewriter(['Peer address', 'Peer type', 'State', 'Since', 'Info'], rows);
  }
  // BIRD6 runs beside BIRD in calico-node; the lab models no IPv6 peers
  out += '\nIPv6 BGP status\nNo IPv6 peers found.\n';
  return out + '\n';
}

// ---------------------------------------------------------------------------------------------
// calicoctl get … (resourcemgr templates through a tabwriter, then "\n")
// ---------------------------------------------------------------------------------------------

function getTable(headings: string[], rows: string[][]): string {
  return tabwrite([headings, ...rows], CALICOCTL_TABWRITER) + '\n';
}

/** `calicoctl get ippool`: NAME CIDR SELECTOR. */
export function getIPPool(pools: IPPool[]): string {
  return getTable(
    ['NAME', 'CIDR', 'SELECTOR'],
    pools.map((p) => [p.name, p.cidr, p.nodeSelector]),
  );
}

export interface GetIPPoolWideOptions {
  /** add the DISABLEBGPEXPORT column of calicoctl ≥ v3.2x later releases (resourcemgr/ippool.go at
   *  HEAD has it); the seed (001) was printed by a release without it, which is the default here */
  disableBGPExportColumn?: boolean;
}

/** `calicoctl get ippool -o wide`: NAME CIDR NAT IPIPMODE VXLANMODE DISABLED SELECTOR
 *  (modes print "Never" when unset, booleans as Go prints them). */
export function getIPPoolWide(pools: IPPool[], opts: GetIPPoolWideOptions = {}): string {
  const withExport = opts.disableBGPExportColumn ?? false;
  const headings = ['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED'];
  if (withExport) headings.push('DISABLEBGPEXPORT');
  headings.push('SELECTOR');
  const rows = pools.map((p) => {
    const row = [p.name, p.cidr, String(p.natOutgoing), p.ipipMode || 'Never', p.vxlanMode || 'Never', String(p.disabled)];
    if (withExport) row.push(String(p.disableBGPExport));
    row.push(p.nodeSelector);
    return row;
  });
  return getTable(headings, rows);
}

/** `calicoctl get bgpconfig`: NAME LOGSEVERITY MESHENABLED ASNUMBER; unset mesh/AS print "-", an
 *  unset log severity prints nothing. An empty list prints the heading only. */
export function getBGPConfig(configs: BGPConfiguration[]): string {
  return getTable(
    ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'],
    configs.map((c) => [
      c.name,
      c.logSeverityScreen ?? '',
      c.nodeToNodeMeshEnabled === undefined ? '-' : String(c.nodeToNodeMeshEnabled),
      c.asNumber === undefined ? '-' : String(c.asNumber),
    ]),
  );
}

/** `calicoctl get bgppeer`: NAME PEERIP NODE ASN; NODE is the node, else the nodeSelector, else
 *  "(global)"; an unset ASN prints 0 (numorstring.ASNumber zero value). */
export function getBGPPeer(peers: BGPPeer[]): string {
  return getTable(
    ['NAME', 'PEERIP', 'NODE', 'ASN'],
    peers.map((p) => [p.name, p.peerIP ?? '', p.node || p.nodeSelector || '(global)', String(p.asNumber ?? 0)]),
  );
}

export interface NodeRow {
  name: string;
  /** spec.bgp.asNumber when set on the Node */
  asn?: number;
  /** the AS the node inherits (BGPConfiguration default asNumber, else 64512) */
  inheritedAsn: number;
  /** spec.bgp.ipv4Address with its prefix length, e.g. "192.168.179.102/24" */
  ipv4?: string;
  ipv6?: string;
  /** the Node has a spec.bgp section (default: it has an ipv4 address) */
  bgp?: boolean;
}

/** `calicoctl get node`: NAME. */
export function getNode(nodes: NodeRow[]): string {
  return getTable(['NAME'], nodes.map((n) => [n.name]));
}

/** `calicoctl get node -o wide`: NAME ASN IPV4 IPV6; an inherited AS prints in parentheses, a Node
 *  without spec.bgp (VXLAN-only) prints empty ASN and addresses. */
export function getNodeWide(nodes: NodeRow[]): string {
  return getTable(
    ['NAME', 'ASN', 'IPV4', 'IPV6'],
    nodes.map((n) => {
      const bgp = n.bgp ?? n.ipv4 !== undefined;
      if (!bgp) return [n.name, '', '', ''];
      return [n.name, n.asn !== undefined ? String(n.asn) : `(${n.inheritedAsn})`, n.ipv4 ?? '', n.ipv6 ?? ''];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// calicoctl ipam show (commands/ipam/show.go, tablewriter releases ≤ v3.31)
// ---------------------------------------------------------------------------------------------

export interface IpamBlockUsage {
  cidr: string;
  /** addresses in the block */
  total: number;
  inUse: number;
  /** pool name or CIDR; default: the pool whose CIDR contains the block */
  pool?: string;
}

/** "%.5g (%.f%%)" of show.go genRow. */
function withPercent(n: number, capacity: number): string {
  return `${formatGoG(n, 5)} (${formatFixed((100 * n) / capacity, 0)}%)`;
}

function usageRow(grouping: string, cidr: string, inUse: number, capacity: number): string[] {
  return [grouping, cidr, formatGoG(capacity, 5), withPercent(inUse, capacity), withPercent(capacity - inUse, capacity)];
}

/** `calicoctl ipam show [--show-blocks]`: one "IP Pool" row per pool (total = pool size, in use = the
 *  pool's allocated addresses), followed by its "Block" rows when showBlocks. */
export function ipamShow(pools: IpamPoolUsage[], blocks: IpamBlockUsage[] = [], showBlocks = false): string {
  const rows: string[][] = [];
  for (const pool of pools) {
    rows.push(usageRow('IP Pool', pool.cidr, pool.inUse, pool.total));
    if (!showBlocks) continue;
    const poolCidr = parseCidr(pool.cidr);
    for (const b of blocks) {
      const mine = b.pool !== undefined ? b.pool === pool.pool || b.pool === pool.cidr : cidrContainsCidr(poolCidr, parseCidr(b.cidr));
      if (mine) rows.push(usageRow('Block', b.cidr, b.inUse, b.total));
    }
  }
  return tablewriter(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], rows);
}

/** `calicoctl ipam show --show-configuration` (v3.2x IPAMConfig fields, values printed with %#v). */
export function ipamShowConfiguration(cfg: IPAMConfig): string {
  return tablewriter(
    ['PROPERTY', 'VALUE'],
    [
      ['StrictAffinity', String(cfg.strictAffinity)],
      ['AutoAllocateBlocks', String(cfg.autoAllocateBlocks)],
      ['MaxBlocksPerHost', String(cfg.maxBlocksPerHost)],
    ],
  );
}
