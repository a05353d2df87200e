import { describe, expect, it } from 'vitest';
import type { Fault } from '../model/scenario';
import { applyFaults, filterDrops, indexFaults } from './index';
import { flat, twoSubnets } from '../../../test/support/bgp-labs';

const fw = (name: string, protocol: 'TCP' | 'UDP' | 'ICMP', port?: number): Fault => ({
  name,
  type: 'filter',
  filter: { between: ['net1', 'net2'], protocol, ...(port !== undefined ? { port } : {}) },
});

describe('filterDrops', () => {
  const faults = [fw('bgp', 'TCP', 179), fw('dns', 'UDP', 53), { name: 'n', type: 'nodeDown', node: 'x' } as Fault];

  it('matches the pair of networks in either direction, the protocol and the destination port', () => {
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net2', protocol: 'TCP', port: 179 })?.name).toBe('bgp');
    expect(filterDrops(faults, { srcNetwork: 'net2', dstNetwork: 'net1', protocol: 'TCP', port: 179 })?.name).toBe('bgp');
    expect(filterDrops(faults, { srcNetwork: 'net2', dstNetwork: 'net1', protocol: 'UDP', port: 53 })?.name).toBe('dns');
  });

  it('lets other ports, protocols and networks through', () => {
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net2', protocol: 'TCP', port: 443 })).toBeUndefined();
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net2', protocol: 'TCP' })).toBeUndefined();
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net2', protocol: 'ICMP' })).toBeUndefined();
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net3', protocol: 'TCP', port: 179 })).toBeUndefined();
    expect(filterDrops(faults, { srcNetwork: 'net1', dstNetwork: 'net1', protocol: 'TCP', port: 179 })).toBeUndefined();
  });

  it('without a port drops the whole protocol', () => {
    const all = [fw('icmp', 'ICMP'), fw('tcp', 'TCP')];
    expect(filterDrops(all, { srcNetwork: 'net2', dstNetwork: 'net1', protocol: 'ICMP' })?.name).toBe('icmp');
    expect(filterDrops(all, { srcNetwork: 'net1', dstNetwork: 'net2', protocol: 'TCP', port: 51234 })?.name).toBe('tcp');
  });
});

describe('applyFaults', () => {
  it('indexes faults by kind', () => {
    const ix = indexFaults([
      { name: 'a', type: 'nodeDown', node: 'n1' },
      { name: 'b', type: 'linkDown', node: 'n2', iface: 'eth1' },
      { name: 'c', type: 'routerDown', router: 'r' },
      fw('d', 'TCP'),
    ]);
    expect([...ix.nodeDown.keys()]).toEqual(['n1']);
    expect(ix.linkDown.get('n2')?.has('eth1')).toBe(true);
    expect([...ix.routerDown.keys()]).toEqual(['r']);
    expect(ix.filters.map((f) => f.name)).toEqual(['d']);
  });

  it('takes a node down with its pods', () => {
    const st = flat(2, { faults: [{ name: 'n', type: 'nodeDown', node: 'node-02' }] });
    expect(st.netns['node/node-02'].down).toBe(true);
    expect(st.netns['pod/default/pod-node-02'].down).toBe(true);
    expect(st.netns['node/node-01'].down).toBeUndefined();
    expect(st.netns['pod/default/pod-node-01'].down).toBeUndefined();
  });

  it('sets a link down and deletes the routes through it', () => {
    const st = flat(2, { faults: [{ name: 'l', type: 'linkDown', node: 'node-01', iface: 'eth0' }] });
    const ns = st.netns['node/node-01'];
    expect(ns.links.find((l) => l.name === 'eth0')!.up).toBe(false);
    expect(ns.routes.filter((r) => r.dev === 'eth0')).toEqual([]);
    expect(st.netns['node/node-02'].links.find((l) => l.name === 'eth0')!.up).toBe(true);
  });

  it('takes a router down; a filter changes no namespace', () => {
    const st = twoSubnets({ faults: [{ name: 'r', type: 'routerDown', router: 'r1' }, fw('f', 'TCP', 179)] });
    expect(st.netns['router/r1'].down).toBe(true);
    const clean = twoSubnets();
    const netns = structuredClone(clean.netns);
    applyFaults(netns, [fw('f', 'TCP', 179)]);
    expect(netns).toEqual(clean.netns);
  });
});
