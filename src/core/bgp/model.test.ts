// model.ts: what each node originates (Calico exports its confirmed blocks and, from a node that borrowed an
// address out of another node's block, that address as a /32), pools kept out of BGP, the next hops nodes
// learn and when a node is in a plain healthy mesh. Expected values from Calico's documented behaviour and
// the labs' layout; IPAM's choices (blocks, pod addresses) are read from the state.
import { describe, expect, it } from 'vitest';
import { bgpEvents, countEvents, type BgpEvent } from './index';
import { modelOf, nextHopOf, plainMeshFn, prefixesOfState } from './model';
import { ssEntries } from './text';
import { flat, flatScenario, reflector, reflectorPeer, twoSubnets, twoSubnetsScenario } from '../../../test/support/bgp-labs';
import { buildCluster } from '../resolve';

/** Two nodes and a pool of a single /26 block: node-01 holds it, node-02's pod borrows an address from it. */
function borrowing() {
  const s = flatScenario(2);
  s.ippools[0].cidr = '10.244.0.0/26';
  return buildCluster(s);
}

describe('prefixes', () => {
  it('a node exports its blocks, and a borrowed address as a /32 from the node that borrowed it', () => {
    const st = borrowing();
    const ip2 = st.pods.find((p) => p.node === 'node-02')!.ip;
    expect(st.nodes.map((n) => n.blocks)).toEqual([['10.244.0.0/26'], []]);
    expect(prefixesOfState(st).map((p) => `${p.prefix} ${p.node} ${p.kind} ${p.pool.name}`)).toEqual(['10.244.0.0/26 node-01 block default-ipv4-ippool', `${ip2}/32 node-02 borrowed default-ipv4-ippool`]);
    const upd = [...bgpEvents(undefined, st)].filter((e): e is Extract<BgpEvent, { type: 'UPDATE' }> => e.type === 'UPDATE');
    expect(upd.map((e) => `${e.from}>${e.to} ${e.prefixes.join(' ')} nh ${e.nextHop}`)).toEqual(['node-01>node-02 10.244.0.0/26 nh 10.0.0.11', `node-02>node-01 ${ip2}/32 nh 10.0.0.12`]);
  });

  it('a state that lost its model (cloned) rebuilds the same one', () => {
    const st = borrowing();
    const copy = structuredClone(st);
    expect(modelOf(copy).prefixes).toEqual(modelOf(st).prefixes);
    expect(ssEntries(copy, 'node-02')).toEqual(ssEntries(st, 'node-02'));
    expect([...bgpEvents(undefined, copy)]).toEqual([...bgpEvents(undefined, st)]);
  });

  it('a pool with disableBGPExport is announced to nobody: no UPDATE, nothing at a BGP router', () => {
    const s = flatScenario(3);
    s.ippools[0].disableBGPExport = true;
    const c = countEvents(bgpEvents(undefined, buildCluster(s)));
    expect(c).toMatchObject({ OPEN: 6, SESSION: 3, UPDATE: 0 });
    const r = twoSubnetsScenario({ ipipMode: 'Never', mesh: false, routerAs: 65000, peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 65000 }] });
    const on = buildCluster(r);
    expect(on.netns['router/r1'].routes.filter((x) => x.owner === 'bird')).toHaveLength(4);
    r.ippools[0].disableBGPExport = true;
    const off = buildCluster(r);
    expect(off.netns['router/r1'].routes.filter((x) => x.owner === 'bird')).toEqual([]);
  });
});

describe('next hops and the plain mesh', () => {
  it('a mesh: each running originator is its own next hop; nothing for itself, the down, the unknown or a router', () => {
    const st = flat(3, { faults: [{ name: 'd', type: 'nodeDown', node: 'node-03' }] });
    const m = modelOf(st);
    expect(nextHopOf(m, 'node-01', 'node-02')).toBe('10.0.0.12');
    expect(nextHopOf(m, 'node-02', 'node-01')).toBe('10.0.0.11');
    expect(nextHopOf(m, 'node-01', 'node-01')).toBeUndefined();
    expect(nextHopOf(m, 'node-01', 'node-03')).toBeUndefined();
    expect(nextHopOf(m, 'node-03', 'node-01')).toBeUndefined();
    expect(nextHopOf(m, 'node-01', 'node-09')).toBeUndefined();
    expect(nextHopOf(m, 'node-09', 'node-01')).toBeUndefined();
    const r = twoSubnets({ routerAs: 65000 });
    expect(nextHopOf(modelOf(r), 'a1', 'r1')).toBeUndefined();
    expect(nextHopOf(modelOf(r), 'r1', 'a1')).toBeUndefined();
  });

  it('through a reflector the originator stays the next hop (iBGP keeps it); without the reflector nothing', () => {
    const rr = reflector('node-03', '244.0.0.1', '10.0.0.13/24');
    const st = flat(3, { mesh: false, calicoNodes: [rr], peers: [reflectorPeer] });
    const m = modelOf(st);
    expect(nextHopOf(m, 'node-01', 'node-02')).toBe('10.0.0.12');
    expect(nextHopOf(m, 'node-02', 'node-01')).toBe('10.0.0.11');
    expect(nextHopOf(m, 'node-01', 'node-03')).toBe('10.0.0.13');
    const down = flat(3, { mesh: false, calicoNodes: [rr], peers: [reflectorPeer], faults: [{ name: 'd', type: 'nodeDown', node: 'node-03' }] });
    expect(nextHopOf(modelOf(down), 'node-01', 'node-02')).toBeUndefined();
  });

  it('a plain mesh is every running member with every mesh session up and nothing reflected or peered', () => {
    const healthy = plainMeshFn(modelOf(flat(3)));
    expect(['node-01', 'node-02', 'node-03', 'node-09'].map(healthy)).toEqual([true, true, true, false]);
    // a member that is down is simply not a member: the others still learn every running member directly
    const down = plainMeshFn(modelOf(flat(3, { faults: [{ name: 'd', type: 'nodeDown', node: 'node-03' }] })));
    expect(['node-01', 'node-03'].map(down)).toEqual([true, false]);
    // a mesh session down between two running members (TCP 179 filtered between the racks): nobody
    const f = { name: 'fw', type: 'filter' as const, filter: { between: ['net1', 'net2'] as [string, string], protocol: 'TCP' as const, port: 179 } };
    const cut = plainMeshFn(modelOf(twoSubnets({ faults: [f] })));
    expect(['a1', 'a2', 'b1'].map(cut)).toEqual([false, false, false]);
    const peered = plainMeshFn(modelOf(flat(3, { peers: [{ name: 'pair', node: 'node-01', peerIP: '10.0.0.13', asNumber: 64512 }] })));
    expect(peered('node-02')).toBe(false);
    const rr = plainMeshFn(modelOf(flat(4, { calicoNodes: [reflector('node-04', '244.0.0.1', '10.0.0.14/24')], peers: [reflectorPeer] })));
    expect(['node-01', 'node-04'].map(rr)).toEqual([false, false]);
  });
});
