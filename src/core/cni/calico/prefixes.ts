// The prefixes every node originates — its confirmed blocks, the /32 of any pod address it borrowed from
// another node's block, and (VXLAN) its VTEP address when that lies outside its blocks — in kernel order,
// sorted once for the whole cluster: BGP announces them and every node's remote routes follow them.

import type { IpamBlock, NodeInfo } from '../../model/cluster';
import type { IPPool } from '../../model/scenario';
import type { PodTable } from '../pods';
import { dstKey } from '../../dataplane/fib';
import { cidrContains, ipToNum, parseCidr } from '../../util/ipv4';
import { poolFor, type ClusterPrefix } from './dataplane';

export function clusterPrefixes(
  nodes: NodeInfo[],
  blocks: IpamBlock[],
  podIps: readonly (string | undefined)[],
  table: PodTable,
  ippools: IPPool[],
  vxlanEnabled: boolean,
): ClusterPrefix[] {
  const prefixes: ClusterPrefix[] = [];
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));
  const blockByCidr = new Map(blocks.map((b) => [b.cidr, b]));
  const poolOf = (cidr: string) => poolFor(ippools, cidr);
  for (const node of nodes) {
    for (const b of node.blocks) {
      const blk = blockByCidr.get(b);
      if (blk && blk.state !== 'confirmed') continue; // pending affinities are not routed
      const pool = poolOf(b);
      if (pool) prefixes.push({ prefix: b, key: dstKey(b), node: node.name, origin: node, kind: 'block', pool, variants: [] });
    }
  }
  // A pod address outside its node's own blocks was borrowed: its node originates a /32 for it.
  const blockNets = new Map<NodeInfo, ReturnType<typeof parseCidr>[]>(nodes.map((n) => [n, n.blocks.map((b) => parseCidr(b))]));
  // Node by node (the table's groups), so each node's blocks are looked up once, not once per pod. The
  // prefixes are sorted below and no two borrowed /32s share a key, so the visiting order leaves no trace.
  for (const [name, indexes] of table.byNode) {
    const node = nodesByName.get(name)!;
    const nets = blockNets.get(node)!;
    for (const i of indexes) {
      const ip = podIps[i];
      if (ip === undefined) continue;
      const n = ipToNum(ip);
      if (!nets.some((b) => cidrContains(b, n))) {
        const pool = poolOf(`${ip}/32`);
        if (pool) prefixes.push({ prefix: `${ip}/32`, key: dstKey(`${ip}/32`), node: node.name, origin: node, kind: 'borrowed', pool, variants: [] });
      }
    }
  }
  if (vxlanEnabled) {
    for (const node of nodes) {
      const vtep = node.vxlanTunnelAddr;
      if (!vtep) continue;
      const n = ipToNum(vtep);
      if (blockNets.get(node)!.some((b) => cidrContains(b, n))) continue;
      const pool = poolOf(`${vtep}/32`);
      if (pool) prefixes.push({ prefix: `${vtep}/32`, key: dstKey(`${vtep}/32`), node: node.name, origin: node, kind: 'vtep', pool, variants: [] });
    }
  }
  prefixes.sort((a, b) => a.key - b.key);
  return prefixes;
}
