// host-local (containernetworking/plugins) by hand on a /29: network .0, gateway .1 (firstOrdinal 2),
// broadcast .7, so .2–.6 are the five addresses a pod can get, handed out round-robin after the last one.
import { describe, expect, it } from 'vitest';
import type { HostLocalRange } from '../model/cluster';
import { IpamError } from './errors';
import { hostLocalAssign, hostLocalRanges, hostLocalTunnelAddress } from './hostLocal';
import { selectorMatches } from './nodeSelector';

const range = (): HostLocalRange => ({ podCIDR: '10.244.1.0/29', allocations: {} });

describe('host-local', () => {
  it('hands out .2 to .6, skipping the network, gateway and broadcast addresses, then says the range is exhausted', () => {
    const r = range();
    expect(['a', 'b', 'c', 'd', 'e'].map((h) => hostLocalAssign(r, h, 2))).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
    expect(r.lastReserved).toBe('10.244.1.6');
    let err: unknown;
    try {
      hostLocalAssign(r, 'f', 2);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IpamError);
    expect((err as IpamError).code).toBe('exhausted');
    expect((err as IpamError).message).toBe('host-local range 10.244.1.0/29 is exhausted');
  });

  it('a handle keeps its address; a freed address comes back only after the range wraps', () => {
    const r = range();
    for (const h of ['a', 'b', 'c']) hostLocalAssign(r, h, 2);
    expect(hostLocalAssign(r, 'b', 2)).toBe('10.244.1.3');
    delete r.allocations['10.244.1.3'];
    expect(hostLocalAssign(r, 'd', 2)).toBe('10.244.1.5');
    expect(hostLocalAssign(r, 'e', 2)).toBe('10.244.1.6');
    // past the end: wraps over broadcast, network and gateway to the freed .3
    expect(hostLocalAssign(r, 'f', 2)).toBe('10.244.1.3');
  });

  it('firstOrdinal 1 lets the gateway ordinal be used (a range without a gateway)', () => {
    const r = range();
    expect(hostLocalAssign(r, 'a', 1)).toBe('10.244.1.1');
  });

  it('the tunnel takes the podCIDR\'s first host address (seed 002: tunl0 10.244.0.1)', () => {
    const r: HostLocalRange = { podCIDR: '10.244.0.0/24', allocations: {} };
    expect(hostLocalTunnelAddress(r, 'tunl0')).toBe('10.244.0.1');
    expect(r.allocations).toEqual({ '10.244.0.1': 'tunl0' });
  });

  it('carries live allocations over an edit, drops dead ones, and starts afresh when the podCIDR changes', () => {
    const prev: Record<string, HostLocalRange> = {
      n1: { podCIDR: '10.244.1.0/24', allocations: { '10.244.1.2': 'a', '10.244.1.3': 'gone' }, lastReserved: '10.244.1.3' },
      n2: { podCIDR: '10.244.2.0/24', allocations: { '10.244.2.2': 'b' } },
    };
    const out = hostLocalRanges(
      [
        { name: 'n1', podCIDR: '10.244.1.0/24' },
        { name: 'n2', podCIDR: '10.244.9.0/24' },
        { name: 'n3', podCIDR: '10.244.3.0/24' },
        { name: 'n4', podCIDR: undefined },
      ],
      prev,
      new Set(['a', 'b']),
    );
    expect(out).toEqual({
      n1: { podCIDR: '10.244.1.0/24', allocations: { '10.244.1.2': 'a' }, lastReserved: '10.244.1.3' },
      n2: { podCIDR: '10.244.9.0/24', allocations: {} },
      n3: { podCIDR: '10.244.3.0/24', allocations: {} },
    });
    // the previous state is left as it was
    expect(prev.n1.allocations).toEqual({ '10.244.1.2': 'a', '10.244.1.3': 'gone' });
    expect(hostLocalRanges([{ name: 'n1', podCIDR: '10.244.1.0/24' }], undefined, new Set())).toEqual({ n1: { podCIDR: '10.244.1.0/24', allocations: {} } });
  });
});

describe('IPPool nodeSelector', () => {
  it('empty and all() select every node; others are Calico selectors over the node labels', () => {
    expect(selectorMatches(undefined, {})).toBe(true);
    expect(selectorMatches('  ', {})).toBe(true);
    expect(selectorMatches('all()', {})).toBe(true);
    expect(selectorMatches("rack == 'a'", { rack: 'a' })).toBe(true);
    expect(selectorMatches("rack == 'a'", { rack: 'b' })).toBe(false);
    // asked again (the parsed selector is cached): the same answers
    expect(selectorMatches("rack == 'a'", { rack: 'b' })).toBe(false);
    expect(selectorMatches(" rack == 'a' ", { rack: 'a' })).toBe(true);
    expect(selectorMatches('!has(rack)', {})).toBe(true);
  });
});
