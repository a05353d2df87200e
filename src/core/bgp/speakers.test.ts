// Start times and the cluster AS, worked out by hand.
import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../model/cluster';
import { indexFaults } from '../faults';
import { buildSpeakers, globalAs, relativeSeconds, secondsOf } from './speakers';
import { emptyScenario } from '../../../test/support/bgp-labs';

describe('speakers: clock and AS', () => {
  it('secondsOf reads HH:MM:SS', () => {
    expect(secondsOf('01:02:03')).toBe(3723);
  });

  it('relativeSeconds: from midnight by default, and within ±12 h of the clock start', () => {
    expect(relativeSeconds(undefined, '05:00:00')).toBe(0);
    expect(relativeSeconds('01:00:00', undefined)).toBe(3600);
    // 23:00 against a 01:00 start: two hours before, not 22 after
    expect(relativeSeconds('23:00:00', '01:00:00')).toBe(-7200);
    expect(relativeSeconds('01:00:00', '23:00:00')).toBe(7200);
  });

  it('globalAs: the default BGPConfiguration\'s asNumber, else 64512', () => {
    const s = emptyScenario();
    expect(globalAs(s)).toBe(64512);
    s.bgpConfigurations.push({ name: 'node.node-01', asNumber: 65001 });
    expect(globalAs(s)).toBe(64512);
    s.bgpConfigurations.push({ name: 'default', asNumber: 65002 });
    expect(globalAs(s)).toBe(65002);
  });
});

describe('buildSpeakers', () => {
  const info = (name: string, ip: string | undefined, extra: Partial<NodeInfo> = {}): NodeInfo => ({
    name,
    ns: `node/${name}`,
    ...(ip ? { address: { ip, prefixLen: 24, iface: 'eth0', method: 'first-found' } } : {}),
    blocks: [],
    labels: {},
    ...extra,
  });
  const scenario = () => {
    const s = emptyScenario();
    s.cluster.clockStart = '06:00:00';
    s.topology.nodes.push({ name: 'n1', labels: {}, annotations: {}, interfaces: [], startedAt: '06:00:30' }, { name: 'n2', labels: {}, annotations: {}, interfaces: [] });
    s.topology.routers.push(
      { name: 'tor', interfaces: [{ network: 'a', ip: '10.0.0.1/24' }, { network: 'b', ip: '10.0.1.1/24' }], bgp: { asNumber: 65000 } },
      { name: 'plain', interfaces: [{ network: 'a', ip: '10.0.0.2/24' }] },
      { name: 'bare', interfaces: [], bgp: { asNumber: 65001 } },
    );
    return s;
  };
  const nodes = [info('n1', '10.0.0.11', { routeReflectorClusterID: '244.0.0.1', asNumber: 65011 }), info('n2', '10.0.0.12'), info('n3', undefined)];

  it('BIRD nodes with an address first, then the routers that speak BGP and have an interface', () => {
    const t = buildSpeakers(scenario(), nodes, 'bird', indexFaults([]));
    expect(t.all.map((s) => `${s.index} ${s.kind} ${s.name} ${s.address} AS${s.as} cid=${s.clusterIdText ?? '-'} up=${s.up}`)).toEqual([
      '0 node n1 10.0.0.11 AS65011 cid=244.0.0.1 up=30',
      '1 node n2 10.0.0.12 AS64512 cid=- up=0',
      '2 router tor 10.0.0.1 AS65000 cid=- up=0',
    ]);
    expect(t.nodeCount).toBe(2);
    // 244.0.0.1 = 244·2^24 + 1; 10.0.0.11 = 10·2^24 + 11
    expect(t.all[0].clusterId).toBe(4093640705);
    expect(t.all[0].routerId).toBe(167772171);
    expect(t.all[2].addresses).toEqual(['10.0.0.1', '10.0.1.1']);
    // every address of a router finds it, by name too
    expect(t.byAddress.get('10.0.1.1')?.name).toBe('tor');
    expect(t.byName.get('tor')?.kind).toBe('router');
    expect([...t.byName.keys()]).toEqual(['n1', 'n2', 'tor']);
    // the same address on another segment (legal): a session to it targets the node, listed first
    const s = scenario();
    s.topology.routers[0].interfaces.push({ network: 'c', ip: '10.0.0.11/24' });
    expect(buildSpeakers(s, nodes, 'bird', indexFaults([])).byAddress.get('10.0.0.11')?.name).toBe('n1');
  });

  it('no node speaks BGP without BIRD; routers still do; faults stop them', () => {
    expect(buildSpeakers(scenario(), nodes, 'vxlan', indexFaults([])).all.map((s) => s.name)).toEqual(['tor']);
    const down = buildSpeakers(scenario(), nodes, 'bird', indexFaults([{ name: 'a', type: 'nodeDown', node: 'n2' }, { name: 'b', type: 'routerDown', router: 'tor' }]));
    expect(down.all.map((s) => `${s.name} ${s.running}`)).toEqual(['n1 true', 'n2 false', 'tor false']);
  });
});
