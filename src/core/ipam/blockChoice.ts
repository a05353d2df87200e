// Which block of a pool a node tries first when it needs a new affine block, as Calico's
// libcalico-go/lib/ipam/ipam_block_reader_writer.go does it (`randomBlockGenerator`,
// `determineSeed`, used by `findUsableBlock`):
//   seed  = FNV-1 32-bit (Go `fnv.New32()`, not 32a) of the node name, as a non-negative int64;
//   rnd   = rand.New(rand.NewSource(seed));
//   start = new(big.Int).Rand(rnd, numBlocks), numBlocks = 2^(blockSize - poolPrefixLen)
//           (`intRand` here: the same draws in plain numbers);
//   then blocks start, start+1, ..., numBlocks-1, 0, ..., start-1 (each exactly once).
// The node takes the first block in that order that no one holds. Because the seed is the node
// name, the same node name always lands on the same block in an empty pool, which is why every
// block printed in the seed tutorials follows from the node names alone.
//
// One deliberate difference: for /32 blocks Calico seeds with the current time (any block will do,
// and a time seed spreads nodes apart). The simulator must be deterministic, so it uses the node
// name seed for /32 blocks too.

import { GoRand, intRand } from '../hash/gorand';
import { fnv1_32 } from '../hash/fnv';
import { cidrToString, parseCidr } from '../util/ipv4';

function checkSizes(poolPrefixLen: number, blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < poolPrefixLen || blockSize > 32) {
    throw new Error(`blockSize ${blockSize} must be between the pool prefix /${poolPrefixLen} and 32`);
  }
}

/** Calico's `determineSeed` for blocks larger than /32: FNV-1 32 of the node name. */
export function blockSeed(node: string): number {
  return fnv1_32(node);
}

// One generator, reseeded per call (Go's Seed resets it completely): allocating its typed arrays
// costs more than the draw itself when choosing blocks for many nodes.
const scratch = new GoRand(1);

/** Index (0-based, in pool order) of the block a node tries first. */
export function randomBlockStartIndex(node: string, poolPrefixLen: number, blockSize: number): number {
  checkSizes(poolPrefixLen, blockSize);
  scratch.seed(blockSeed(node));
  return intRand(scratch, 2 ** (blockSize - poolPrefixLen));
}

interface Walk {
  base: number;
  numBlocks: number;
  addrsPerBlock: number;
  start: number;
}

function walkOf(node: string, poolCidr: string, blockSize: number): Walk {
  const pool = parseCidr(poolCidr);
  checkSizes(pool.prefixLen, blockSize);
  return {
    base: pool.base,
    numBlocks: 2 ** (blockSize - pool.prefixLen),
    addrsPerBlock: 2 ** (32 - blockSize),
    start: randomBlockStartIndex(node, pool.prefixLen, blockSize),
  };
}

function kthBlock(w: Walk, k: number, blockSize: number): string {
  const index = (w.start + k) % w.numBlocks;
  return cidrToString({ base: w.base + index * w.addrsPerBlock, prefixLen: blockSize });
}

/** Every block CIDR of the pool, lazily, in the order Calico tries them for this node. */
export function* blockCandidates(node: string, poolCidr: string, blockSize: number): Generator<string> {
  const w = walkOf(node, poolCidr, blockSize);
  for (let k = 0; k < w.numBlocks; k++) yield kthBlock(w, k, blockSize);
}

/**
 * The block Calico would claim for `node`: the first candidate for which `taken` is false, or
 * undefined when every block is taken. `taken` stands for findUsableBlock's checks (a block exists
 * and is not this node's with free space, or is wholly reserved).
 */
export function chooseBlock(
  node: string,
  poolCidr: string,
  blockSize: number,
  taken: (cidr: string) => boolean,
): string | undefined {
  // A plain loop rather than iterating blockCandidates: generators are slow before the JIT warms up,
  // and a crowded pool can take thousands of probes.
  const w = walkOf(node, poolCidr, blockSize);
  for (let k = 0; k < w.numBlocks; k++) {
    const cidr = kthBlock(w, k, blockSize);
    if (!taken(cidr)) return cidr;
  }
  return undefined;
}
