import fc from 'fast-check';
import { blockCandidates, blockSeed, chooseBlock, randomBlockStartIndex } from './blockChoice';
import { fnv1a_32, fnv1_32 } from '../hash/fnv';

const none = () => false;

describe('Calico block choice (randomBlockGenerator)', () => {
  // Blocks printed by the seed tutorials for these node names (see shared/reference/cni-facts.md §1).
  it.each([
    ['vms71.rhce.cc', '10.244.0.0/16', '10.244.118.192/26'],
    ['vms72.rhce.cc', '10.244.0.0/16', '10.244.5.192/26'],
    ['k8s-master', '10.244.0.0/16', '10.244.235.192/26'],
    ['k8s-node1', '10.244.0.0/16', '10.244.36.64/26'],
    ['k8s-node2', '10.244.0.0/16', '10.244.169.128/26'],
    ['master-1', '172.20.0.0/16', '172.20.39.0/26'],
    ['master-2', '172.20.0.0/16', '172.20.205.192/26'],
    ['node-1', '172.20.0.0/16', '172.20.84.128/26'],
    ['node-2', '172.20.0.0/16', '172.20.247.0/26'],
  ])('%s in %s gets %s', (node, pool, block) => {
    expect(chooseBlock(node, pool, 26, none)).toBe(block);
  });

  it('seeds with FNV-1 (Go fnv.New32), not FNV-1a', () => {
    expect(blockSeed('k8s-node1')).toBe(fnv1_32('k8s-node1'));
    expect(blockSeed('k8s-node1')).not.toBe(fnv1a_32('k8s-node1'));
  });

  it('start index is the block offset inside the pool', () => {
    // 10.244.118.192/26 is block (118*256 + 192) / 64 = 475 of 10.244.0.0/16.
    expect(randomBlockStartIndex('vms71.rhce.cc', 16, 26)).toBe(475);
  });

  it('walks forward from the chosen block when it is taken', () => {
    const taken = new Set(['10.244.118.192/26']);
    expect(chooseBlock('vms71.rhce.cc', '10.244.0.0/16', 26, (c) => taken.has(c))).toBe('10.244.119.0/26');
    taken.add('10.244.119.0/26');
    expect(chooseBlock('vms71.rhce.cc', '10.244.0.0/16', 26, (c) => taken.has(c))).toBe('10.244.119.64/26');
  });

  it('wraps from the last block of the pool to the first', () => {
    // Find a node whose first block is the last one of a 4-block pool.
    const node = Array.from({ length: 200 }, (_, i) => `n${i}`).find(
      (n) => randomBlockStartIndex(n, 24, 26) === 3,
    )!;
    expect(node).toBeDefined();
    expect([...blockCandidates(node, '10.0.0.0/24', 26)]).toEqual([
      '10.0.0.192/26',
      '10.0.0.0/26',
      '10.0.0.64/26',
      '10.0.0.128/26',
    ]);
    expect(chooseBlock(node, '10.0.0.0/24', 26, (c) => c === '10.0.0.192/26')).toBe('10.0.0.0/26');
  });

  it('returns undefined when every block is taken', () => {
    expect(chooseBlock('node-1', '10.0.0.0/24', 26, () => true)).toBeUndefined();
    expect(chooseBlock('node-1', '10.0.0.0/24', 24, () => true)).toBeUndefined();
  });

  it('a pool of exactly one block has one candidate; /32 blocks are allowed (deterministic here)', () => {
    expect([...blockCandidates('x', '10.1.2.0/24', 24)]).toEqual(['10.1.2.0/24']);
    const c32 = [...blockCandidates('node-1', '10.9.9.0/30', 32)];
    expect([...c32].sort()).toEqual(['10.9.9.0/32', '10.9.9.1/32', '10.9.9.2/32', '10.9.9.3/32']);
    expect([...blockCandidates('node-1', '10.9.9.0/30', 32)]).toEqual(c32);
  });

  it('host bits in the pool CIDR are ignored, bad sizes are rejected', () => {
    expect(chooseBlock('node-2', '172.20.1.1/16', 26, none)).toBe('172.20.247.0/26');
    expect(() => chooseBlock('n', '10.0.0.0/16', 15, none)).toThrow();
    expect(() => chooseBlock('n', '10.0.0.0/16', 33, none)).toThrow();
  });

  it('lists every block exactly once, as a rotation of pool order (fast-check seed 314)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 20, max: 28 }), fc.integer({ min: 0, max: 6 }), (node, prefix, extra) => {
        const blockSize = Math.min(32, prefix + extra);
        const pool = `10.0.0.0/${prefix}`;
        const list = [...blockCandidates(node, pool, blockSize)];
        const n = 2 ** (blockSize - prefix);
        const start = randomBlockStartIndex(node, prefix, blockSize);
        const step = 2 ** (32 - blockSize);
        return (
          list.length === n &&
          new Set(list).size === n &&
          list.every((c, k) => {
            const idx = (start + k) % n;
            const base = idx * step;
            const ip = `10.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}`;
            return c === `${ip}/${blockSize}`;
          })
        );
      }),
      { seed: 314, numRuns: 100 },
    );
  });

  it('gives 1,000 nodes 1,000 distinct blocks of a crowded /16 (1,000 of its 1,024 /26s)', () => {
    // how fast this is belongs to `npm run bench`, not to a unit test on a shared machine
    const taken = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const b = chooseBlock(`worker-${i}`, '10.244.0.0/16', 26, (c) => taken.has(c));
      expect(b).toBeDefined();
      expect(b).toMatch(/^10\.244\.\d+\.(0|64|128|192)\/26$/);
      taken.add(b!);
    }
    expect(taken.size).toBe(1000);
  });
});

describe('block sizes Calico accepts', () => {
  it('a block between the pool prefix and /32, in whole bits', () => {
    expect(() => randomBlockStartIndex('n', 16, 15)).toThrow('blockSize 15 must be between the pool prefix /16 and 32');
    expect(() => randomBlockStartIndex('n', 16, 33)).toThrow('blockSize 33 must be between the pool prefix /16 and 32');
    expect(() => randomBlockStartIndex('n', 16, 26.5)).toThrow('blockSize 26.5 must be between the pool prefix /16 and 32');
    expect(() => chooseBlock('n', '10.0.0.0/16', 8, none)).toThrow('blockSize 8 must be between the pool prefix /16 and 32');
    expect(randomBlockStartIndex('n', 16, 16)).toBe(0);
    expect(chooseBlock('n', '10.0.0.0/30', 32, none)).toMatch(/^10\.0\.0\.[0-3]\/32$/);
  });
});
