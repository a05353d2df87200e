// Calico IPAM (libcalico-go/lib/ipam), reduced to what decides addresses a user can see:
// - a node claims whole blocks; its first claim in a pool starts at a block chosen from the node name
//   (blockChoice.ts) and walks to the first free one;
// - AutoAssign takes from the node's affine blocks first, then claims a new block (up to maxBlocksPerHost,
//   default 20), then — unless strictAffinity — borrows a single address from another node's block;
// - a block's free list starts as ordinals 0..N-1 (so the tunnel address is usually the block's first
//   address) and released ordinals go to the tail (reused last);
// - AssignIP (a pinned address) claims the containing block for the node if nobody has it.
// Allocation state is carried from the previous ClusterState, so editing a scenario never renumbers pods.

import type { IpamBlock } from '../model/cluster';
import type { BlockAffinity, IPAMConfig, IPPool } from '../model/scenario';
import { cidrContains, numToIp, parseCidr, ipToNum, maskOf, type Cidr } from '../util/ipv4';
import { chooseBlock } from './blockChoice';
import { IpamError } from './errors';

export interface AssignResult {
  ip: string;
  block: string;
  /** the address came from another node's block */
  borrowed: boolean;
}

export { IpamError };

interface BlockRec {
  block: IpamBlock;
  net: Cidr;
  size: number;
}

/** Hard default cap on affine blocks per host when maxBlocksPerHost is 0 (ipam.go). */
export const DEFAULT_MAX_BLOCKS_PER_HOST = 20;

export class CalicoIpam {
  private readonly blocks = new Map<string, BlockRec>();
  /** node → its affine block CIDRs, in claim order */
  private readonly affine = new Map<string, string[]>();
  /** handle → where its address is (a cluster has one handle per pod: scanning blocks per pod is quadratic) */
  private readonly byHandle = new Map<string, { rec: BlockRec; ordinal: number }>();

  constructor(
    private readonly pools: IPPool[],
    private readonly config: IPAMConfig,
    prev: IpamBlock[] = [],
  ) {
    for (const b of prev) {
      const pool = pools.find((p) => p.name === b.pool && cidrContains(parseCidr(p.cidr), ipToNum(b.cidr.split('/')[0])));
      // A block survives an edit only while its pool still exists with the same block size.
      if (!pool || parseCidr(b.cidr).prefixLen !== pool.blockSize) continue;
      this.addBlock({
        ...b,
        allocations: { ...b.allocations },
        released: [...b.released],
      });
    }
  }

  private addBlock(block: IpamBlock): BlockRec {
    const net = parseCidr(block.cidr);
    const rec: BlockRec = { block, net, size: 2 ** (32 - net.prefixLen) };
    this.blocks.set(block.cidr, rec);
    for (const [o, h] of Object.entries(block.allocations)) this.byHandle.set(h, { rec, ordinal: Number(o) });
    const list = this.affine.get(block.affinity) ?? [];
    list.push(block.cidr);
    this.affine.set(block.affinity, list);
    return rec;
  }

  /** Drops allocations whose handle no longer exists; their ordinals join the released queue in ordinal order. */
  releaseExcept(live: Set<string>): void {
    for (const rec of this.blocks.values()) {
      const gone = Object.keys(rec.block.allocations)
        .map(Number)
        .filter((o) => !live.has(rec.block.allocations[o]))
        .sort((a, b) => a - b);
      for (const o of gone) {
        this.byHandle.delete(rec.block.allocations[o]);
        delete rec.block.allocations[o];
        rec.block.released.push(o);
      }
    }
  }

  /** Forgets blocks affine to nodes that left the cluster (their addresses are gone with them). */
  dropNodesExcept(nodes: Set<string>): void {
    for (const [cidr, rec] of [...this.blocks]) {
      if (!nodes.has(rec.block.affinity)) {
        for (const h of Object.values(rec.block.allocations)) this.byHandle.delete(h);
        this.blocks.delete(cidr);
        this.affine.delete(rec.block.affinity);
      }
    }
  }

  /** BlockAffinity resources pin blocks to nodes before anything is assigned. */
  applyAffinities(affs: BlockAffinity[]): void {
    for (const a of affs) {
      const existing = this.blocks.get(a.cidr);
      if (existing) {
        existing.block.state = a.state;
        continue;
      }
      const pool = this.poolContaining(parseCidr(a.cidr).base);
      if (!pool) throw new IpamError('outside-pools', `BlockAffinity ${a.name}: ${a.cidr} is not inside any IPPool`);
      this.addBlock({ cidr: a.cidr, pool: pool.name, affinity: a.node, allocations: {}, nextFresh: 0, released: [], state: a.state });
    }
  }

  handleOf(ip: string): string | undefined {
    const n = ipToNum(ip);
    for (const rec of this.blocks.values()) {
      if (cidrContains(rec.net, n)) return rec.block.allocations[n - rec.net.base];
    }
    return undefined;
  }

