// CalicoIpam against libcalico-go's rules, with addresses worked out by hand on tiny pools (a /30 pool of
// one /30 block has four addresses, 10.0.0.0–10.0.0.3) and, where a block depends on the node name, the
// blocks the seed tutorials printed (node-1 in 172.20.0.0/16 claims 172.20.84.128/26, seed 000).
import { describe, expect, it } from 'vitest';
import type { IpamBlock } from '../model/cluster';
import type { IPAMConfig, IPPool } from '../model/scenario';
import { CalicoIpam, DEFAULT_MAX_BLOCKS_PER_HOST, IpamError } from './calicoIpam';

const pool = (name: string, cidr: string, blockSize: number): IPPool => ({
  name,
  cidr,
  blockSize,
  ipipMode: 'Always',
  vxlanMode: 'Never',
  natOutgoing: true,
  disabled: false,
  disableBGPExport: false,
  nodeSelector: 'all()',
});
const config = (c: Partial<IPAMConfig> = {}): IPAMConfig => ({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0, ...c });
const tiny = pool('tiny', '10.0.0.0/30', 30);

function thrown(f: () => unknown): IpamError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IpamError);
    return e as IpamError;
  }
  throw new Error('expected an IpamError');
}

describe('CalicoIpam.autoAssign', () => {
  it('claims the block the node name picks (seed 000: node-1 → 172.20.84.128/26) and hands out its addresses in order', () => {
    const p = pool('default-ipv4-ippool', '172.20.0.0/16', 26);
    const ipam = new CalicoIpam([p], config());
    expect(ipam.autoAssign('node-1', 'tunl0', [p])).toEqual({ ip: '172.20.84.128', block: '172.20.84.128/26', borrowed: false });
    expect(ipam.autoAssign('node-1', 'a', [p])).toEqual({ ip: '172.20.84.129', block: '172.20.84.128/26', borrowed: false });
    expect(ipam.autoAssign('node-1', 'b', [p]).ip).toBe('172.20.84.130');
    expect(ipam.affineBlocks('node-1')).toEqual(['172.20.84.128/26']);
    expect(ipam.find('a')).toEqual({ ip: '172.20.84.129', block: '172.20.84.128/26', borrowed: false });
    expect(ipam.find('nobody')).toBeUndefined();
    expect(ipam.handleOf('172.20.84.130')).toBe('b');
    expect(ipam.handleOf('172.20.84.131')).toBeUndefined();
    expect(ipam.handleOf('10.9.9.9')).toBeUndefined();
  });

  it('fills a block, then reuses released addresses, last-released last; a full pool is an "exhausted" error naming it', () => {
    const ipam = new CalicoIpam([tiny], config());
    expect(['a', 'b', 'c', 'd'].map((h) => ipam.autoAssign('n1', h, [tiny]).ip)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const e = thrown(() => ipam.autoAssign('n1', 'e', [tiny]));
    expect(e.code).toBe('exhausted');
    expect(e.message).toBe('no free address for e on node n1: pools exhausted: tiny (10.0.0.0/30)');
    // d and b go (released in ordinal order: 1, then 3), then both come back in that order
    ipam.releaseExcept(new Set(['a', 'c']));
    expect(ipam.find('b')).toBeUndefined();
    expect(ipam.handleOf('10.0.0.1')).toBeUndefined();
    expect(ipam.autoAssign('n1', 'f', [tiny]).ip).toBe('10.0.0.1');
    expect(ipam.autoAssign('n1', 'g', [tiny]).ip).toBe('10.0.0.3');
    expect(ipam.snapshot()[0].released).toEqual([]);
  });

  it('prefers never-used addresses over released ones', () => {
    const ipam = new CalicoIpam([tiny], config());
    ipam.autoAssign('n1', 'a', [tiny]);
    ipam.autoAssign('n1', 'b', [tiny]);
    ipam.releaseExcept(new Set(['b']));
    expect(ipam.snapshot()[0]).toMatchObject({ allocations: { 1: 'b' }, released: [0], nextFresh: 2 });
    expect(['c', 'd', 'e'].map((h) => ipam.autoAssign('n1', h, [tiny]).ip)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.0']);
  });

  it('with no pool for the node the error says none selects it', () => {
    const ipam = new CalicoIpam([tiny], config());
    expect(thrown(() => ipam.autoAssign('n1', 'a', [])).message).toBe('no free address for a on node n1: pools exhausted: none selects this node');
  });

  const two = pool('two', '10.0.0.0/29', 30); // blocks 10.0.0.0/30 and 10.0.0.4/30
  const other = (b: string) => (b === '10.0.0.0/30' ? '10.0.0.4/30' : '10.0.0.0/30');

  it('claims a second block when the first is full, up to maxBlocksPerHost', () => {
    const ipam = new CalicoIpam([two], config({ maxBlocksPerHost: 2, strictAffinity: true }));
    const first = ipam.autoAssign('n1', 'h0', [two]).block;
    for (let i = 1; i < 4; i++) expect(ipam.autoAssign('n1', `h${i}`, [two]).block).toBe(first);
    const second = ipam.autoAssign('n1', 'h4', [two]);
    expect(second).toEqual({ ip: other(first).replace('/30', ''), block: other(first), borrowed: false });
    expect(ipam.affineBlocks('n1')).toEqual([first, other(first)]);
    // a copy: changing it changes nothing
    ipam.affineBlocks('n1').pop();
    expect(ipam.affineBlocks('n1')).toHaveLength(2);
  });

  it('maxBlocksPerHost 1 with strictAffinity: a full block is the end', () => {
    const ipam = new CalicoIpam([two], config({ maxBlocksPerHost: 1, strictAffinity: true }));
    for (let i = 0; i < 4; i++) ipam.autoAssign('n1', `h${i}`, [two]);
    expect(thrown(() => ipam.autoAssign('n1', 'h4', [two])).code).toBe('exhausted');
    expect(ipam.affineBlocks('n1')).toHaveLength(1);
  });

  it(`maxBlocksPerHost 0 means Calico's default of ${DEFAULT_MAX_BLOCKS_PER_HOST} blocks`, () => {
    expect(DEFAULT_MAX_BLOCKS_PER_HOST).toBe(20);
    const ones = pool('ones', '10.0.0.0/27', 32); // 32 one-address blocks
    const ipam = new CalicoIpam([ones], config({ strictAffinity: true }));
    for (let i = 0; i < 20; i++) expect(ipam.autoAssign('n1', `h${i}`, [ones]).borrowed).toBe(false);
    expect(thrown(() => ipam.autoAssign('n1', 'h20', [ones])).code).toBe('exhausted');
    expect(ipam.affineBlocks('n1')).toHaveLength(20);
  });

  it('without strictAffinity a node that may not claim borrows from another node\'s block, lowest block first', () => {
    const ipam = new CalicoIpam([two], config({ autoAllocateBlocks: false }));
    ipam.applyAffinities([
      { name: 'x', node: 'n2', cidr: '10.0.0.4/30', state: 'confirmed' },
      { name: 'y', node: 'n2', cidr: '10.0.0.0/30', state: 'confirmed' },
    ]);
    expect(ipam.autoAssign('n1', 'a', [two])).toEqual({ ip: '10.0.0.0', block: '10.0.0.0/30', borrowed: true });
    expect(ipam.autoAssign('n2', 'b', [two])).toEqual({ ip: '10.0.0.4', block: '10.0.0.4/30', borrowed: false });
    // with strictAffinity the same request fails instead
    const strict = new CalicoIpam([two], config({ autoAllocateBlocks: false, strictAffinity: true }));
    strict.applyAffinities([{ name: 'y', node: 'n2', cidr: '10.0.0.0/30', state: 'confirmed' }]);
    expect(thrown(() => strict.autoAssign('n1', 'a', [two])).code).toBe('exhausted');
  });

  it('borrows only from blocks of the pools offered, and skips its own pending blocks', () => {
    const a = pool('a', '10.0.0.0/30', 30);
    const b = pool('b', '10.1.0.0/30', 30);
    const ipam = new CalicoIpam([a, b], config({ autoAllocateBlocks: false }));
    ipam.applyAffinities([
      { name: 'x', node: 'n2', cidr: '10.0.0.0/30', state: 'confirmed' },
      { name: 'y', node: 'n2', cidr: '10.1.0.0/30', state: 'confirmed' },
      { name: 'z', node: 'n1', cidr: '10.1.0.0/30', state: 'pending' },
    ]);
    // the third affinity names a block that exists: it only changes its state (and not its node)
    expect(ipam.snapshot().map((x) => `${x.cidr} ${x.affinity} ${x.state}`)).toEqual(['10.0.0.0/30 n2 confirmed', '10.1.0.0/30 n2 pending']);
    expect(ipam.autoAssign('n1', 'h', [b])).toEqual({ ip: '10.1.0.0', block: '10.1.0.0/30', borrowed: true });
    const own = new CalicoIpam([a], config({ strictAffinity: true }));
    own.applyAffinities([{ name: 'p', node: 'n1', cidr: '10.0.0.0/30', state: 'pending' }]);
    // its only block is pending and the pool has no other block to claim
    expect(thrown(() => own.autoAssign('n1', 'h', [a])).code).toBe('exhausted');
  });

  it('an affine block of a pool the node is not offered is left alone', () => {
    const a = pool('a', '10.0.0.0/30', 30);
    const b = pool('b', '10.1.0.0/30', 30);
    const ipam = new CalicoIpam([a, b], config());
    ipam.applyAffinities([{ name: 'x', node: 'n1', cidr: '10.0.0.0/30', state: 'confirmed' }]);
    expect(ipam.autoAssign('n1', 'h', [b])).toEqual({ ip: '10.1.0.0', block: '10.1.0.0/30', borrowed: false });
  });
});

describe('CalicoIpam.applyAffinities and assignIP', () => {
  it('refuses an affinity outside every pool', () => {
    const ipam = new CalicoIpam([tiny], config());
    const e = thrown(() => ipam.applyAffinities([{ name: 'far', node: 'n1', cidr: '10.9.0.0/30', state: 'confirmed' }]));
    expect(e.code).toBe('outside-pools');
    expect(e.message).toBe('BlockAffinity far: 10.9.0.0/30 is not inside any IPPool');
  });

  it('a pinned address claims its block for the node; the fresh cursor steps over it', () => {
    const ipam = new CalicoIpam([tiny], config());
    expect(ipam.assignIP('n1', 'pinned', '10.0.0.1')).toEqual({ ip: '10.0.0.1', block: '10.0.0.0/30', borrowed: false });
    expect(ipam.affineBlocks('n1')).toEqual(['10.0.0.0/30']);
    expect(['a', 'b', 'c'].map((h) => ipam.autoAssign('n1', h, [tiny]).ip)).toEqual(['10.0.0.0', '10.0.0.2', '10.0.0.3']);
    expect(ipam.find('pinned')!.ip).toBe('10.0.0.1');
  });

  it('a pinned address in another node\'s block is borrowed; a taken one is refused; the same handle may ask again', () => {
    const ipam = new CalicoIpam([tiny], config());
    ipam.autoAssign('n2', 'x', [tiny]);
    expect(ipam.assignIP('n1', 'p', '10.0.0.2')).toEqual({ ip: '10.0.0.2', block: '10.0.0.0/30', borrowed: true });
    expect(ipam.assignIP('n1', 'p', '10.0.0.2').ip).toBe('10.0.0.2');
    const e = thrown(() => ipam.assignIP('n1', 'q', '10.0.0.0'));
    expect(e.code).toBe('in-use');
    expect(e.message).toBe('10.0.0.0 is already in use by x');
    const out = thrown(() => ipam.assignIP('n1', 'q', '192.168.0.1'));
    expect(out.code).toBe('outside-pools');
    expect(out.message).toBe('192.168.0.1 is not inside any IPPool');
  });

  it('a pinned address that was released leaves the released queue', () => {
    const ipam = new CalicoIpam([tiny], config());
    for (const h of ['a', 'b', 'c', 'd']) ipam.autoAssign('n1', h, [tiny]);
    ipam.releaseExcept(new Set(['a', 'd']));
    expect(ipam.snapshot()[0].released).toEqual([1, 2]);
    ipam.assignIP('n1', 'p', '10.0.0.2');
    expect(ipam.snapshot()[0].released).toEqual([1]);
    expect(ipam.autoAssign('n1', 'e', [tiny]).ip).toBe('10.0.0.1');
  });
});

describe('CalicoIpam carried over an edit', () => {
  const prevBlock = (): IpamBlock => ({ cidr: '10.0.0.0/30', pool: 'tiny', affinity: 'n1', allocations: { 0: 'a', 2: 'c' }, nextFresh: 3, released: [1], state: 'confirmed' });

  it('keeps a block whose pool still exists with the same block size, without sharing its state', () => {
    const prev = prevBlock();
    const ipam = new CalicoIpam([tiny], config(), [prev]);
    expect(ipam.find('c')).toEqual({ ip: '10.0.0.2', block: '10.0.0.0/30', borrowed: false });
    expect(ipam.affineBlocks('n1')).toEqual(['10.0.0.0/30']);
    expect(ipam.autoAssign('n1', 'd', [tiny]).ip).toBe('10.0.0.3');
    expect(ipam.autoAssign('n1', 'e', [tiny]).ip).toBe('10.0.0.1');
    // the previous state is not changed by the new allocations
    expect(prev).toEqual(prevBlock());
  });

  it('drops a block whose pool is gone, renamed or re-sized', () => {
    expect(new CalicoIpam([pool('other', '10.0.0.0/30', 30)], config(), [prevBlock()]).snapshot()).toEqual([]);
    expect(new CalicoIpam([pool('tiny', '10.0.0.0/29', 29)], config(), [prevBlock()]).snapshot()).toEqual([]);
    expect(new CalicoIpam([pool('tiny', '10.5.0.0/30', 30)], config(), [prevBlock()]).snapshot()).toEqual([]);
    expect(new CalicoIpam([tiny], config(), [prevBlock()]).snapshot()).toHaveLength(1);
  });

  it('forgets the blocks of nodes that left, and their handles', () => {
    const two = pool('two', '10.0.0.0/29', 30);
    const ipam = new CalicoIpam([two], config());
    ipam.autoAssign('n1', 'a', [two]);
    ipam.autoAssign('n2', 'b', [two]);
    ipam.dropNodesExcept(new Set(['n2']));
    expect(ipam.find('a')).toBeUndefined();
    expect(ipam.find('b')).toBeDefined();
    expect(ipam.affineBlocks('n1')).toEqual([]);
    expect(ipam.snapshot().map((b) => b.affinity)).toEqual(['n2']);
  });

  it('lists blocks by address', () => {
    const p = pool('p', '10.0.0.0/28', 30);
    const ipam = new CalicoIpam([p], config());
    ipam.applyAffinities([
      { name: 'c', node: 'n1', cidr: '10.0.0.12/30', state: 'confirmed' },
      { name: 'a', node: 'n2', cidr: '10.0.0.0/30', state: 'confirmed' },
      { name: 'b', node: 'n3', cidr: '10.0.0.8/30', state: 'confirmed' },
    ]);
    expect(ipam.snapshot().map((b) => b.cidr)).toEqual(['10.0.0.0/30', '10.0.0.8/30', '10.0.0.12/30']);
  });
});

describe('CalicoIpam: blocks that did not come from a claim fill up like any other', () => {
  it('a block pinned by a BlockAffinity or by a pinned address holds exactly its four addresses', () => {
    const viaAffinity = new CalicoIpam([tiny], config({ strictAffinity: true }));
    viaAffinity.applyAffinities([{ name: 'x', node: 'n1', cidr: '10.0.0.0/30', state: 'confirmed' }]);
    expect(['a', 'b', 'c', 'd'].map((h) => viaAffinity.autoAssign('n1', h, [tiny]).ip)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(thrown(() => viaAffinity.autoAssign('n1', 'e', [tiny])).code).toBe('exhausted');
    const viaPin = new CalicoIpam([tiny], config({ strictAffinity: true }));
    viaPin.assignIP('n1', 'p', '10.0.0.0');
    expect(['a', 'b', 'c'].map((h) => viaPin.autoAssign('n1', h, [tiny]).ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(thrown(() => viaPin.autoAssign('n1', 'e', [tiny])).code).toBe('exhausted');
  });

  it('finds the handle of an address in whichever block holds it', () => {
    const two = pool('two', '10.0.0.0/29', 30);
    const ipam = new CalicoIpam([two], config());
    ipam.applyAffinities([
      { name: 'x', node: 'n1', cidr: '10.0.0.0/30', state: 'confirmed' },
      { name: 'y', node: 'n2', cidr: '10.0.0.4/30', state: 'confirmed' },
    ]);
    ipam.autoAssign('n1', 'a', [two]);
    ipam.autoAssign('n2', 'b', [two]);
    expect(ipam.handleOf('10.0.0.4')).toBe('b');
    expect(ipam.handleOf('10.0.0.0')).toBe('a');
  });

  it('borrowing skips a full block for the next one, and never takes from the node\'s own pending block', () => {
    const p = pool('p', '10.0.0.0/28', 30);
    const ipam = new CalicoIpam([p], config({ autoAllocateBlocks: false }));
    ipam.applyAffinities([
      { name: 'w', node: 'n1', cidr: '10.0.0.12/30', state: 'pending' },
      { name: 'x', node: 'n2', cidr: '10.0.0.0/30', state: 'confirmed' },
      { name: 'y', node: 'n3', cidr: '10.0.0.4/30', state: 'confirmed' },
    ]);
    for (const h of ['a', 'b', 'c', 'd']) ipam.autoAssign('n2', h, [p]);
    expect(ipam.autoAssign('n1', 'e', [p])).toEqual({ ip: '10.0.0.4', block: '10.0.0.4/30', borrowed: true });
    const alone = new CalicoIpam([p], config({ autoAllocateBlocks: false }));
    alone.applyAffinities([{ name: 'w', node: 'n1', cidr: '10.0.0.12/30', state: 'pending' }]);
    expect(thrown(() => alone.autoAssign('n1', 'e', [p])).code).toBe('exhausted');
  });

  it('uses its affine block in any of the pools offered, and names every offered pool when all are full', () => {
    const a = pool('a', '10.0.0.0/30', 30);
    const b = pool('b', '10.1.0.0/30', 30);
    const ipam = new CalicoIpam([a, b], config({ strictAffinity: true, maxBlocksPerHost: 1 }));
    ipam.applyAffinities([{ name: 'x', node: 'n1', cidr: '10.1.0.0/30', state: 'confirmed' }]);
    expect(ipam.autoAssign('n1', 'h', [a, b])).toEqual({ ip: '10.1.0.0', block: '10.1.0.0/30', borrowed: false });
    for (const h of ['i', 'j', 'k']) ipam.autoAssign('n1', h, [a, b]);
    expect(thrown(() => ipam.autoAssign('n1', 'l', [a, b])).message).toBe('no free address for l on node n1: pools exhausted: a (10.0.0.0/30), b (10.1.0.0/30)');
  });
});