  /** Existing allocation for a handle (a pod or tunnel that already had an address before this edit). */
  find(handle: string): AssignResult | undefined {
    const at = this.byHandle.get(handle);
    return at ? { ip: numToIp(at.rec.net.base + at.ordinal), block: at.rec.block.cidr, borrowed: false } : undefined;
  }

  private poolContaining(ip: number): IPPool | undefined {
    return this.pools.find((p) => cidrContains(parseCidr(p.cidr), ip));
  }

  private take(rec: BlockRec, handle: string): number | undefined {
    const b = rec.block;
    let o: number | undefined;
    // Pinned addresses may sit ahead of the fresh cursor: step over them.
    while (b.nextFresh < rec.size && b.allocations[b.nextFresh] !== undefined) b.nextFresh++;
    if (b.nextFresh < rec.size) o = b.nextFresh++;
    else o = b.released.shift();
    if (o === undefined) return undefined;
    b.allocations[o] = handle;
    this.byHandle.set(handle, { rec, ordinal: o });
    return o;
  }

  private result(rec: BlockRec, ordinal: number, node: string): AssignResult {
    return { ip: numToIp(rec.net.base + ordinal), block: rec.block.cidr, borrowed: rec.block.affinity !== node };
  }

  private claim(node: string, pool: IPPool): BlockRec | undefined {
    const cidr = chooseBlock(node, pool.cidr, pool.blockSize, (c) => this.blocks.has(c));
    if (!cidr) return undefined;
    return this.addBlock({ cidr, pool: pool.name, affinity: node, allocations: {}, nextFresh: 0, released: [], state: 'confirmed' });
  }

  /** AutoAssign of one address for `node` from `pools` (already filtered to enabled pools selecting the node). */
  autoAssign(node: string, handle: string, pools: IPPool[]): AssignResult {
    const inPools = (r: BlockRec) => pools.some((p) => p.name === r.block.pool);
    for (const cidr of this.affine.get(node) ?? []) {
      const rec = this.blocks.get(cidr)!;
      if (rec.block.state !== 'confirmed' || !inPools(rec)) continue;
      const o = this.take(rec, handle);
      if (o !== undefined) return this.result(rec, o, node);
    }
    const max = this.config.maxBlocksPerHost > 0 ? this.config.maxBlocksPerHost : DEFAULT_MAX_BLOCKS_PER_HOST;
    if (this.config.autoAllocateBlocks && (this.affine.get(node)?.length ?? 0) < max) {
      for (const pool of pools) {
        const rec = this.claim(node, pool);
        if (!rec) continue;
        const o = this.take(rec, handle)!;
        return this.result(rec, o, node);
      }
    }
    if (!this.config.strictAffinity) {
      // Real Calico visits other blocks in an order seeded by the hostname; ascending CIDR is our documented stand-in.
      const others = [...this.blocks.values()]
        .filter((r) => inPools(r) && r.block.affinity !== node)
        .sort((a, b) => a.net.base - b.net.base);
      for (const rec of others) {
        const o = this.take(rec, handle);
        if (o !== undefined) return this.result(rec, o, node);
      }
    }
    const names = pools.map((p) => `${p.name} (${p.cidr})`).join(', ') || 'none selects this node';
    throw new IpamError('exhausted', `no free address for ${handle} on node ${node}: pools exhausted: ${names}`);
  }

  /** AssignIP: a specific address (the cni.projectcalico.org/ipAddrs annotation). */
  assignIP(node: string, handle: string, ip: string): AssignResult {
    const n = ipToNum(ip);
    const pool = this.poolContaining(n);
    if (!pool) throw new IpamError('outside-pools', `${ip} is not inside any IPPool`);
    const base = (n & maskOf(pool.blockSize)) >>> 0;
    const cidr = `${numToIp(base)}/${pool.blockSize}`;
    let rec = this.blocks.get(cidr);
    if (!rec) {
      rec = this.addBlock({ cidr, pool: pool.name, affinity: node, allocations: {}, nextFresh: 0, released: [], state: 'confirmed' });
    }
    const o = n - rec.net.base;
    const holder = rec.block.allocations[o];
    if (holder !== undefined && holder !== handle) {
      throw new IpamError('in-use', `${ip} is already in use by ${holder}`);
    }
    rec.block.allocations[o] = handle;
    this.byHandle.set(handle, { rec, ordinal: o });
    // Out of the released queue; a fresh ordinal is stepped over by take() when the cursor reaches it.
    rec.block.released = rec.block.released.filter((x) => x !== o);
    return this.result(rec, o, node);
  }

  /** All blocks, sorted by address (the order calicoctl and the UI list them). */
  snapshot(): IpamBlock[] {
    return [...this.blocks.values()].sort((a, b) => a.net.base - b.net.base).map((r) => r.block);
  }

  affineBlocks(node: string): string[] {
    return [...(this.affine.get(node) ?? [])];
  }
}
